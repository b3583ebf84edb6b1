"""The enforcement list and its benchmarks (执法事项清单、裁量基准): each
rule of the authority actions refuses with its code — code unique,
penalties ⊆ art. 9's, statutory range min ≤ max, benchmark ranges within it
(减轻 may start below the minimum, art. 32), grades ordered — and only the
body's own head keeps the list (fagai, window and the legal office cannot)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.actions import authority as actions
from xiaoneng.enforcement.models import Benchmark, Grade, Item
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
GRADES = [
    {
        "grade": "mitigated",
        "circumstances": "主动消除危害后果",
        "fine_min": "0",
        "fine_max": "1000",
    },
    {"grade": "lighter", "circumstances": "初次违法", "fine_min": "1000", "fine_max": "5000"},
    {
        "grade": "general",
        "circumstances": "无从轻从重情节",
        "fine_min": "5000",
        "fine_max": "20000",
    },
    {"grade": "heavier", "circumstances": "拒不改正", "fine_min": "20000", "fine_max": "50000"},
]


def item_fields(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "code": "GS-CF-101",
        "name": "销售不合格产品",
        "legal_basis": "《产品质量法》第三十九条",
        "penalty_basis": "《产品质量法》第五十条",
        "penalties": ["fine", "confiscate", "warning"],
        "fine_min": "1000",
        "fine_max": "50000",
    }
    fields.update(extra)
    return fields


def create(users: dict[str, User], actor: str = "depthead", **extra: Any) -> Item:
    with travel_to(DAY):
        return actions.create_item(actor=users[actor], **item_fields(**extra))


def grades(**changes: tuple[str, str]) -> list[dict[str, Any]]:
    out = [dict(g) for g in GRADES]
    for g in out:
        if g["grade"] in changes:
            g["fine_min"], g["fine_max"] = changes[g["grade"]]
    return out


def refused(call: Any, code: str, error: type[DomainError] = InvalidInput) -> DomainError:
    with pytest.raises(error) as caught:
        call()
    assert caught.value.code == code
    return caught.value


def test_the_head_lists_an_item_of_his_body_recorded_in_the_audit(users: dict[str, User]) -> None:
    item = create(users)
    assert item.body.code == "620700005"
    assert item.penalties == ["warning", "fine", "confiscate"]  # the law's order
    assert (item.fine_min, item.fine_max) == (Decimal("1000.00"), Decimal("50000.00"))
    assert item.published_on is None
    assert item.active
    event = AuditEvent.objects.get(event_type="enforcement.item_created")
    assert event.payload["code"] == "GS-CF-101"
    assert event.object_id == str(item.pk)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"code": "  "}, "enforcement_item_code_required"),
        ({"name": ""}, "enforcement_item_name_required"),
        ({"name": "无照\x00经营"}, "enforcement_item_name_required"),  # PostgreSQL stores no NUL
        ({"code": "X" * 41}, "enforcement_item_code_required"),
        ({"legal_basis": ""}, "enforcement_item_legal_basis_required"),
        ({"penalty_basis": None}, "enforcement_item_penalty_basis_required"),
        ({"penalties": []}, "enforcement_item_penalties_invalid"),
        ({"penalties": ["fine", "flogging"]}, "enforcement_item_penalties_invalid"),
        ({"penalties": ["fine", "fine"]}, "enforcement_item_penalties_invalid"),
        ({"penalties": "fine"}, "enforcement_item_penalties_invalid"),
        ({"fine_min": "60000"}, "enforcement_item_fine_range_invalid"),
        ({"fine_min": "-1"}, "enforcement_item_fine_range_invalid"),
        ({"fine_max": "abc"}, "enforcement_item_fine_range_invalid"),
        ({"fine_max": "1.005"}, "enforcement_item_fine_range_invalid"),
        ({"fine_max": "NaN"}, "enforcement_item_fine_range_invalid"),
        ({"fine_max": None}, "enforcement_item_fine_range_invalid"),
        ({"penalties": ["warning"]}, "enforcement_item_fine_range_invalid"),
        ({"first_offence_exempt": True}, "enforcement_item_exempt_conditions_required"),
        ({"body_id": "x"}, "enforcement_body_invalid"),
    ],
)
def test_bad_items_are_refused_with_their_code(
    users: dict[str, User], extra: dict[str, Any], code: str
) -> None:
    refused(lambda: create(users, **extra), code)
    assert not Item.objects.exists()


def test_an_item_without_a_fine_has_no_range(users: dict[str, User]) -> None:
    item = create(users, penalties=["warning"], fine_min=None, fine_max="")
    assert item.fine_min is None
    assert item.fine_max is None


def test_the_code_is_unique(users: dict[str, User]) -> None:
    create(users)
    refused(lambda: create(users), "enforcement_item_code_taken", Conflict)
    assert Item.objects.count() == 1


def test_only_the_bodys_own_head_keeps_its_list(users: dict[str, User]) -> None:
    body = Department.objects.get(code="620700005")
    # fagai heads 市发改委: he may keep his own list, not 市工商局's.
    refused(
        lambda: create(users, actor="fagai", body_id=body.pk),
        "enforcement_body_out_of_scope",
        PermissionDenied,
    )
    for who in ("window", "reviewer", "zhifa", "fazhi", "supervisor"):
        with pytest.raises(PermissionDenied):
            create(users, actor=who)
    item = create(users)
    with travel_to(DAY), pytest.raises(NotFound):
        actions.set_benchmarks(actor=users["fagai"], item_id=item.pk, benchmarks=GRADES)
    with travel_to(DAY), pytest.raises(NotFound):
        actions.repeal_item(actor=users["fagai"], item_id=item.pk, reason="越权")
    with travel_to(DAY), pytest.raises(PermissionDenied):
        actions.update_item(actor=users["zhifa"], item_id=item.pk, **_update())
    own = create(users, actor="fagai", code="FG-CF-001")
    assert own.body.code == "620700002"


def _update(**extra: Any) -> dict[str, Any]:
    fields = item_fields(**extra)
    fields.pop("code")
    return fields


def test_benchmarks_set_the_four_grades(users: dict[str, User]) -> None:
    item = create(users)
    with travel_to(DAY):
        saved = actions.set_benchmarks(actor=users["depthead"], item_id=item.pk, benchmarks=GRADES)
    assert [b.grade for b in saved] == list(Grade.values)
    assert Benchmark.objects.get(item=item, grade="general").fine_max == Decimal("20000")


@pytest.mark.parametrize(
    ("benchmarks", "code"),
    [
        (GRADES[:3], "enforcement_benchmark_grades_incomplete"),
        ([*GRADES, GRADES[0]], "enforcement_benchmark_grades_incomplete"),
        ("general", "enforcement_benchmark_grades_incomplete"),
        (grades(general=("9000", "8000")), "enforcement_benchmark_range_invalid"),
        (grades(general=("5000", "x")), "enforcement_benchmark_range_invalid"),
        # 从轻 must stay at or above the statutory minimum (1,000) …
        (grades(lighter=("500", "5000")), "enforcement_benchmark_outside_range"),
        # … and no grade above the maximum (50,000).
        (grades(heavier=("20000", "60000")), "enforcement_benchmark_outside_range"),
        (grades(mitigated=("0", "60000")), "enforcement_benchmark_outside_range"),
        # 从重 starting below 一般.
        (grades(heavier=("4000", "50000")), "enforcement_benchmark_grades_disordered"),
        (grades(mitigated=("6000", "6000")), "enforcement_benchmark_grades_disordered"),
        (
            [{**GRADES[0], "circumstances": " "}, *GRADES[1:]],
            "enforcement_benchmark_circumstances_required",
        ),
    ],
)
def test_bad_benchmarks_are_refused(users: dict[str, User], benchmarks: Any, code: str) -> None:
    item = create(users)
    with travel_to(DAY):
        refused(
            lambda: actions.set_benchmarks(
                actor=users["depthead"], item_id=item.pk, benchmarks=benchmarks
            ),
            code,
        )
    assert not Benchmark.objects.exists()


def test_mitigated_may_start_below_the_statutory_minimum(users: dict[str, User]) -> None:
    """减轻处罚 (art. 32) lies below the law's range; the other grades may not."""
    item = create(users)
    with travel_to(DAY):
        actions.set_benchmarks(
            actor=users["depthead"],
            item_id=item.pk,
            benchmarks=grades(mitigated=("200", "1000")),
        )
    assert Benchmark.objects.get(item=item, grade="mitigated").fine_min == Decimal("200")


def test_an_item_without_fines_has_no_benchmarks(users: dict[str, User]) -> None:
    item = create(users, penalties=["warning"], fine_min=None, fine_max=None)
    with travel_to(DAY):
        refused(
            lambda: actions.set_benchmarks(
                actor=users["depthead"], item_id=item.pk, benchmarks=GRADES
            ),
            "enforcement_benchmark_no_fine",
        )


def test_publishing_needs_benchmarks_then_publishes_the_list(users: dict[str, User]) -> None:
    item = create(users)
    create(users, code="GS-CF-102", penalties=["warning"], fine_min=None, fine_max=None)
    head = users["depthead"]
    with travel_to(DAY):
        error = refused(
            lambda: actions.publish_list(actor=head), "enforcement_benchmarks_missing", Conflict
        )
        assert error.detail == {"items": ["GS-CF-101"]}
        actions.set_benchmarks(actor=head, item_id=item.pk, benchmarks=GRADES)
        published = actions.publish_list(actor=head)
    assert sorted(i.code for i in published) == ["GS-CF-101", "GS-CF-102"]
    assert set(Item.objects.values_list("published_on", flat=True)) == {DAY}
    with travel_to(DAY):
        refused(
            lambda: actions.publish_list(actor=head),
            "enforcement_list_nothing_to_publish",
            Conflict,
        )
    event = AuditEvent.objects.get(event_type="enforcement.list_published")
    assert event.payload["items"] == ["GS-CF-101", "GS-CF-102"]


def test_a_published_benchmark_revision_is_recorded_with_before_and_after(
    users: dict[str, User],
) -> None:
    item = create(users)
    head = users["depthead"]
    with travel_to(DAY):
        actions.set_benchmarks(actor=head, item_id=item.pk, benchmarks=GRADES)
        actions.publish_list(actor=head)
    with travel_to(date(2026, 6, 1)):
        actions.set_benchmarks(
            actor=head, item_id=item.pk, benchmarks=grades(general=("5000", "15000"))
        )
    revision = AuditEvent.objects.filter(event_type="enforcement.benchmarks_set").last()
    assert revision is not None
    assert revision.payload["published"] is True
    assert revision.payload["effective_on"] == "2026-06-01"
    before = {b["grade"]: b["fine_max"] for b in revision.payload["before"]}
    after = {b["grade"]: b["fine_max"] for b in revision.payload["after"]}
    assert (before["general"], after["general"]) == ("20000.00", "15000.00")
    assert Benchmark.objects.get(item=item, grade="general").fine_max == Decimal("15000")
    assert Benchmark.objects.filter(item=item).count() == 4  # revised in place


def test_an_update_keeps_the_code_and_must_keep_the_benchmarks_inside(
    users: dict[str, User],
) -> None:
    item = create(users)
    head = users["depthead"]
    with travel_to(DAY):
        actions.set_benchmarks(actor=head, item_id=item.pk, benchmarks=GRADES)
        refused(
            lambda: actions.update_item(actor=head, item_id=item.pk, **_update(fine_max="30000")),
            "enforcement_benchmark_outside_range",
        )
        refused(
            lambda: actions.update_item(
                actor=head,
                item_id=item.pk,
                **_update(penalties=["warning"], fine_min=None, fine_max=None),
            ),
            "enforcement_benchmark_outside_range",
            Conflict,
        )
        row = actions.update_item(actor=head, item_id=item.pk, **_update(name="销售伪劣产品"))
    assert row.code == "GS-CF-101"
    assert row.name == "销售伪劣产品"
    assert Item.objects.get(pk=item.pk).fine_max == Decimal("50000")
    event = AuditEvent.objects.get(event_type="enforcement.item_updated")
    assert event.payload["changed"] == {
        "name": {"before": "销售不合格产品", "after": "销售伪劣产品"}
    }


def test_a_repealed_item_is_final(users: dict[str, User]) -> None:
    item = create(users)
    head = users["depthead"]
    with travel_to(DAY):
        refused(
            lambda: actions.repeal_item(actor=head, item_id=item.pk, reason=""),
            "enforcement_item_repeal_reason_required",
        )
        actions.repeal_item(actor=head, item_id=item.pk, reason="法律修改，职权调整")
        for call in (
            lambda: actions.repeal_item(actor=head, item_id=item.pk, reason="again"),
            lambda: actions.update_item(actor=head, item_id=item.pk, **_update()),
            lambda: actions.set_benchmarks(actor=head, item_id=item.pk, benchmarks=GRADES),
        ):
            refused(call, "enforcement_item_repealed", Conflict)
    assert Item.objects.get(pk=item.pk).active is False


def test_an_item_not_there_is_not_found(users: dict[str, User]) -> None:
    with travel_to(DAY):
        for pk in (0, "abc", 10**30, None):
            refused(
                lambda pk=pk: actions.repeal_item(actor=users["depthead"], item_id=pk, reason="x"),
                "enforcement_item_not_found",
                NotFound,
            )
