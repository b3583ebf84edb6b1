"""Domain rules §3: the light derived at query time, and the card sweep, with
hand-checked dates around the 2026 National Day holiday as shipped (off 1–7
Oct and Mid-Autumn 25–27 Sep; make-up working days Sun 20 Sep and Sat 10 Oct;
Thu 8 Oct is a working day)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from worlds import accepted_case, publish_promise_item
from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.alerts import alert_of
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications import tasks as notification_tasks
from xiaoneng.notifications.digest import send_digest
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User
from xiaoneng.supervision import tasks
from xiaoneng.supervision.actions import issue_cards
from xiaoneng.supervision.levels import AlertContext, with_alert_level
from xiaoneng.supervision.models import CardColour, SupervisionCard
from xiaoneng.supervision.selectors import AlertFilter, alert_cases
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db


def _level(actor: User, case: Case) -> str:
    row = alert_cases(actor).filter(pk=case.pk).values_list("alert_level", flat=True).first()
    return str(row)


def _desk(client: Any, **query: str) -> str:
    response = client.get("/supervision/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_untouched_case_walks_to_a_red_card(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    # Accepted Thu 17 Sep: 10 working days are 18, 20 (make-up Sun), 21, 22,
    # 23, 24, 28, 29, 30 Sep and 8 Oct (25–27 Sep and 1–7 Oct are off).
    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    assert case.due_on == date(2026, 10, 8)
    assert case.warning_days == 1
    supervisor, head = users["supervisor"], users["depthead"]
    login("supervisor")

    walk = {
        date(2026, 9, 28): "normal",  # 29, 30 Sep, 8 Oct left
        date(2026, 9, 29): "normal",  # 30 Sep, 8 Oct
        date(2026, 9, 30): "warning",  # only 8 Oct left: yellow light before the holiday
        date(2026, 10, 5): "warning",  # a holiday: still 1 left
        date(2026, 10, 8): "warning",  # due today, on time until midnight
        date(2026, 10, 9): "overdue",
    }
    for day, expected in walk.items():
        with travel_to(day):
            assert _level(supervisor, case) == expected, day
            assert alert_of(case, day, current_calendar()).value == expected
            page = _desk(client, level=expected)
            assert f'data-case="{case.pk}" data-level="{expected}"' in page
            assert issue_cards().yellow == (1 if expected == "overdue" else 0)

    yellow = SupervisionCard.objects.get(case=case)
    assert yellow.colour == CardColour.YELLOW
    assert yellow.step == "decision"
    assert yellow.issued_on == date(2026, 10, 9)
    # 2 working days after Fri 9 Oct: Sat 10 Oct (make-up), Mon 12 Oct.
    assert yellow.follow_up_due_on == date(2026, 10, 12)
    assert yellow.department == case.department
    assert yellow.reason == "办结期限2026年10月8日已过，办件超期"

    titles = list(Notification.objects.filter(recipient=head).values_list("title", flat=True))
    assert titles == [f"黄牌：办件 {case.tracking_no} 超期"]

    # The follow-up runs to the end of 12 Oct: nothing more until the 13th.
    for day in (date(2026, 10, 10), date(2026, 10, 12)):
        with travel_to(day):
            run = issue_cards()
            assert (run.yellow, run.red, run.closed) == (0, 0, 0)
    audit_before = AuditEvent.objects.count()
    with travel_to(date(2026, 10, 13)):
        assert issue_cards().red == 1
        # Twice, and through the task: nothing twice.
        assert tasks.issue_cards.call() == {"yellow": 0, "red": 0, "closed": 0, "warned": 0}
        page = _desk(client, level="overdue")
    assert AuditEvent.objects.count() == audit_before + 1
    red = SupervisionCard.objects.get(case=case, colour=CardColour.RED)
    assert red.follow_up_due_on is None
    assert red.reason == "黄牌整改期限2026年10月12日已过，办件仍超期"
    assert SupervisionCard.objects.filter(case=case).count() == 2
    assert '<span class="xs-card is-red"' in page
    assert '<span class="xs-card is-yellow"' in page

    # The department head sees both at once in the notification centre and the bell.
    assert Notification.objects.filter(recipient=head, read_at__isnull=True).count() == 2
    client.logout()
    login("depthead")
    with travel_to(date(2026, 10, 13)):
        page = client.get("/supervision/notifications/").content.decode()
        assert f"红牌：办件 {case.tracking_no} 超期" in page
        assert 'data-unread="2"' in page
        cards = client.get("/supervision/cards/").content.decode()
        assert f'data-card="{red.pk}"' in cards
        assert "提交说明" in cards

    # Deciding the case ends the lateness: the next sweep closes both cards.
    with travel_to(date(2026, 10, 14)):
        case_actions.decide_case(actor=head, case_id=case.pk, decision="approved")
        assert issue_cards().closed == 2
        assert issue_cards().closed == 0
    assert not SupervisionCard.objects.filter(case=case, closed_on__isnull=True).exists()
    assert verify_chain()[1] is None


def test_the_sweep_is_set_based_and_idempotent(
    users: dict[str, User], promise_item: ApprovalItem, django_assert_max_num_queries: Any
) -> None:
    cases = [accepted_case(users["window"], promise_item, date(2026, 9, 17)) for _ in range(6)]
    with travel_to(date(2026, 10, 9)):
        with django_assert_max_num_queries(30):
            assert issue_cards().yellow == 6
        with django_assert_max_num_queries(12):
            assert issue_cards().yellow == 0
    # One notification per head and run, naming the cases.
    note = Notification.objects.get(recipient=users["depthead"])
    assert note.title == "黄牌：本部门 6 件办件超期"
    assert all(c.tracking_no in note.body for c in cases)
    events = AuditEvent.objects.filter(event_type="supervision.cards_issued")
    assert events.count() == 1
    assert events.get().payload["count"] == 6


def test_the_follow_up_period_is_a_parameter(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    from xiaoneng.system.actions import set_parameter

    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    set_parameter(actor=users["admin"], key="supervision.yellow_card_followup_days", value="4")
    with travel_to(date(2026, 10, 9)):
        issue_cards()
    # 4 working days after Fri 9 Oct: 10 (Sat, make-up), 12, 13, 14 Oct.
    assert SupervisionCard.objects.get(case=case).follow_up_due_on == date(2026, 10, 14)


def test_query_time_levels_agree_with_the_case_clock(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    """Every kind of running deadline: intake (notice window), waiting for the
    applicant, processing, paused, decided (delivery window)."""
    window, head, reviewer = users["window"], users["depthead"], users["reviewer"]
    with travel_to(date(2026, 9, 21)):
        received, _ = case_actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="甲"
        )
        waiting, _ = case_actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="乙"
        )
        case_actions.issue_supplement_notice(actor=window, case_id=waiting.pk, missing=["章程"])
    paused = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 9, 29)):
        case_actions.suspend_case(
            actor=reviewer,
            case_id=paused.pk,
            procedure="expert_review",
            expected_days=10,
            reason="专家评审",
        )
    decided = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 9, 22)):
        case_actions.decide_case(actor=head, case_id=decided.pk, decision="approved")
    running = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    calendar = current_calendar()
    ids = [received.pk, waiting.pk, paused.pk, decided.pk, running.pk]
    seen = set()
    day = date(2026, 9, 29)
    while day <= date(2026, 10, 16):
        with travel_to(day):
            annotated = dict(
                with_alert_level(Case.objects.filter(pk__in=ids)).values_list("pk", "alert_level")
            )
            for case in Case.objects.filter(pk__in=ids).prefetch_related("events"):
                assert annotated[case.pk] == alert_of(case, day, calendar).value, (case, day)
                seen.add(annotated[case.pk])
        day += timedelta(days=1)
    assert seen == {"none", "normal", "warning", "overdue"}


def test_a_per_item_threshold_moves_the_warning(users: dict[str, User], catalog: None) -> None:
    item = publish_promise_item(
        users["admin"],
        code="TEST-0005-03",
        basic_code="0100099003",
        name="预警三日事项（测试）",
        warning_days=3,
    )
    three = accepted_case(users["window"], item, date(2026, 9, 17))
    assert three.warning_days == 3
    assert three.due_on == date(2026, 10, 8)
    with travel_to(date(2026, 9, 24)):
        # 28, 29, 30 Sep, 8 Oct left: 4 > 3.
        assert _level(users["supervisor"], three) == "normal"
    with travel_to(date(2026, 9, 28)):
        # 29, 30 Sep, 8 Oct: 3 ≤ 3.
        assert _level(users["supervisor"], three) == "warning"
        warned = alert_cases(users["supervisor"], AlertFilter(level="warning"))
        assert list(warned.values_list("pk", flat=True)) == [three.pk]


def test_digest_sends_one_mail_per_recipient_after_commit(
    users: dict[str, User],
    promise_item: ApprovalItem,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # No action edits e-mail addresses yet: the test gives the head one.
    User.objects.filter(username="depthead").update(email="wangzh@example.gov.cn")
    for _ in range(2):
        accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 10, 9)), django_capture_on_commit_callbacks(execute=True) as cbs:
        issue_cards()
    assert len(cbs) == 1  # one digest enqueued, after commit
    assert DBTaskResult.objects.filter(
        task_path="xiaoneng.notifications.tasks.send_notification_digest"
    ).exists()
    with travel_to(date(2026, 10, 13)), django_capture_on_commit_callbacks(execute=True):
        issue_cards()  # two red cards: one more message
    assert Notification.objects.filter(recipient=users["depthead"]).count() == 2
    assert notification_tasks.send_notification_digest.call() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wangzh@example.gov.cn"]
    assert "2 条新通知" in message.body
    assert "黄牌" in message.body
    assert "红牌" in message.body
    assert send_digest() == 0
    assert len(mail.outbox) == 1


def test_the_jobs_are_scheduled() -> None:
    names = {job.task for job in PERIODIC}
    assert "xiaoneng.supervision.tasks.issue_cards" in names
    assert "xiaoneng.notifications.tasks.send_notification_digest" in names
    for job in PERIODIC:
        assert job.resolve() is not None


def test_a_paused_case_keeps_its_light(users: dict[str, User], promise_item: ApprovalItem) -> None:
    """ALL art. 45: a suspension stops the clock, and the light with it."""
    reviewer, supervisor = users["reviewer"], users["supervisor"]
    calm = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    late = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 9, 28)):
        case_actions.suspend_case(
            actor=reviewer, case_id=calm.pk, procedure="testing", expected_days=20, reason="检测"
        )
    with travel_to(date(2026, 10, 9)):
        case_actions.suspend_case(
            actor=reviewer, case_id=late.pk, procedure="testing", expected_days=5, reason="检测"
        )
    with travel_to(date(2026, 10, 20)):
        context = AlertContext.build(Case.objects.filter(pk__in=[calm.pk, late.pk]))
        assert context.paused_overdue == {late.pk}
        assert context.paused_warning == frozenset()
        # Boundary of "≤ 1 working day left" on Tue 20 Oct: due by Wed 21 Oct.
        assert context.warn_until[1] == date(2026, 10, 21)
        assert _level(supervisor, calm) == "normal"  # 8 Oct has passed, but the clock stands
        assert _level(supervisor, late) == "overdue"
        run = issue_cards()
    assert (run.yellow, run.red) == (1, 0)
    assert SupervisionCard.objects.get().case_id == late.pk


def test_the_api_lists_alerts_and_cards_and_takes_a_reply(
    api: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 10, 9)):
        issue_cards()
        supervisor = api("supervisor")
        alerts = supervisor.get("/supervision/alerts?level=overdue").json()
        assert [(a["id"], a["alert_level"], a["step"]) for a in alerts] == [
            (case.pk, "overdue", "decision")
        ]
        assert supervisor.get("/supervision/alerts?level=warning").json() == []
    head = api("depthead")
    cards = head.get("/supervision/cards?colour=yellow").json()
    assert [(c["case_id"], c["follow_up_due_on"]) for c in cards] == [(case.pk, "2026-10-12")]
    with travel_to(date(2026, 10, 10)):
        replied = head.post(
            f"/supervision/cards/{cards[0]['id']}/reply", {"reply": "专家评审延误，10月12日前办结"}
        )
    assert replied.status_code == 200
    assert replied.json()["replied_on"] == "2026-10-10"
    assert AuditEvent.objects.filter(event_type="supervision.card_replied").count() == 1
