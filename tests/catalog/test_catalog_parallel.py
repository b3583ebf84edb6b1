"""Joint handling and parallel approval (行政许可法第二十六条; seed art. 3):
one lead department, co-departments with their own opinion deadlines."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from xiaoneng.catalog import actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.catalog.specs import CoDepartmentSpec
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department, User
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., ApprovalItem]


def _parallel(
    make_item: MakeItem, *co: Department | CoDepartmentSpec, **fields: object
) -> ApprovalItem:
    return make_item(handling_mode="parallel", co_departments=list(co), **fields)


def test_co_departments_get_the_default_opinion_deadline(
    make_item: MakeItem, depts: dict[str, Department]
) -> None:
    item = _parallel(make_item, depts["620700024"], depts["620700023"])
    rows = list(item.co_departments.select_related("department"))
    assert [(r.department.code, r.opinion_limit_days) for r in rows] == [
        ("620700024", 7),
        ("620700023", 7),
    ]
    assert item.lead_department == depts["620700005"]


def test_the_default_follows_the_parameter_and_each_item_may_set_its_own(
    make_item: MakeItem, admin: User, depts: dict[str, Department]
) -> None:
    set_parameter(actor=admin, key="case.opinion_days", value="5")
    item = _parallel(
        make_item,
        depts["620700024"],
        CoDepartmentSpec(department=depts["620700023"], opinion_limit_days=3, duty="刻章备案"),
    )
    assert [(r.opinion_limit_days, r.duty) for r in item.co_departments.all()] == [
        (5, ""),
        (3, "刻章备案"),
    ]


@pytest.mark.parametrize(
    ("co", "code"),
    [
        ([], "item_co_departments_required"),
        (["620700005"], "item_co_department_is_lead"),
        (["620700024", "620700024"], "item_co_department_duplicate"),
        (["620700013W"], "item_co_department_invalid"),
    ],
)
def test_co_department_rules(
    make_item: MakeItem, depts: dict[str, Department], co: list[str], code: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        _parallel(make_item, *(depts[c] for c in co))
    assert exc.value.code == code


def test_opinions_come_within_the_committed_limit(
    make_item: MakeItem, depts: dict[str, Department]
) -> None:
    with pytest.raises(InvalidInput) as exc:
        _parallel(make_item, depts["620700024"], committed_limit_days=5)  # default 7 > 5
    assert exc.value.code == "item_opinion_limit_invalid"
    item = _parallel(
        make_item,
        CoDepartmentSpec(department=depts["620700024"], opinion_limit_days=2),
        committed_limit_days=5,
    )
    assert item.co_departments.get().opinion_limit_days == 2


def test_a_single_department_item_has_no_co_departments(
    make_item: MakeItem, depts: dict[str, Department]
) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(co_departments=[depts["620700024"]])
    assert exc.value.code == "item_co_departments_single"


def test_co_departments_are_replaced_by_update(
    make_item: MakeItem, admin: User, depts: dict[str, Department]
) -> None:
    item = _parallel(make_item, depts["620700024"])
    item = actions.update_item(
        actor=admin,
        item=item,
        expected_version=1,
        co_departments=[depts["620700023"], depts["620700022"]],
    )
    assert item.version == 2
    assert [r.department.code for r in item.co_departments.all()] == ["620700023", "620700022"]
    # The same list again is no change.
    same = actions.update_item(
        actor=admin,
        item=item,
        expected_version=2,
        co_departments=[depts["620700023"], depts["620700022"]],
    )
    assert same.version == 2


def test_the_demo_bundles(catalog: dict[str, ApprovalItem]) -> None:
    enterprise = catalog["企业设立联合审批"]
    assert enterprise.handling_mode == "parallel"
    assert enterprise.department.name == "张掖市工商行政管理局"
    assert {r.department.short_name for r in enterprise.co_departments.all()} == {
        "市质监局",
        "市公安局",
    }
    construction = catalog["建设项目并联审批"]
    assert construction.department.short_name == "市发改委"
    assert {r.department.short_name for r in construction.co_departments.all()} == {
        "市规划局",
        "市国土资源局",
        "市环保局",
        "市住建局",
    }
    assert (construction.legal_limit_days, construction.extension_max_days) == (45, 15)
    for item in (enterprise, construction):
        assert not item.is_instant
        assert all(
            r.opinion_limit_days <= item.committed_limit_days for r in item.co_departments.all()
        )
