"""The daily sweep of the reporting calendar, in order:

1. open the dues of the period just ended and the current one (`open_dues`);
2. tell the unit's office of the dues due tomorrow (once per due);
3. cards (yellow, then red) for dues still missing after their due day
   (subject `report_due`, step `submit`, the unit);
4. the finding `report_late` (once per due) for a due submitted late or
   still missing the day after it is due (the unit's score counts it).

Idempotent: a second run the same day adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from xiaoneng.office.actions.reports import (
    FINDING,
    due_subject,
    finding_evidence,
    open_dues,
    remind_due_soon,
)
from xiaoneng.office.models.reports import ReportDue
from xiaoneng.supervision.actions.subjects import raise_subject_anomalies, sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue

LOOKBACK_DAYS = 400  # dues whose lateness the sweep looks at again
KIND = "report_due"
STEP = "submit"


def sweep(today: date) -> dict[str, int]:
    with transaction.atomic(durable=True):
        opened = len(open_dues(actor=None, today=today))
    reminded = remind_due_soon(today=today)
    since = today - timedelta(days=LOOKBACK_DAYS)
    with transaction.atomic(durable=True):
        missing = list(
            ReportDue.objects.filter(
                submitted_at__isnull=True, due_on__lt=today, due_on__gte=since
            ).select_related("kind")
        )
        run = sweep_subject_cards(
            kind=KIND,
            overdue=(Overdue(due_subject(d), STEP, d.due_on) for d in missing),
            today=today,
        )
    with transaction.atomic(durable=True):
        late = list(ReportDue.objects.filter(late=True, due_on__gte=since).select_related("kind"))
        found = raise_subject_anomalies(
            kind=FINDING,
            findings=[(due_subject(d), finding_evidence(d, today)) for d in missing + late],
            found_on=today,
        )
    return {
        "opened": opened,
        "reminded": reminded,
        "yellow": run.yellow,
        "red": run.red,
        "closed": run.closed,
        "findings": len(found),
    }
