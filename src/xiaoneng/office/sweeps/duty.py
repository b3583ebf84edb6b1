"""The daily sweep of duty: open the rosters of the holidays beginning in
the next 30 days for every unit that keeps duty, remind the units whose
roster is still a draft from `ROSTER_REMIND_DAYS` before its due day (once
a day), and card the rosters not submitted by their due day (subject kind
"duty_roster", step "roster"; closed when submitted). Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse

from xiaoneng.core.text import cn_date
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions.duty import (
    ROSTER,
    SUBJECT_KIND,
    duty_units,
    holidays_ahead,
    open_rosters,
    roster_subject,
)
from xiaoneng.office.common import holders
from xiaoneng.office.models.duty import DutyRoster, RosterStatus
from xiaoneng.office.params import ROSTER_REMIND_DAYS
from xiaoneng.supervision.actions.subjects import sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue
from xiaoneng.system.params import get_param

REMIND_KIND = "office_roster_remind"
LOOKAHEAD_DAYS = 30


def sweep(today: date) -> dict[str, int]:
    opened = 0
    units = list(duty_units())
    for holiday in holidays_ahead(today, LOOKAHEAD_DAYS):
        with transaction.atomic(durable=True):
            opened += open_rosters(holiday, units)
    with transaction.atomic(durable=True):
        reminded = remind(today)
    overdue = [
        Overdue(roster_subject(r, r.unit.name), "roster", r.due_on)
        for r in DutyRoster.objects.filter(status=RosterStatus.DRAFT, due_on__lt=today)
        .select_related("unit")
        .order_by("pk")
    ]
    with transaction.atomic(durable=True):
        run = sweep_subject_cards(kind=SUBJECT_KIND, overdue=overdue, today=today)
    return {
        "rosters_opened": opened,
        "roster_reminders": reminded,
        "roster_cards_yellow": run.yellow,
        "roster_cards_red": run.red,
        "roster_cards_closed": run.closed,
    }


def recipients(unit_ids: list[int]) -> dict[int, list[int]]:
    """unit → its active users who keep its roster (duty.roster) or head it."""
    return holders(unit_ids, ROSTER, "leave.request")


def remind(today: date) -> int:
    """Once a day per roster and person: the draft rosters due within the
    reminder window (today to `ROSTER_REMIND_DAYS` ahead)."""
    window = today + timedelta(days=get_param(ROSTER_REMIND_DAYS))
    rosters = list(
        DutyRoster.objects.filter(
            status=RosterStatus.DRAFT, due_on__gte=today, due_on__lte=window
        ).select_related("unit")
    )
    if not rosters:
        return 0
    people = recipients(sorted({r.unit_id for r in rosters}))
    links = {
        r.pk: f"{reverse('office:roster', args=[r.pk])}?remind={today.isoformat()}" for r in rosters
    }
    sent = set(
        Notification.objects.filter(kind=REMIND_KIND, link__in=links.values()).values_list(
            "recipient_id", "link"
        )
    )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=REMIND_KIND,
            title=f"请于{cn_date(r.due_on)}前报送{r.holiday}值班表"[:200],
            body=f"{r.holiday}（{cn_date(r.starts_on)}至{cn_date(r.ends_on)}）每天须安排带班领导和值班人员。",
            link=links[r.pk],
        )
        for r in rosters
        for user_id in people.get(r.unit_id, [])
        if (user_id, links[r.pk]) not in sent
    ]
    notify_many(rows)
    return len(rows)
