"""The gate order: a step succeeds iff every earlier gate is done (any
sequence of attempts, Hypothesis); a refused step names what is missing
(code decision_step_out_of_order) and is itself recorded as the supervision
anomaly decision_out_of_order on the decision, although the action rolls back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from decision_support import BASE, STEPS, register, through
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions, gates, selectors
from xiaoneng.decisions.actions import StepOutOfOrder
from xiaoneng.decisions.models import ExpertOpinion
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

GATE_OF_STEP = ("consultation", "experts", "risk", "legality", "meeting", "publication")


def anomalies(pk: int) -> int:
    return Anomaly.objects.filter(
        subject_kind="decision", subject_ref=pk, kind="decision_out_of_order"
    ).count()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(attempts=st.lists(st.integers(0, len(STEPS) - 1), min_size=1, max_size=8))
def test_a_step_succeeds_iff_every_earlier_gate_is_done(
    users: dict[str, User], attempts: list[int]
) -> None:
    d = register(users)
    done: set[int] = set()
    refused = 0
    day = BASE
    for step in attempts:
        if step in done:
            continue
        day += timedelta(days=3)
        expected = all(i in done for i in range(step))
        try:
            STEPS[step](users, d, day)
        except StepOutOfOrder as exc:
            outcome: StepOutOfOrder | None = exc
        else:
            outcome = None
        if expected:
            assert outcome is None, f"{GATE_OF_STEP[step]} refused after {sorted(done)}"
            done.add(step)
        else:
            assert outcome is not None, f"{GATE_OF_STEP[step]} taken after {sorted(done)}"
            assert outcome.code == "decision_step_out_of_order"
            assert outcome.detail["missing_gates"] == [
                GATE_OF_STEP[i] for i in range(step) if i not in done
            ]
            refused += 1
        d.refresh_from_db()
        state = selectors.done_of(d)
        assert [state.of(g) for g in GATE_OF_STEP] == [i in done for i in range(len(STEPS))]
    assert anomalies(d.pk) == (1 if refused else 0)  # once per decision and kind


def test_the_refusal_names_the_missing_steps_in_chinese(users: dict[str, User]) -> None:
    d = register(users)
    through(users, d, 1)
    with travel_to(BASE + timedelta(days=10)), pytest.raises(StepOutOfOrder) as refused:
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    assert refused.value.detail["missing"] == ["专家论证", "风险评估"]
    assert "专家论证、风险评估" in refused.value.message


def test_the_refused_attempt_is_an_anomaly_though_the_action_rolls_back(
    users: dict[str, User],
) -> None:
    d = register(users)
    with travel_to(BASE), pytest.raises(StepOutOfOrder):
        actions.record_expert_opinion(
            actor=users["depthead"],
            decision_id=d.pk,
            expert="赵明",
            affiliation="兰州大学 教授",
            signed_on=BASE,
            opinion="可行",
        )
    assert not ExpertOpinion.objects.filter(decision=d).exists()
    anomaly = Anomaly.objects.get(subject_kind="decision", subject_ref=d.pk)
    assert anomaly.kind == "decision_out_of_order"
    assert anomaly.department_id == d.sponsor_id
    assert anomaly.evidence == {"step": "专家论证", "missing": ["公众参与"]}
    refusal = AuditEvent.objects.get(event_type="decision.step_refused", object_id=str(d.pk))
    assert refusal.payload == {"step": "experts", "missing": ["consultation"]}


def test_an_uncontrollable_risk_stops_the_decision_until_reassessed(users: dict[str, User]) -> None:
    d = register(users)
    day = through(users, d, 2)
    STEPS[2](users, d, day + timedelta(days=1), controllable=False)  # type: ignore[call-arg]
    with travel_to(day + timedelta(days=2)), pytest.raises(StepOutOfOrder) as refused:
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    assert refused.value.detail["missing"] == ["风险评估"]
    STEPS[2](users, d, day + timedelta(days=3))  # revised and reassessed: controllable
    with travel_to(day + timedelta(days=4)):
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)


@pytest.mark.parametrize(
    ("done", "step", "missing"),
    [
        ({}, "consultation", []),
        ({}, "meeting", ["consultation", "experts", "risk", "legality"]),
        ({"consultation": True, "risk": True}, "legality", ["experts"]),
        (
            {
                "consultation": True,
                "experts": True,
                "risk": True,
                "legality": True,
                "meeting": True,
            },
            "publication",
            [],
        ),
        (
            {"consultation": True},
            "archive",
            ["experts", "risk", "legality", "meeting", "publication"],
        ),
    ],
)
def test_the_pure_gate_order(done: dict[str, bool], step: str, missing: list[str]) -> None:
    assert gates.missing(step, gates.Done(**done)) == missing
