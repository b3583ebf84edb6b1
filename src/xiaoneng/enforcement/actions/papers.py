"""A case's papers handed out (the decision, the notice of the intended
penalty; `enforcement.document`). Who may read the case may have them
(the body's officers and head, the legal office, the supervision bureau —
not finance: it matches receipts by decision number). The party's copy,
a person's identity number and address in full, goes only to those who
handle the case and hand the paper over (`party.may_reveal`, as the case
page's reveal: PIPL art. 51; 行政处罚法 art. 50 keeps personal information
confidential), and each such copy is the audit event `party_revealed`,
recorded before it is given; every other reader gets a reading copy with
them masked, which shows nothing to record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core.errors import PermissionDenied
from xiaoneng.enforcement import document
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY, SUPERVISE, case_for, event
from xiaoneng.enforcement.models import PartyKind, PenaltyCase
from xiaoneng.org.authority import has_perm, signed_in

from .party import may_reveal

if TYPE_CHECKING:
    from xiaoneng.documents.layout import Letter
    from xiaoneng.org.actor import Actor

PAPER_PERMISSIONS = (ACT, DECIDE, LEGALITY, SUPERVISE)


@transaction.atomic(durable=True)
def open_paper(*, actor: Actor, case_id: Any, paper: Any) -> tuple[PenaltyCase, Letter, bool]:
    """The case's `paper` ("decision" or "notice") as the actor may have it:
    the case, the letter, and whether it is the party's copy (in full)."""
    user = signed_in(actor)
    if not any(has_perm(user, p) for p in PAPER_PERMISSIONS):
        raise PermissionDenied("无权下载执法文书", code="enforcement_papers_denied")
    case = case_for(user, case_id)
    made = document.PAPERS.get(str(paper))
    if made is None:
        raise document.not_issued()
    full = may_reveal(user, case)
    letter = made[0](case, full=full)  # not issued yet: 404, nothing recorded
    if full:
        shown = ["party_id_no", "party_address"] if case.party_kind == PartyKind.PERSON else []
        event(user, case, "party_revealed", fields=shown, paper=str(paper))
    return case, letter, full
