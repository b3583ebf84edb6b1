"""The catalog's rules as the actions enforce them, and the database behind them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.catalog import actions
from xiaoneng.catalog.models import INSTANT_Q, ApprovalItem, HandlingMode
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department, User
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., ApprovalItem]


def _code(exc: pytest.ExceptionInfo[InvalidInput]) -> str:
    return exc.value.code


# --- legal basis (seed art. 3) ---------------------------------------------------


@pytest.mark.parametrize("basis", ["", "   ", "\n\t"])
def test_an_item_without_legal_basis_cannot_be_created(make_item: MakeItem, basis: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(legal_basis=basis)
    assert _code(exc) == "item_legal_basis_required"
    assert "凡没有法律法规依据的" in exc.value.message
    assert not ApprovalItem.objects.exists()


def test_an_update_cannot_remove_the_legal_basis(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    with pytest.raises(InvalidInput) as exc:
        actions.update_item(actor=admin, item=item, expected_version=1, legal_basis=" ")
    assert _code(exc) == "item_legal_basis_required"
    item.refresh_from_db()
    assert item.legal_basis
    assert item.version == 1


def test_publishing_checks_the_legal_basis_again(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    # A row from before the rule (whitespace passes the database's own check).
    ApprovalItem.objects.filter(pk=item.pk).update(legal_basis="  ")
    with pytest.raises(InvalidInput) as exc:
        actions.publish_item(actor=admin, item=item)
    assert _code(exc) == "item_legal_basis_required"


def test_the_database_refuses_an_empty_legal_basis(make_item: MakeItem) -> None:
    item = make_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalItem.objects.filter(pk=item.pk).update(legal_basis="")


# --- committed ≤ legal -------------------------------------------------------------


def test_committed_limit_may_not_exceed_legal(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(needs_site_survey=True, legal_limit_days=20, committed_limit_days=21)
    assert _code(exc) == "item_committed_exceeds_legal"
    assert exc.value.detail == {"committed": 21, "legal": 20}


def test_lowering_the_legal_limit_below_the_committed_is_refused(
    make_item: MakeItem, admin: User
) -> None:
    item = make_item(needs_site_survey=True, committed_limit_days=15)
    with pytest.raises(InvalidInput) as exc:
        actions.update_item(actor=admin, item=item, expected_version=1, legal_limit_days=10)
    assert _code(exc) == "item_committed_exceeds_legal"


def test_the_database_holds_committed_le_legal(make_item: MakeItem) -> None:
    item = make_item(needs_site_survey=True, committed_limit_days=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalItem.objects.filter(pk=item.pk).update(committed_limit_days=21)


def test_limits_in_different_units_cannot_be_compared(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(needs_site_survey=True, committed_limit_unit="2")
    assert _code(exc) == "item_limit_units_differ"


def test_another_law_may_set_a_longer_legal_limit(make_item: MakeItem) -> None:
    # 《环境影响评价法》第二十二条: sixty days for a report.
    item = make_item(needs_expert_review=True, legal_limit_days=60, committed_limit_days=30)
    assert (item.legal_limit_days, item.extension_max_days) == (60, 10)


# --- instant items (即办件) -----------------------------------------------------------


def test_an_item_with_none_of_the_four_procedures_is_instant(make_item: MakeItem) -> None:
    item = make_item()
    assert item.is_instant
    assert (item.case_type, item.case_type_label) == ("1", "即办件")
    assert item.committed_limit_days == 0
    assert item.legal_limit_days == 20  # 行政许可法第四十二条


@pytest.mark.parametrize(
    "flag",
    [
        "needs_site_survey",
        "needs_collective_discussion",
        "needs_expert_review",
        "needs_public_hearing",
    ],
)
def test_any_one_procedure_makes_a_committed_item(make_item: MakeItem, flag: str) -> None:
    item = make_item(**{flag: True})
    assert not item.is_instant
    assert (item.case_type, item.case_type_label) == ("2", "承诺件")
    assert item.committed_limit_days == item.legal_limit_days == 20


def test_an_instant_item_promises_zero_days(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(committed_limit_days=3)
    assert _code(exc) == "item_instant_committed_nonzero"


def test_dropping_the_last_procedure_needs_the_committed_limit_dropped_too(
    make_item: MakeItem, admin: User
) -> None:
    item = make_item(needs_site_survey=True, committed_limit_days=5)
    with pytest.raises(InvalidInput) as exc:
        actions.update_item(actor=admin, item=item, expected_version=1, needs_site_survey=False)
    assert _code(exc) == "item_instant_committed_nonzero"
    item = actions.update_item(
        actor=admin,
        item=item,
        expected_version=1,
        needs_site_survey=False,
        committed_limit_days=0,
    )
    assert item.is_instant


def test_an_instant_item_has_no_special_procedure(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(special_procedures=["hearing"])
    assert _code(exc) == "item_instant_with_special_procedure"


def test_the_database_holds_instant_means_zero_days(make_item: MakeItem) -> None:
    item = make_item(needs_site_survey=True, committed_limit_days=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalItem.objects.filter(pk=item.pk).update(needs_site_survey=False)


@given(
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    mode=st.sampled_from(HandlingMode.values),
)
def test_is_instant_matches_the_query(flags: tuple[bool, bool, bool, bool], mode: str) -> None:
    # The property (Python) and INSTANT_Q (SQL) must agree on every combination.
    names = [
        "needs_site_survey",
        "needs_collective_discussion",
        "needs_expert_review",
        "needs_public_hearing",
    ]
    item = ApprovalItem(handling_mode=mode, **dict(zip(names, flags, strict=True)))
    expected = mode == HandlingMode.SINGLE and not any(flags)
    assert item.is_instant is expected
    assert INSTANT_Q.children[0] == ("handling_mode", HandlingMode.SINGLE)
    assert all((name, False) in INSTANT_Q.children for name in names)


# --- joint handling: 45 + 15 (行政许可法第四十二条第二款) -------------------------------


@pytest.mark.parametrize("mode", ["joint", "parallel"])
def test_joint_items_default_to_45_days_and_15_of_extension(
    make_item: MakeItem, depts: dict[str, Department], mode: str
) -> None:
    item = make_item(handling_mode=mode, co_departments=[depts["620700024"]])
    assert (item.legal_limit_days, item.committed_limit_days, item.extension_max_days) == (
        45,
        45,
        15,
    )
    assert not item.is_instant  # other departments' opinions: never on the spot


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"legal_limit_days": 46}, "item_legal_limit_exceeds_law"),
        ({"extension_max_days": 16}, "item_extension_exceeds_law"),
    ],
)
def test_joint_limits_are_ceilings(
    make_item: MakeItem, depts: dict[str, Department], fields: dict[str, int], code: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(handling_mode="joint", co_departments=[depts["620700024"]], **fields)
    assert _code(exc) == code


def test_a_single_department_extends_by_at_most_ten(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(needs_site_survey=True, extension_max_days=11)
    assert _code(exc) == "item_extension_exceeds_law"


def test_the_database_holds_the_joint_ceilings(
    make_item: MakeItem, depts: dict[str, Department]
) -> None:
    item = make_item(handling_mode="parallel", co_departments=[depts["620700024"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalItem.objects.filter(pk=item.pk).update(legal_limit_days=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalItem.objects.filter(pk=item.pk).update(extension_max_days=16)


def test_switching_to_single_needs_the_single_extension(
    make_item: MakeItem, admin: User, depts: dict[str, Department]
) -> None:
    item = make_item(handling_mode="joint", co_departments=[depts["620700024"]])
    with pytest.raises(InvalidInput) as exc:
        actions.update_item(
            actor=admin, item=item, expected_version=1, handling_mode="single", co_departments=[]
        )
    assert _code(exc) == "item_extension_exceeds_law"


# --- warning threshold ----------------------------------------------------------------


def test_warning_days_default_to_the_parameter(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    assert item.warning_days is None
    assert item.effective_warning_days == 1
    set_parameter(actor=admin, key="case.warning_days", value="2")
    assert item.effective_warning_days == 2
    override = make_item(warning_days=3)
    assert override.effective_warning_days == 3


def test_warning_days_stay_within_the_parameter_range(make_item: MakeItem) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(warning_days=11)
    assert _code(exc) == "item_warning_days_invalid"


# --- other fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": " "}, "item_name_required"),
        ({"code": "带空格 的编码"}, "item_code_invalid"),
        ({"basic_code": ""}, "item_basic_code_required"),
        ({"item_type": "99"}, "item_type_invalid"),
        ({"exercise_level": "8"}, "item_exercise_level_invalid"),
        ({"handling_mode": "together"}, "item_handling_mode_invalid"),
        ({"service_objects": ["1", "1"]}, "item_service_objects_invalid"),
        ({"handling_forms": []}, "item_handling_forms_invalid"),
        ({"handling_forms": ["7"]}, "item_handling_forms_invalid"),
        ({"charges_fee": True}, "item_fee_basis_required"),
        ({"fee_basis": "某某文件"}, "item_fee_without_charge"),
        ({"charges_fee": True, "fee_basis": "x", "fee_codes": "SF-1"}, "item_fee_codes_invalid"),
        ({"online_handling": True}, "item_online_url_required"),
        ({"online_url": "javascript:alert(1)"}, "item_online_url_invalid"),
        ({"result_name": "证" * 201}, "item_field_too_long"),
        ({"legal_limit_days": -1}, "item_number_invalid"),
        ({"visits_needed": 40000}, "item_number_invalid"),
        ({"status": "published"}, "item_unknown_field"),
    ],
)
def test_bad_fields_have_stable_codes(
    make_item: MakeItem, fields: dict[str, object], code: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_item(**fields)
    assert _code(exc) == code


def test_implementing_department_and_window(
    make_item: MakeItem, depts: dict[str, Department]
) -> None:
    item = make_item(window=depts["620700005W"])
    assert item.window == depts["620700005W"]
    assert item.credit_code == depts["620700005"].credit_code
    with pytest.raises(InvalidInput) as exc:
        make_item(window=depts["620700013W"])  # 环保局's window, not 工商局's
    assert _code(exc) == "item_window_invalid"
    with pytest.raises(InvalidInput) as exc:
        make_item(department=depts["620700005W"])  # a window is not an organ
    assert _code(exc) == "item_department_invalid"


def test_fees_name_their_basis_and_catalog_codes(make_item: MakeItem) -> None:
    item = make_item(
        charges_fee=True,
        fee_basis="发改价格〔2008〕924号",
        fee_codes=["SF-620700012-001"],
    )
    assert item.fee_codes == ["SF-620700012-001"]


def test_text_is_trimmed(make_item: MakeItem) -> None:
    item = make_item(name="  企业名称预先核准 \n", code=" T9000 ")
    assert (item.name, item.code) == ("企业名称预先核准", "T9000")
