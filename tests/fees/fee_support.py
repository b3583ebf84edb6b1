"""The fees world, built through the real actions: a range fee and a fixed
fee of 市工商局 (620700005) in the catalog, a published item that charges
them, a case of it accepted by the window; a second, fee-free item."""

from __future__ import annotations

from datetime import date
from typing import Any

from worlds import accepted_case
from xiaoneng.cases.models import Case
from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees import actions
from xiaoneng.fees.models import Charge, FeeItem
from xiaoneng.org.models import Department, User

TODAY = date(2026, 3, 16)  # a Monday
RECEIVED = date(2026, 3, 2)
SINCE = date(2020, 1, 1)
RANGE_CODE = "SF-620700005-001"
FIXED_CODE = "SF-620700005-002"
BASIS = "《中华人民共和国公司登记管理条例》第五十七条"


def fee_terms(**over: Any) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "name": "企业登记费",
        "department_id": Department.objects.get(code="620700005").pk,
        "legal_basis": BASIS,
        "price_doc": "甘价费〔2010〕12号",
        "finance_doc": "甘财综〔2010〕8号",
        "kind": "range",
        "lower": "80",
        "upper": "550",
        "unit": "件",
        "effective_from": SINCE,
        "effective_to": None,
        "item_codes_": [],
    }
    terms.update(over)
    return terms


def make_fee(actor: User, code: str = RANGE_CODE, **over: Any) -> FeeItem:
    with travel_to(SINCE):
        return actions.create_fee(actor=actor, code=code, **fee_terms(**over))


def charging_item(admin: User, codes: list[str], code: str = "TEST-FEE-01") -> ApprovalItem:
    extra: dict[str, Any] = (
        {"charges_fee": True, "fee_basis": BASIS, "fee_codes": codes} if codes else {}
    )
    item = catalog_actions.create_item(
        actor=admin,
        code=code,
        basic_code="0100099001" if code == "TEST-FEE-01" else "0100099002",
        name="企业变更登记（测试）" if codes else "企业名称查询（测试）",
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第二十七条",
        department=Department.objects.get(code="620700005"),
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,
        materials=[{"name": "变更登记申请书", "issuer": "申请人", "originals": 1}],
        **extra,
    )
    return catalog_actions.publish_item(actor=admin, item=item)


def fee_case(users: dict[str, User], item: ApprovalItem) -> Case:
    case: Case = accepted_case(users["window"], item, RECEIVED)
    return case


def charge(actor: User, case: Case, receipt: str = "GS0000001", **over: Any) -> Charge:
    fields: dict[str, Any] = {
        "case_id": case.pk,
        "fee_code": RANGE_CODE,
        "quantity": "1",
        "notice_no": "JK2026000001",
        "receipt_no": receipt,
    }
    fields.update(over)
    return actions.record_charge(actor=actor, **fields)
