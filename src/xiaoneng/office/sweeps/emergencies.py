"""The daily sweep of emergencies: a late arrival is a finding raised at the
check-in itself (`actions.emergencies.check_in`); the sweep raises again any
that is missing (a check-in recorded before the finding could be, e.g. by
an import), once per responder. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from xiaoneng.office.actions.emergencies import KIND, LATE_ARRIVAL, late_finding
from xiaoneng.office.models.emergencies import Responder
from xiaoneng.supervision.models import Anomaly

LOOKBACK_DAYS = 30


def sweep(today: date) -> dict[str, int]:
    since = today - timedelta(days=LOOKBACK_DAYS)
    raised = set(
        Anomaly.objects.filter(subject_kind=KIND, kind=LATE_ARRIVAL).values_list(
            "subject_ref", flat=True
        )
    )
    late = [
        r
        for r in Responder.objects.filter(late=True, arrived_at__date__gte=since).select_related(
            "emergency", "user"
        )
        if r.pk not in raised
    ]
    for responder in late:
        with transaction.atomic(durable=True):
            late_finding(responder.emergency, responder, responder.user)
    return {"late_arrival": len(late)} if late else {}
