"""What directives and requests hand to supervision (督办通知、异常、黄红牌):
the `Subject` of a task or a request, and the three calls of supervision's
subject API, with this app's kinds and permission filled in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.supervision.actions.cards import CardRun
from xiaoneng.supervision.actions.subjects import (
    issue_subject_order,
    raise_subject_anomaly,
    sweep_subject_cards,
)
from xiaoneng.supervision.models import Anomaly, SupervisionOrder
from xiaoneng.supervision.subjects import Overdue, Subject

from .models import DirectiveTask, Request

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TASK_KIND = "directive_task"
REQUEST_KIND = "request"


def task_subject(task: DirectiveTask) -> Subject:
    return Subject(
        kind=TASK_KIND,
        ref=task.pk,
        title=f"{task.directive.title}（{task.department.name}）"[:200],
        url=reverse("directives:task", args=[task.pk]),
        department_id=task.department_id,
    )


def request_subject(row: Request, department_id: int | None = None) -> Subject:
    """The request as a subject of the unit answerable for it: the holder
    unless told (the anomaly names the unit that passed it on once too often)."""
    return Subject(
        kind=REQUEST_KIND,
        ref=row.pk,
        title=f"请示：{row.title}"[:200],
        url=reverse("directives:request", args=[row.pk]),
        department_id=department_id or row.holder_id,
    )


def issue_order(*, actor: Actor, subject: Subject, text: str, due_on: date) -> SupervisionOrder:
    return issue_subject_order(
        actor=actor, subject=subject, permission="directive.manage", text=text, due_on=due_on
    )


def raise_shuffled(*, subject: Subject, evidence: dict[str, Any], found_on: date) -> Anomaly | None:
    return raise_subject_anomaly(
        subject=subject, kind="shuffled", evidence=evidence, found_on=found_on
    )


def overdue(subject: Subject, step: str, due_on: date) -> Overdue:
    return Overdue(subject=subject, step=step, due_on=due_on)


def sweep(*, kind: str, rows: Iterable[Overdue], today: date) -> CardRun:
    return sweep_subject_cards(kind=kind, overdue=rows, today=today)
