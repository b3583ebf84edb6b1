"""The demo history generator: every state, true chains, the same history for
the same seed, and no history in production mode."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.history.generator import Summary, generate
from xiaoneng.org.models import User
from xiaoneng.scores.models import RankingPublication
from xiaoneng.supervision.anomalies import detect_anomalies
from xiaoneng.supervision.levels import with_alert_level
from xiaoneng.supervision.models import Anomaly, AnomalyKind, CardColour, SupervisionCard

END = date(2026, 10, 30)  # a Friday


@pytest.fixture
def demo(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))


def run(cases: int = 60, months: int = 12, seed: int = 7) -> Summary:
    return generate(cases=cases, months=months, seed=seed, end=END)


@pytest.mark.django_db
def test_every_state_true_clocks_and_an_intact_chain(demo: None) -> None:
    summary = run()

    assert not summary.failures
    assert summary.cases == Case.objects.count() == 60
    assert set(summary.by_status) == set(CaseStatus.values)
    count, broken = verify_chain()
    assert broken is None
    assert count > summary.transitions

    cases = Case.objects.all()
    assert cases.filter(deemed_accepted=True).exists()
    assert cases.filter(suspended_days__gt=0).exists()
    assert cases.filter(extension_days__gt=0).exists()
    assert cases.filter(on_time=True).exists()
    assert cases.filter(on_time=False).exists()
    early = [c for c in cases.filter(status=CaseStatus.DELIVERED, is_instant=False) if c.decided_on]
    assert any(c.decided_on < c.decision_due_on for c in early)  # type: ignore[operator]
    assert any(o.late for o in CaseOpinion.objects.all())
    # Every event of a case is on or before the end day, in order.
    for case in cases.prefetch_related("events"):
        days = [e.on for e in case.events.all()]
        assert days == sorted(days)
        assert days[0] == case.received_on
        assert days[-1] <= END

    # The desk on the end day: some open cases warning, some overdue; cards issued.
    with timesource.travel_to(END):
        levels = set(
            with_alert_level(Case.objects.filter(is_open=True)).values_list(
                "alert_level", flat=True
            )
        )
    assert {"warning", "overdue", "normal"} <= levels
    assert SupervisionCard.objects.filter(colour=CardColour.YELLOW).exists()
    assert SupervisionCard.objects.filter(colour=CardColour.RED).exists()

    # The bureau published every finished month but the last (left as a draft
    # to publish); October is not over on 30 October.
    published = set(RankingPublication.objects.values_list("month", flat=True))
    assert date(2026, 8, 1) in published
    assert date(2026, 9, 1) not in published
    assert date(2026, 10, 1) not in published
    assert all(p.published_by.username == "supervisor" for p in RankingPublication.objects.all())


@pytest.mark.django_db
def test_same_seed_same_history(demo: None) -> None:
    summaries: list[dict[str, Any]] = []
    # Each run on the same fresh database: a bare savepoint, not an atomic
    # block, since the run calls durable actions (issue_cards, publish_ranking).
    for _ in range(2):
        start = transaction.savepoint()
        summaries.append(run(cases=40, months=4).counts())
        transaction.savepoint_rollback(start)
    assert summaries[0] == summaries[1]
    assert sum(summaries[0]["by_status"].values()) == 40
    start = transaction.savepoint()
    other = run(cases=40, months=4, seed=8).counts()
    transaction.savepoint_rollback(start)
    assert other != summaries[0]


@pytest.mark.django_db
def test_refuses_in_production_mode(demo: None, settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="生产模式"):
        call_command("demo_history", "--cases", "5", verbosity=0)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_refuses_a_second_run_unless_forced(demo: None) -> None:
    call_command(
        "demo_history", "--cases", "5", "--months", "1", "--end", "2026-10-30", verbosity=0
    )
    first = Case.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("demo_history", "--cases", "5", "--months", "1", verbosity=0)
    assert Case.objects.count() == first


@pytest.mark.django_db
def test_refuses_without_the_demo_city() -> None:
    with pytest.raises(CommandError, match="演示城市"):
        call_command("demo_history", "--cases", "5", verbosity=0)


@pytest.mark.django_db
def test_history_is_recorded_on_its_own_dates(demo: None) -> None:
    """Written today, the history is stamped on the days it plays: no false
    事后补录 (backdated) anomalies, an audit chain that holds with its times
    in the order of its links; a real late entry is still found."""
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    run(cases=30, months=3)

    events = list(CaseEvent.objects.all())
    assert events
    assert all(e.at.astimezone(timesource.SHANGHAI).date() == e.on for e in events)
    assert all(
        c.created_at.astimezone(timesource.SHANGHAI).date() == c.received_on
        for c in Case.objects.all()
    )
    assert all(
        card.created_at.astimezone(timesource.SHANGHAI).date() == card.issued_on
        for card in SupervisionCard.objects.all()
    )
    _, broken = verify_chain()
    assert broken is None
    times = list(
        AuditEvent.objects.filter(seq__gt=before)
        .order_by("seq")
        .values_list("occurred_at", flat=True)
    )
    assert times == sorted(times)
    assert times[0].astimezone(timesource.SHANGHAI).date() < date(2026, 8, 1)

    with timesource.travel_to(END):
        detect_anomalies()
    assert not Anomaly.objects.filter(kind=AnomalyKind.OUTSIDE_SYSTEM).exists()

    # A decision typed in two weeks after the day it records is still found.
    late = CaseEvent.objects.filter(kind="decided", on__lte=END - timedelta(days=20)).first()
    assert late is not None
    entered = datetime.combine(late.on + timedelta(days=14), time(10), tzinfo=timesource.SHANGHAI)
    CaseEvent.objects.filter(pk=late.pk).update(at=entered)
    with timesource.travel_to(END):
        detect_anomalies()
    found = Anomaly.objects.filter(kind=AnomalyKind.OUTSIDE_SYSTEM)
    assert list(found.values_list("case_id", "step")) == [(late.case_id, "backdated")]
