"""The daily sweep of leave: a leave whose return report (销假) is overdue
— approved, or taken before asking, and not reported back by its
`return_due` — is a card (subject kind "leave", step "return"); reported,
the card closes on the next sweep. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q

from xiaoneng.office.actions.leave import SUBJECT_KIND, leave_subject
from xiaoneng.office.models.leave import LeaveRequest, LeaveStatus
from xiaoneng.supervision.actions.subjects import sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue


def overdue_returns(today: date) -> list[Overdue]:
    gone = Q(status=LeaveStatus.APPROVED) | Q(status=LeaveStatus.REQUESTED, after_the_fact=True)
    rows = (
        LeaveRequest.objects.filter(gone, return_due__lt=today)
        .select_related("person", "unit")
        .order_by("pk")
    )
    return [Overdue(leave_subject(r), "return", r.return_due) for r in rows]


def sweep(today: date) -> dict[str, int]:
    overdue = overdue_returns(today)
    with transaction.atomic(durable=True):
        run = sweep_subject_cards(kind=SUBJECT_KIND, overdue=overdue, today=today)
    return {
        "return_cards_yellow": run.yellow,
        "return_cards_red": run.red,
        "return_cards_closed": run.closed,
    }
