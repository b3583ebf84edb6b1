"""乱罚款 complaints (seed art. 4, 16) tied to the penalty case they are
about: the complaint centre (`complaint.handle`) links one of its
complaints to the case it names (by the case or decision number the
complainant quotes), so the case's page, its body and the supervision
bureau see the complaint next to the fine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.complaints.selectors import complaint_for
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, NotFound
from xiaoneng.enforcement.common import event
from xiaoneng.enforcement.models import ComplaintLink, PenaltyCase
from xiaoneng.enforcement.selectors.money import case_by_reference
from xiaoneng.org.authority import require

from . import inputs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

HANDLE = "complaint.handle"


@transaction.atomic(durable=True)
def link_complaint(
    *, actor: Actor, complaint_id: Any, case_reference: Any, note: Any = ""
) -> ComplaintLink:
    """Tie the centre's complaint to the case numbered `case_reference`."""
    user = require(actor, HANDLE)
    text = inputs.optional(note, code="enforcement_note_invalid", label="关联说明", limit=300)
    reference = inputs.optional(
        case_reference, code="enforcement_case_reference_unknown", label="案件编号或文号"
    )
    complaint = complaint_for(user, complaint_id)
    found = case_by_reference(reference)
    if found is None:
        raise NotFound("没有该编号或文号的行政处罚案件", code="enforcement_case_reference_unknown")
    case = (
        PenaltyCase.objects.select_for_update(of=("self",)).select_related("item").get(pk=found.pk)
    )
    if ComplaintLink.objects.filter(case=case, complaint=complaint).exists():
        raise Conflict("该投诉已关联此案件", code="enforcement_complaint_linked")
    try:
        with transaction.atomic():
            link = ComplaintLink.objects.create(
                case=case,
                complaint=complaint,
                note=text,
                linked_by=user,
                linked_on=timesource.today(),
            )
    except IntegrityError:
        raise Conflict("该投诉已关联此案件", code="enforcement_complaint_linked") from None
    event(
        user,
        case,
        "complaint_linked",
        complaint=complaint.number,
        category=complaint.category,
        note=link.note,
    )
    return link
