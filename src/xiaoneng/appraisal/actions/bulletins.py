"""月通报: generated from the targets after the month ends, edited (the
督查室's text) while a draft, then issued (印发) — a page and a PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.appraisal.computations import bulletin_rows
from xiaoneng.appraisal.models import Bulletin, BulletinStatus
from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.org.authority import require
from xiaoneng.scores.periods import Period

from .common import MANAGE, checked_index, checked_year, locked

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TEXT_LIMIT = 4000


def _text(value: Any) -> str:
    return str(value or "").strip()[:TEXT_LIMIT]


@transaction.atomic(durable=True)
def generate_bulletin(*, actor: Actor, year: Any, month: Any, text: str = "") -> Bulletin:
    """Generate (or regenerate, while a draft) the month's bulletin."""
    user = require(actor, MANAGE)
    period = Period(checked_year(year), "month", checked_index(month, 12, "月份"))
    if timesource.today() <= period.end:
        raise Conflict(
            "该月尚未结束，不能通报",
            code="appraisal_period_not_ended",
            detail={"month_end": period.end},
        )
    bulletin = (
        Bulletin.objects.select_for_update().filter(year=period.year, month=period.index).first()
    )
    if bulletin is not None and bulletin.status == BulletinStatus.ISSUED:
        raise Conflict("月通报已印发，不能再修改", code="appraisal_bulletin_issued")
    rows = bulletin_rows(period.year, period.index)
    if bulletin is None:
        bulletin = Bulletin(year=period.year, month=period.index)
    bulletin.rows = rows
    bulletin.text = _text(text) or bulletin.text
    bulletin.generated_at = timesource.now()
    bulletin.generated_by = user
    bulletin.save()
    record_event(
        actor=user,
        event_type="appraisal.bulletin_generated",
        object_type="appraisal_bulletin",
        object_id=period.code,
        payload={"units": len(rows)},
    )
    return bulletin


@transaction.atomic(durable=True)
def issue_bulletin(*, actor: Actor, bulletin_id: Any, text: str = "", number: str = "") -> Bulletin:
    """印发: the text of the 督查室 and the document number are fixed."""
    user = require(actor, MANAGE)
    bulletin = locked(Bulletin.objects.all(), bulletin_id, "bulletin")
    if bulletin.status == BulletinStatus.ISSUED:
        raise Conflict("月通报已印发，不能再修改", code="appraisal_bulletin_issued")
    bulletin.text = _text(text) or bulletin.text
    bulletin.number = str(number or "").strip()[:50]
    bulletin.status = BulletinStatus.ISSUED
    bulletin.issued_on = timesource.today()
    bulletin.issued_by = user
    bulletin.save(update_fields=["text", "number", "status", "issued_on", "issued_by"])
    record_event(
        actor=user,
        event_type="appraisal.bulletin_issued",
        object_type="appraisal_bulletin",
        object_id=f"{bulletin.year}-{bulletin.month:02d}",
        payload={"number": bulletin.number},
    )
    return bulletin
