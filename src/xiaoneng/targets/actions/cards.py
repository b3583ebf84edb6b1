"""The daily card sweep of target tasks: supervision's yellow/red cards for
each open task's missed steps — a milestone past its day, the deadline
passed, a month's report missing after its reporting day (owed from the
month the book was signed; a returned report is owed again). A pending
adjustment changes nothing: the task stays due (art. 8)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.supervision.actions.cards import CardRun
from xiaoneng.supervision.actions.subjects import sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue
from xiaoneng.targets.models import (
    BookStatus,
    Milestone,
    ProgressReport,
    ReportStatus,
    Task,
    TaskStatus,
)

from .common import report_due, subject_of


def _months(first: date, last: date) -> Iterator[tuple[int, int]]:
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def overdue_steps(today: date) -> Iterator[Overdue]:
    """Every missed step of the open leaf tasks of signed books, as of `today`."""
    tasks = {
        t.pk: t
        for t in Task.objects.filter(
            status=TaskStatus.OPEN, is_leaf=True, book__status=BookStatus.SIGNED
        ).select_related("book")
    }
    subjects = {pk: subject_of(t) for pk, t in tasks.items()}
    for pk, t in tasks.items():
        if t.deadline is not None and t.deadline < today:
            yield Overdue(subjects[pk], "deadline", t.deadline)
    for task_id, due in Milestone.objects.filter(
        task_id__in=tasks, done_on__isnull=True, due_on__lt=today
    ).values_list("task_id", "due_on"):
        yield Overdue(subjects[task_id], "milestone", due)
    given = set(
        ProgressReport.objects.filter(task_id__in=tasks)
        .exclude(status=ReportStatus.RETURNED)
        .values_list("task_id", "year", "month")
    )
    dues: dict[tuple[int, int], date] = {}
    for pk, t in tasks.items():
        signed = t.book.signed_on
        if signed is None:
            continue
        last = min(today, t.deadline) if t.deadline else today
        for y, m in _months(signed, last):
            if (y, m) not in dues:
                dues[(y, m)] = report_due(y, m)
            if dues[(y, m)] < today and (pk, y, m) not in given:
                yield Overdue(subjects[pk], "report", dues[(y, m)])


@transaction.atomic(durable=True)
def sweep_target_cards(today: date | None = None) -> CardRun:
    """Idempotent; the system's step (no actor)."""
    day = today or timesource.today()
    run = sweep_subject_cards(kind="target_task", overdue=overdue_steps(day), today=day)
    if not (run.yellow or run.red or run.closed):
        return run  # the scheduler runs it every quarter hour: only a change is recorded
    record_event(
        actor=None,
        event_type="target.cards_swept",
        object_type="target_task",
        object_id="",
        payload={"today": day, "yellow": run.yellow, "red": run.red, "closed": run.closed},
    )
    return run
