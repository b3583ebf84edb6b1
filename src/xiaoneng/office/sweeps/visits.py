"""The daily sweep of front-line work: a problem raised on a visit and not
resolved by its deadline is a card (subject kind "visit_issue", step
"follow_up"): yellow, then red when the follow-up deadline passes too; the
card closes once the unit has resolved it. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from xiaoneng.office.common import subject
from xiaoneng.office.models.emergencies import VisitIssue
from xiaoneng.supervision.actions.subjects import sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue

KIND = "visit_issue"
STEP = "follow_up"


def overdue(today: date) -> list[Overdue]:
    link = reverse("office:frontline") + "?tab=issues"
    return [
        Overdue(
            subject=subject(KIND, i.pk, f"调研发现问题：{i.problem}", link, i.unit_id),
            step=STEP,
            due_on=i.due_on,
        )
        for i in VisitIssue.objects.filter(resolved_at__isnull=True, due_on__lt=today)
    ]


def sweep(today: date) -> dict[str, int]:
    with transaction.atomic(durable=True):
        run = sweep_subject_cards(kind=KIND, overdue=overdue(today), today=today)
    counts = {"yellow": run.yellow, "red": run.red, "closed": run.closed}
    return {k: v for k, v in counts.items() if v}
