"""Importing a target book: every leaf says who, when and to what standard;
a sheet with errors reports every bad row and stores nothing; a book
exported and imported again is the same book."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from target_world import BUREAU, MINLE, START, YEAR, rows

from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions
from xiaoneng.targets.exports import book_xlsx
from xiaoneng.targets.models import Milestone, StandardKind, TargetBook, Task
from xiaoneng.targets.sheet import read_xlsx


def _import(users: dict[str, User], table: list[dict[str, Any]], code: str = BUREAU) -> TargetBook:
    unit = Department.objects.get(code=code)
    with travel_to(START):
        return actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=unit.pk, rows=table
        )


def test_a_good_book_is_stored_as_a_tree(users: dict[str, User], demo_city: None) -> None:
    book = _import(users, rows())
    heading, quantitative, qualitative = book.tasks.order_by("code")
    assert (heading.is_leaf, quantitative.parent_id, qualitative.parent_id) == (
        False,
        heading.pk,
        heading.pk,
    )
    assert heading.weight == 100  # the sum of its leaves
    assert quantitative.standard_kind == StandardKind.QUANTITATIVE
    assert quantitative.target_value == 1000
    assert qualitative.standard_kind == StandardKind.QUALITATIVE
    assert list(quantitative.cooperating.values_list("code", flat=True)) == ["620700002"]
    assert quantitative.milestones.get().due_on == date(2026, 6, 30)
    assert quantitative.is_key
    assert book.title.endswith("目标责任书")


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ({"lead": None}, "target_owner_required", "牵头单位"),
        ({"person": ""}, "target_owner_required", "责任人"),
        ({"deadline": None}, "target_deadline_required", "完成时限"),
        ({"target_value": None}, "target_standard_required", "目标值"),
        (
            {"indicator": "", "measure_unit": "", "target_value": None, "baseline": None},
            "target_standard_required",
            "定性标准",
        ),
        ({"deadline": "明年"}, "target_date_invalid", "完成时限"),
        ({"lead": "不存在的局"}, "target_department_unknown", "牵头单位"),
        ({"weight": "-1"}, "target_weight_invalid", "权重"),
        ({"target_value": "一千"}, "target_number_invalid", "目标值"),
        ({"title": ""}, "target_title_required", "工作任务（事项）"),
        ({"category": "杂项"}, "target_category_invalid", "任务类别"),
        ({"m1_due": None}, "target_date_invalid", "节点1时限"),
    ],
)
def test_each_missing_or_bad_field_is_refused_with_its_code(
    users: dict[str, User], demo_city: None, change: dict[str, Any], code: str, column: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _import(users, rows(**{"1_1": change}))
    assert refused.value.code == "target_import_invalid"
    found = refused.value.detail["rows"]
    assert [(e["row"], e["code"], e["column"]) for e in found] == [(4, code, column)]
    assert found[0]["message"]  # a sentence for the office, in Chinese
    assert not TargetBook.objects.exists()


def test_several_bad_rows_are_all_reported_and_nothing_is_stored(
    users: dict[str, User], demo_city: None
) -> None:
    table = rows(**{"1_1": {"lead": "", "deadline": None}, "1_2": {"standard": ""}})
    table.append({"code": "2.1", "title": "无上级的任务"})  # parent 2 missing
    table.append({"code": "1.2", "title": "重复序号"})
    with pytest.raises(InvalidInput) as refused:
        _import(users, table)
    found = {(e["row"], e["code"]) for e in refused.value.detail["rows"]}
    assert (4, "target_owner_required") in found
    assert (4, "target_deadline_required") in found
    assert (5, "target_standard_required") in found
    assert (6, "target_parent_unknown") in found
    assert (7, "target_code_invalid") in found
    assert refused.value.detail["errors"] == len(refused.value.detail["rows"])
    assert "第 4、5、6、7 行" in refused.value.message
    assert (TargetBook.objects.count(), Task.objects.count(), Milestone.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_unit_has_one_book_a_year(users: dict[str, User], demo_city: None) -> None:
    _import(users, rows())
    with pytest.raises(Conflict) as refused:
        _import(users, rows())
    assert refused.value.code == "target_book_exists"


def test_only_the_inspection_office_imports(users: dict[str, User], demo_city: None) -> None:
    unit = Department.objects.get(code=BUREAU)
    for who in ("depthead", "leader", "mayor"):
        with pytest.raises(PermissionDenied):
            actions.import_book(actor=users[who], year=YEAR, department_id=unit.pk, rows=rows())
    assert not TargetBook.objects.exists()


def test_export_then_import_gives_the_same_book(users: dict[str, User], demo_city: None) -> None:
    first = _import(users, rows())
    data = book_xlsx(first)
    title, sheet_rows = read_xlsx(data)
    assert title == first.title
    assert [r.number for r in sheet_rows] == [3, 4, 5]  # title row, header row, tasks
    unit = Department.objects.get(code=MINLE)
    with travel_to(START):
        second = actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=unit.pk, xlsx=data
        )

    def shape(book: TargetBook) -> list[tuple[Any, ...]]:
        return [
            (
                t.code, t.title, t.category, t.is_key, t.is_leaf, t.lead_department_id,
                sorted(t.cooperating.values_list("pk", flat=True)), t.person, t.leader,
                t.deadline, t.standard_kind, t.indicator, t.measure_unit, t.baseline,
                t.target_value, t.standard, t.weight,
                list(t.milestones.values_list("title", "due_on")),
            )
            for t in book.tasks.order_by("code")
        ]  # fmt: skip

    assert shape(second) == shape(first)
    assert second.title == first.title


def test_a_broken_file_is_a_clear_error(users: dict[str, User], demo_city: None) -> None:
    unit = Department.objects.get(code=BUREAU)
    with pytest.raises(InvalidInput) as refused:
        actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=unit.pk, xlsx=b"not a workbook"
        )
    assert refused.value.code == "target_file_unreadable"


def test_a_signed_book_changes_only_by_adjustment(users: dict[str, User], book: TargetBook) -> None:
    task = book.tasks.get(code="1.1")
    with pytest.raises(Conflict) as refused:
        actions.edit_task(actor=users["inspector"], task_id=task.pk, fields={"title": "x"})
    assert refused.value.code == "target_book_signed"


def test_adding_a_task_checks_like_the_import(users: dict[str, User], demo_city: None) -> None:
    book = _import(users, rows())
    with pytest.raises(InvalidInput) as refused:
        actions.add_task(
            actor=users["inspector"],
            book_id=book.pk,
            fields={"code": "1.3", "title": "新任务", "lead": "市工商局", "person": "甲"},
        )
    assert refused.value.code == "target_deadline_required"
    assert {e["code"] for e in refused.value.detail["errors"]} == {
        "target_deadline_required",
        "target_standard_required",
    }
    added = actions.add_task(
        actor=users["inspector"],
        book_id=book.pk,
        fields={
            "code": "1.3",
            "title": "新任务",
            "lead": BUREAU,
            "person": "甲",
            "deadline": "2026年11月30日",
            "standard": "按期完成",
            "weight": "10",
        },
    )
    assert added.parent == book.tasks.get(code="1")
    assert book.tasks.get(code="1").weight == 110
    edited = actions.edit_task(
        actor=users["inspector"],
        task_id=added.pk,
        fields={"title": "新任务（改）", "lead": BUREAU, "person": "乙", "deadline": "2026-10-31",
                "standard": "按期完成"},
    )  # fmt: skip
    assert (edited.title, edited.person, edited.deadline) == (
        "新任务（改）",
        "乙",
        date(2026, 10, 31),
    )
