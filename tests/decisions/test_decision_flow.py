"""The whole procedure through the actions: five gates in order, then
publication, archive and the evaluation; every step an audit event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from decision_support import BASE, through

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions, selectors
from xiaoneng.decisions.models import Stage
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_a_decision_goes_through_every_gate_and_is_published(
    users: dict[str, User], registered: Any
) -> None:
    d = registered()
    day = through(users, d, 6)
    d.refresh_from_db()
    assert d.stage == Stage.PUBLISHED
    assert d.published_on == day
    assert d.evaluation_due == day + timedelta(days=365)
    assert list(selectors.published_decisions(year=day.year)) == [d]
    assert selectors.done_of(d).meeting
    events = set(
        AuditEvent.objects.filter(object_type="decision", object_id=str(d.pk)).values_list(
            "event_type", flat=True
        )
    )
    assert {
        "decision.registered",
        "decision.draft_published",
        "decision.adoption_published",
        "decision.opinion_recorded",
        "decision.risk_assessed",
        "decision.review_submitted",
        "decision.reviewed",
        "decision.meeting_recorded",
        "decision.published",
    } <= events


def test_the_archive_freezes_the_file_and_the_evaluation_comes_after(
    users: dict[str, User], registered: Any
) -> None:
    d = registered()
    day = through(users, d, 6) + timedelta(days=1)
    with travel_to(day):
        actions.archive_decision(actor=users["zhengfuban"], decision_id=d.pk)
        with pytest.raises(Conflict) as refused:
            actions.record_expert_opinion(
                actor=users["depthead"],
                decision_id=d.pk,
                expert="钱",
                affiliation="某大学",
                signed_on=day,
                opinion="补充",
            )
        assert refused.value.code == "decision_archived"
    with travel_to(day + timedelta(days=300)):
        actions.record_evaluation(actor=users["depthead"], decision_id=d.pk, report="实施效果良好")
    d.refresh_from_db()
    assert d.stage == Stage.ARCHIVED
    assert d.evaluated_on == day + timedelta(days=300)


def test_a_decision_cannot_be_archived_before_it_is_published(
    users: dict[str, User], registered: Any
) -> None:
    d = registered()
    day = through(users, d, 4)
    with travel_to(day + timedelta(days=1)), pytest.raises(Conflict) as refused:
        actions.archive_decision(actor=users["zhengfuban"], decision_id=d.pk)
    assert refused.value.code == "decision_step_out_of_order"
    assert refused.value.detail["missing"] == ["集体讨论决定", "决策公布"]
    assert day > BASE
