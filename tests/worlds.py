"""Building blocks of test worlds, for fixtures and for the browser tests'
live-server worlds alike (they cannot use fixtures)."""

from __future__ import annotations

from datetime import date

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User


def publish_promise_item(
    admin: User,
    *,
    code: str = "TEST-0005-01",
    basic_code: str = "0100099000",
    name: str = "外商投资企业设立登记（测试）",
    warning_days: int | None = None,
) -> ApprovalItem:
    """A published 承诺件 of 市工商局: 10 working days committed, 20 legal, with
    a review step (so never an instant item), warned `warning_days` before its
    deadline (the platform's default when None). Needs the demo city."""
    extra: dict[str, int] = {} if warning_days is None else {"warning_days": warning_days}
    item = catalog_actions.create_item(
        actor=admin,
        code=code,
        basic_code=basic_code,
        name=name,
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第五十四条",
        department=Department.objects.get(code="620700005"),
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,
        materials=[{"name": "设立登记申请书", "issuer": "申请人", "originals": 1}],
        **extra,
    )
    return catalog_actions.publish_item(actor=admin, item=item)


def received_case(actor: User, item: ApprovalItem, on: date) -> Case:
    """A case of `item` received by `actor` on `on` (祁连绿源有限公司 applies)."""
    with travel_to(on):
        case, _ = case_actions.submit_application(
            actor=actor, item_code=item.code, applicant_name="祁连绿源有限公司"
        )
    return case


def accepted_case(actor: User, item: ApprovalItem, on: date) -> Case:
    """The same, accepted by `actor` that day; read back as stored."""
    case = received_case(actor, item, on)
    with travel_to(on):
        case_actions.accept_case(actor=actor, case_id=case.pk)
    return Case.objects.get(pk=case.pk)
