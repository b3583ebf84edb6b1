"""The daily card sweep (as the scheduler runs it): the directive tasks and
the requests past their due day go to supervision's subject cards (yellow,
then red if still open; closed when no longer overdue). A task with a
pending adjustment is still swept: until approved it stays due."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.directives import supervising
from xiaoneng.directives.models import DirectiveTask, Request
from xiaoneng.directives.selectors import overdue_requests, overdue_tasks
from xiaoneng.supervision.actions.cards import CardRun


@transaction.atomic(durable=True)
def sweep_directive_cards(*, today: date | None = None) -> dict[str, Any]:
    """Idempotent: run twice, the second run changes nothing."""
    day = today or timesource.today()
    tasks = overdue_tasks(DirectiveTask.objects.select_related("directive", "department"), day)
    task_run = supervising.sweep(
        kind=supervising.TASK_KIND,
        rows=[
            supervising.overdue(supervising.task_subject(t), "deadline", t.due_on) for t in tasks
        ],
        today=day,
    )
    requests = overdue_requests(Request.objects.all(), day)
    request_run = supervising.sweep(
        kind=supervising.REQUEST_KIND,
        rows=[
            supervising.overdue(supervising.request_subject(r), "answer", r.due_on)
            for r in requests
        ],
        today=day,
    )
    return {"directive_task": _counts(task_run), "request": _counts(request_run)}


def _counts(run: CardRun) -> dict[str, int]:
    return {"yellow": run.yellow, "red": run.red, "closed": run.closed}
