"""The demo history of directives and requests plays through the actions
under a moved clock and leaves each part of the story in the database."""

from __future__ import annotations

from datetime import date

from xiaoneng.audit.models import AuditEvent
from xiaoneng.demo.history.directives import play_directives
from xiaoneng.directives.models import DirectiveAdjustment, DirectiveTask, Request
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly, SubjectCard, SupervisionOrder


def test_the_story_plays_without_a_refused_step(users: dict[str, User]) -> None:
    said: list[str] = []
    counts = play_directives(seed=7, start=date(2026, 3, 2), end=date(2026, 5, 29), say=said.append)
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert (counts["directives"], counts["tasks"], counts["requests"]) == (4, 7, 4)
    assert counts["shuffled"] == 1
    assert counts["transfer"] == 3
    statuses = sorted(DirectiveTask.objects.values_list("status", flat=True))
    assert statuses == ["assigned", "closed", "closed", "closed", "closed", "closed", "reported"]
    assert AuditEvent.objects.filter(event_type="directive.task_returned").count() == 1
    assert SupervisionOrder.objects.filter(subject_kind="directive_task").count() == 1
    assert sorted(DirectiveAdjustment.objects.values_list("status", flat=True)) == [
        "approved",
        "rejected",
    ]
    # The adjusted task was carded while its adjustment waited, the card closed after.
    adjusted = DirectiveAdjustment.objects.get(status="approved").task_id
    assert SubjectCard.objects.filter(subject_ref=adjusted, closed_on__isnull=False).exists()
    # The task left undone is overdue with open cards at the end.
    left = DirectiveTask.objects.get(status="assigned")
    assert SubjectCard.objects.filter(subject_ref=left.pk, closed_on__isnull=True).exists()
    assert Anomaly.objects.get(kind="shuffled").subject_kind == "request"
    assert Request.objects.filter(status="pending").count() == 1
    assert said
    assert "督查督办" in said[-1]


def test_a_short_span_plays_nothing(users: dict[str, User]) -> None:
    assert play_directives(seed=1, start=date(2026, 3, 2), end=date(2026, 3, 6), say=print) == {}
