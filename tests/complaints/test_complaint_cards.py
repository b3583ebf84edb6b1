"""Cards on complaints (yellow when a deadline has passed, red when still not
done after the follow-up deadline; the unit whose deadline it was), the
sweep task, the metric sources the scores read, and two staff accepting the
same complaint at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection

from xiaoneng.complaints import actions
from xiaoneng.complaints.actions.cards import issue_complaint_cards
from xiaoneng.complaints.models import Complaint, ComplaintCard
from xiaoneng.complaints.tasks import complaint_cards_sweep
from xiaoneng.core.clock.stages import StageError
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Department, User
from xiaoneng.scores.periods import Period
from xiaoneng.scores.sources import collect
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db

Filer = Callable[..., tuple[Complaint, str]]
CENTRE = "620700007"  # 市效能投诉中心


def test_an_unaccepted_complaint_gets_yellow_then_red_for_the_centre(
    file_complaint: Filer, users: dict[str, User]
) -> None:
    row, _ = file_complaint(on=date(2026, 9, 28))  # accept due Sat 10 Oct (make-up day)
    with travel_to(date(2026, 10, 10)):
        assert issue_complaint_cards().yellow == 0  # due today: not yet
    with travel_to(date(2026, 10, 12)):
        first = issue_complaint_cards()
        again = issue_complaint_cards()
    assert (first.yellow, again.yellow) == (1, 0)  # idempotent
    yellow = ComplaintCard.objects.get(complaint=row)
    assert yellow.department.code == CENTRE
    assert (yellow.step, yellow.colour, yellow.due_on) == ("accept", "yellow", date(2026, 10, 10))
    assert yellow.follow_up_due_on == date(2026, 10, 14)  # 2 working days: 13, 14 Oct
    assert "2026年10月10日" in yellow.reason
    with travel_to(date(2026, 10, 15)):
        assert issue_complaint_cards().red == 1
    with travel_to(date(2026, 10, 16)):
        actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
        closed = issue_complaint_cards()
    assert closed.closed == 2
    assert set(ComplaintCard.objects.values_list("colour", "closed_on")) == {
        ("yellow", date(2026, 10, 16)),
        ("red", date(2026, 10, 16)),
    }


def test_a_late_explanation_is_the_departments_card(
    file_complaint: Filer, users: dict[str, User], bureau: Department
) -> None:
    row, _ = file_complaint()
    with travel_to(date(2026, 9, 14)):
        actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
        actions.request_explanation(actor=users["complaint"], complaint_id=row.pk, questions="说明")
    with travel_to(date(2026, 9, 21)):  # due Sun 20 Sep (make-up working day)
        run = issue_complaint_cards()
    assert run.yellow == 1
    card = ComplaintCard.objects.get(complaint=row, step="explanation")
    assert card.department == bureau
    told = Notification.objects.filter(kind="complaint_card_yellow")
    assert [n.recipient_id for n in told] == [users["depthead"].pk]


def test_the_sweep_is_a_scheduled_task(file_complaint: Filer) -> None:
    assert any(job.task.endswith("complaints.tasks.complaint_cards_sweep") for job in PERIODIC)
    file_complaint(on=date(2026, 9, 1))
    with travel_to(date(2026, 9, 30)):
        result = complaint_cards_sweep.call()
    assert result == {"yellow": 1, "red": 0, "closed": 0}


def test_the_scores_read_substantiated_complaints_and_cards(
    file_complaint: Filer, users: dict[str, User], bureau: Department
) -> None:
    conclusion = {"findings": "查实", "handling_opinion": "批评", "reply_text": "答复"}
    outcomes = ["substantiated", "partly", "unsubstantiated"]
    for outcome in outcomes:
        row, _ = file_complaint(on=date(2026, 9, 14))
        with travel_to(date(2026, 9, 15)):
            actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
            actions.conclude_complaint(
                actor=users["complaint"], complaint_id=row.pk, outcome=outcome, **conclusion
            )
    file_complaint(on=date(2026, 9, 1))
    with travel_to(date(2026, 9, 30)):
        issue_complaint_cards()
    september, october = Period(2026, "month", 9), Period(2026, "month", 10)
    assert collect("complaints", september, "department") == {bureau.pk: 2}
    assert collect("complaints", october, "department") == {}
    assert collect("complaints", september, "window") == {}
    centre = Department.objects.get(code=CENTRE).pk
    assert collect("other_yellow_cards", september, "department") == {centre: 1}
    assert collect("other_red_cards", september, "department") == {}


@pytest.mark.django_db(transaction=True)
def test_two_staff_accept_at_once(file_complaint: Filer, users: dict[str, User]) -> None:
    row, _ = file_complaint()
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def accept(actor: User) -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 9, 15)):
                actions.accept_complaint(actor=actor, complaint_id=row.pk)
            outcomes.append("accepted")
        except StageError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(u,))
        for u in (users["complaint"], users["complainthead"])
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["accepted", "not_allowed"]
    kinds = list(Complaint.objects.get(pk=row.pk).events.values_list("kind", flat=True))
    assert kinds == ["received", "accepted"]
