"""Who sees the party's personal data (PIPL art. 51): the case page shows a
person's identity number, phone and address masked; those who handle the
case (the body's officers and head) may reveal them, and every reveal is an
audit event (who, which case, when)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core.errors import PermissionDenied
from xiaoneng.enforcement.common import ACT, DECIDE, case_for, event
from xiaoneng.enforcement.models import PenaltyCase
from xiaoneng.org.authority import covers_department, has_perm, signed_in

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def may_reveal(actor: Actor | None, case: PenaltyCase) -> bool:
    """The case's handlers: officers and head of its body, within their scope."""
    handles = has_perm(actor, ACT) or has_perm(actor, DECIDE)
    return handles and covers_department(actor, case.body_id)


@transaction.atomic(durable=True)
def reveal_party(*, actor: Actor, case_id: Any) -> PenaltyCase:
    """查看当事人完整信息: recorded before it is shown."""
    user = signed_in(actor)
    case = case_for(user, case_id)
    if not may_reveal(user, case):
        raise PermissionDenied(
            "只有承办本案的执法人员和负责人可以查看当事人完整信息",
            code="enforcement_reveal_denied",
        )
    event(user, case, "party_revealed", fields=["party_id_no", "party_phone", "party_address"])
    return case
