"""The demo history's year of efficiency work: complaints of every outcome and
path, two check rounds, accountability cases of each measure — all through
the real actions, no refused step, the same for the same seed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from xiaoneng.accountability.models import AccountabilityCase, Status
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.bigscreen.selectors import snapshot
from xiaoneng.cases.models import CaseEvent
from xiaoneng.checks.models import CheckPlan, Finding, RectificationReport
from xiaoneng.complaints.models import Complaint, ComplaintCard
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.history.generator import Summary, describe, generate
from xiaoneng.org.models import User
from xiaoneng.supervision.models import SupervisionCard

END = date(2026, 10, 30)  # a Friday
MEASURES = {
    "admonition",
    "circulated_criticism",
    "rectification_order",
    "resignation",
    "discipline",
}


@pytest.fixture
def demo(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))


def run(cases: int = 30, months: int = 12, seed: int = 7) -> Summary:
    return generate(cases=cases, months=months, seed=seed, end=END)


@pytest.mark.django_db
def test_a_year_of_complaints_checks_and_measures(demo: None) -> None:
    summary = run()
    assert not summary.failures, summary.failures
    complaints = Complaint.objects.all()
    assert 40 <= complaints.count() <= 80
    # Every channel, from one registered outside system for Open311.
    assert set(complaints.values_list("channel", flat=True)) == {
        "online",
        "hotline",
        "letter",
        "visit",
        "open311",
    }
    assert complaints.filter(channel="online", anonymous=True).exists()
    assert complaints.filter(channel="online", anonymous=False).exists()
    assert complaints.filter(channel="open311").values("outside_system").distinct().count() == 1
    # Every outcome, and every way of closing.
    outcomes = set(complaints.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == {"substantiated", "partly", "unsubstantiated"}
    assert complaints.exclude(decline_reason="").exists()
    assert complaints.exclude(transferred_to="").exists()
    merged = complaints.filter(merged_into__isnull=False)
    assert merged.count() == 1
    assert merged.get().merged_into.department_id == merged.get().department_id  # type: ignore[union-attr]
    assert complaints.filter(extension_days__gt=0).count() == 1
    reexamined = complaints.exclude(reexamination_outcome="")
    assert reexamined.count() == 1
    assert complaints.filter(explained_on__isnull=False).exists()
    assert complaints.filter(callback_on__isnull=False).exists()
    assert complaints.filter(satisfaction_source="complainant").exists()
    # Late steps gave cards: yellow and red, to the centre and to a department.
    cards = ComplaintCard.objects.all()
    assert cards.filter(colour="yellow").exists()
    assert cards.filter(colour="red").exists()
    assert cards.filter(step="explanation").exists()

    # Two check rounds, approved by the supervisor with a team.
    plans = CheckPlan.objects.all()
    assert plans.count() == 2
    assert all(p.approved_by.username == "supervisor" for p in plans)  # type: ignore[union-attr]
    assert all(p.members.filter(is_leader=True).count() == 1 for p in plans)
    findings = Finding.objects.all()
    assert findings.values("department").distinct().count() > 2
    assert findings.values("kind").distinct().count() > 3
    assert findings.filter(published_on__isnull=False).exists()
    assert findings.filter(published_on__isnull=True).exists()
    assert RectificationReport.objects.values("finding").distinct().count() == findings.count()
    returned = [f for f in findings if f.reports.count() == 2]
    assert returned
    assert any(f.reported_on > f.due_on for f in findings if f.reported_on and f.due_on)

    # A measure of each kind, from complaints, a finding, a card or directly.
    cases = AccountabilityCase.objects.select_related("measure")
    assert {c.measure.code for c in cases if c.measure} == MEASURES
    assert {"complaint", "finding"} <= set(cases.values_list("source_kind", flat=True))
    assert all(c.decision_number and c.served_on for c in cases)
    assert all(c.statement_on for c in cases)
    bulletin = cases.get(measure__code="circulated_criticism")
    assert bulletin.bulletin_published
    order = cases.get(measure__code="rectification_order")
    assert order.rectification == "verified"
    assert order.status == Status.CLOSED
    referred = cases.filter(measure__code__in=("resignation", "discipline"))
    assert all(c.referred_on and c.decided_by.username == "organisation" for c in referred)  # type: ignore[union-attr]
    assert cases.exclude(appeal_outcome="").count() == 1

    # The big screen on the end day: this month's complaints, this year's measures.
    shown = snapshot(User.objects.get(username="supervisor"), END)["efficiency"]
    assert shown["complaints_received"] >= 3
    assert shown["complaints_substantiated"] >= 1
    assert shown["measures_year"] == cases.filter(decided_on__year=END.year).count() > 0

    _, broken = verify_chain()
    assert broken is None
    text = "\n".join(describe(summary))
    assert "效能投诉" in text
    assert "问责方式" in text


@pytest.mark.django_db
def test_the_efficiency_year_is_the_same_for_a_seed(demo: None) -> None:
    runs: list[dict[str, Any]] = []
    for seed in (7, 7, 8):
        start = transaction.savepoint()
        summary = run(cases=20, months=12, seed=seed)
        assert not summary.failures, summary.failures
        runs.append(summary.efficiency)
        transaction.savepoint_rollback(start)
    assert runs[0] == runs[1]
    assert runs[0]["complaints"] > 0
    assert runs[2] != runs[0]


@pytest.mark.django_db
def test_the_cases_part_is_the_same_with_or_without_it(demo: None) -> None:
    def cases_part(efficiency: bool) -> tuple[dict[str, Any], int, list[Any]]:
        start = transaction.savepoint()
        summary = generate(cases=40, months=6, seed=5, end=END, efficiency=efficiency)
        assert not summary.failures, summary.failures
        counts = {k: v for k, v in summary.counts().items() if k != "efficiency"}
        cards = list(SupervisionCard.objects.order_by("pk").values_list("colour", "issued_on"))
        # A tracking number ends in the row id, which PostgreSQL's sequences do
        # not give back on rollback: compare the date part and the order only.
        events = [
            (number[:8], *rest)
            for number, *rest in CaseEvent.objects.order_by("case__tracking_no", "seq").values_list(
                "case__tracking_no", "kind", "on", "actor__username"
            )
        ]
        complaints = Complaint.objects.count()
        transaction.savepoint_rollback(start)
        return counts, complaints, [cards, events]

    with_it, without = cases_part(True), cases_part(False)
    assert with_it[0] == without[0]
    assert with_it[2] == without[2]
    assert with_it[1] > 0
    assert without[1] == 0
