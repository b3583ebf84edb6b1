"""Yellow and red cards on complaints (domain rules §3, as for cases): a
yellow card when a step's deadline has passed and the step is not done, with
a follow-up deadline (`supervision.yellow_card_followup_days` working days);
a red card when the step is still not done after it; cards closed once the
step is done. The card goes to the unit whose deadline it was: the complaint
centre for acceptance, conclusion and re-examination, the accused department
for its explanation. Idempotent: the (complaint, step, colour) constraint and
conflicts ignored; complaints are few, so the sweep reads them in Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints.actions.steps import DESK_LINK, EXPLAIN_LINK
from xiaoneng.complaints.models import CardColour, CardStep, Complaint, ComplaintCard, Status
from xiaoneng.core import timesource
from xiaoneng.core.text import cn_date
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import unit_of
from xiaoneng.org.models import Department, Role, User
from xiaoneng.system.params import get_param

FOLLOW_UP_PARAM = "supervision.yellow_card_followup_days"


@dataclass(frozen=True)
class CardRun:
    yellow: int
    red: int
    closed: int


def centre_unit() -> Department | None:
    """The complaint centre: the unit of the first active centre user."""
    roles = [r.pk for r in Role.objects.filter(active=True) if "complaint.handle" in r.permissions]
    user = (
        User.objects.filter(is_active=True, roles__in=roles, department__isnull=False)
        .select_related("department")
        .order_by("pk")
        .first()
    )
    return unit_of(user) if user is not None else None


def overdue_steps(row: Complaint, today: date) -> dict[str, date]:
    """The steps of a complaint past their deadline and not done: step → due day."""
    found: dict[str, date] = {}
    if row.status == Status.ACCEPTING and row.accept_due_on and row.accept_due_on < today:
        found[CardStep.ACCEPT] = row.accept_due_on
    if row.status == Status.HANDLING and row.conclude_due_on and row.conclude_due_on < today:
        found[CardStep.CONCLUDE] = row.conclude_due_on
    if (
        row.is_open
        and row.explained_on is None
        and row.explanation_due_on
        and row.explanation_due_on < today
    ):
        found[CardStep.EXPLANATION] = row.explanation_due_on
    due = row.reexamination_due_on
    if row.status == Status.REEXAMINING and due and due < today:
        found[CardStep.REEXAMINATION] = due
    return found


def _new_card(
    row: Complaint,
    step: str,
    colour: str,
    due: date,
    today: date,
    follow_up: date | None,
    centre: Department | None,
) -> ComplaintCard | None:
    unit = row.department if step == CardStep.EXPLANATION else centre
    if unit is None:
        return None
    words = f"投诉{row.number}{CardStep(step).label}期限{cn_date(due)}已过"
    if colour == CardColour.RED:
        words += "，黄牌整改期限届满仍未办理"
    return ComplaintCard(
        complaint=row,
        department=unit,
        colour=colour,
        step=step,
        due_on=due,
        issued_on=today,
        follow_up_due_on=follow_up,
        reason=words[:500],
    )


def _notify(cards: list[ComplaintCard]) -> None:
    heads = department_heads({c.department_id for c in cards})
    rows = [
        Notification(
            recipient_id=user_id,
            kind=f"complaint_card_{card.colour}",
            title=f"{card.get_colour_display()}：{card.reason}"[:200],
            body="",
            link=(EXPLAIN_LINK if card.step == CardStep.EXPLANATION else DESK_LINK).format(
                pk=card.complaint_id
            ),
        )
        for card in cards
        for user_id in heads.get(card.department_id, [])
    ]
    notify_many(rows)


@transaction.atomic(durable=True)
def issue_complaint_cards() -> CardRun:
    """The complaint card sweep, run by the scheduler (complaints.tasks)."""
    today = timesource.today()
    follow_up = current_calendar().add_workdays(today, get_param(FOLLOW_UP_PARAM))
    centre = centre_unit()
    open_cards = list(
        ComplaintCard.objects.select_for_update()
        .filter(closed_on__isnull=True)
        .select_related("complaint")
    )
    candidates = Complaint.objects.filter(is_open=True).select_related("department")
    overdue = {row.pk: (row, overdue_steps(row, today)) for row in candidates}
    closed = [c for c in open_cards if c.step not in overdue.get(c.complaint_id, (None, {}))[1]]
    for card in closed:
        card.closed_on = today
    ComplaintCard.objects.bulk_update(closed, ["closed_on"])
    have = {
        (c.complaint_id, c.step, c.colour)
        for c in ComplaintCard.objects.all().only("complaint_id", "step", "colour")
    }
    wanted: list[tuple[Complaint, str, str, date, date | None]] = [
        (row, step, CardColour.YELLOW, due, follow_up)
        for row, steps in overdue.values()
        for step, due in steps.items()
        if (row.pk, step, CardColour.YELLOW) not in have
    ]
    wanted += [
        (card.complaint, card.step, CardColour.RED, card.due_on, None)
        for card in open_cards
        if card.colour == CardColour.YELLOW
        and card.follow_up_due_on is not None
        and card.follow_up_due_on < today
        and card.step in overdue.get(card.complaint_id, (None, {}))[1]
        and (card.complaint_id, card.step, CardColour.RED) not in have
    ]
    made = (
        _new_card(row, step, colour, due, today, f, centre) for row, step, colour, due, f in wanted
    )
    new = [card for card in made if card is not None]
    ComplaintCard.objects.bulk_create(new, ignore_conflicts=True)
    counts = Counter(c.colour for c in new)
    run = CardRun(yellow=counts[CardColour.YELLOW], red=counts[CardColour.RED], closed=len(closed))
    if new or closed:
        record_event(
            actor=None,
            event_type="complaint.cards_issued",
            object_type="complaint_card",
            payload={"yellow": run.yellow, "red": run.red, "closed": run.closed, "on": today},
        )
        _notify(new)
    return run
