"""Supervision of subjects that are not cases (issue 9): an order on a target
task issued and closed under the caller's permission and answered by the
unit; an anomaly raised once per subject; yellow, red and closed cards from
the owning app's list of overdue steps; the desks show the subject rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from worlds import received_case
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.actions import close_order, issue_order, reply_order
from xiaoneng.supervision.actions.subjects import (
    _insert_anomalies,
    issue_subject_order,
    raise_subject_anomalies,
    raise_subject_anomaly,
    sweep_subject_cards,
)
from xiaoneng.supervision.models import (
    Anomaly,
    AnomalyKind,
    CardColour,
    OrderStatus,
    SubjectCard,
    SupervisionOrder,
)
from xiaoneng.supervision.subjects import Overdue, Subject
from xiaoneng.system.params import get_param

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)


def _subject(code: str = "620700005", ref: int = 7, kind: str = "target_task") -> Subject:
    unit = Department.objects.get(code=code)
    return Subject(
        kind=kind,
        ref=ref,
        title="招商引资到位资金 30 亿元",
        url=f"/targets/tasks/{ref}/",
        department_id=unit.pk,
    )


def _urge(users: dict[str, User], subject: Subject | None = None) -> SupervisionOrder:
    with travel_to(MONDAY):
        return issue_subject_order(
            actor=users["inspector"],
            subject=subject or _subject(),
            permission="target.manage",
            text="三季度节点未完成，请说明原因",
            due_on=date(2026, 11, 6),
        )


# --- orders ---------------------------------------------------------------------------


def test_a_target_order_is_issued_under_the_callers_permission(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied), travel_to(MONDAY):
        issue_subject_order(
            actor=users["depthead"],
            subject=_subject(),
            permission="target.manage",
            text="x",
            due_on=date(2026, 11, 6),
        )
    order = _urge(users)
    assert order.case is None
    assert (order.subject_kind, order.subject_ref, order.permission) == (
        "target_task",
        7,
        "target.manage",
    )
    assert order.department.code == "620700005"
    note = Notification.objects.get(recipient=users["depthead"], kind="order_urge")
    assert "目标任务：招商引资到位资金 30 亿元" in note.title
    event = AuditEvent.objects.get(object_type="supervision_order", object_id=str(order.pk))
    assert event.payload["subject"] == "target_task"
    with pytest.raises(InvalidInput) as bad, travel_to(MONDAY):
        issue_subject_order(
            actor=users["inspector"],
            subject=_subject(kind="no_such_kind"),
            permission="target.manage",
            text="x",
            due_on=date(2026, 11, 6),
        )
    assert bad.value.code == "subject_kind_invalid"
    elsewhere = Subject("target_task", 7, "x", "https://example.com/", order.department_id)
    with pytest.raises(InvalidInput) as bad, travel_to(MONDAY):
        issue_subject_order(
            actor=users["inspector"],
            subject=elsewhere,
            permission="target.manage",
            text="x",
            due_on=date(2026, 11, 6),
        )
    assert bad.value.code == "subject_url_invalid"


def test_only_the_units_heads_reply_to_a_subject_order(users: dict[str, User]) -> None:
    order = _urge(users)
    with pytest.raises(NotFound), travel_to(MONDAY):
        reply_order(actor=users["fagai"], order_id=order.pk, reply="不是我们的")
    with pytest.raises(PermissionDenied), travel_to(MONDAY):
        reply_order(actor=users["inspector"], order_id=order.pk, reply="代答")
    with travel_to(date(2026, 11, 4)):
        replied = reply_order(actor=users["depthead"], order_id=order.pk, reply="已完成 28 亿元")
    assert replied.status == OrderStatus.REPLIED
    assert Notification.objects.filter(recipient=users["inspector"], kind="order_replied").exists()


def test_the_issuer_closes_a_target_order_and_the_bureau_a_case_order(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    target_order = _urge(users)
    case = received_case(users["window"], promise_item, MONDAY)
    with travel_to(MONDAY):
        case_order = issue_order(
            actor=users["supervisor"],
            case_id=case.pk,
            kind="urge",
            text="请加快办理",
            due_on=date(2026, 11, 6),
        )
    with travel_to(date(2026, 11, 4)):
        for order in (target_order, case_order):
            reply_order(actor=users["depthead"], order_id=order.pk, reply="已办")
        with pytest.raises(PermissionDenied):
            close_order(actor=users["inspector"], order_id=case_order.pk)
        with pytest.raises(PermissionDenied):
            close_order(actor=users["supervisor"], order_id=target_order.pk)
        with pytest.raises(PermissionDenied):
            close_order(actor=users["depthead"], order_id=target_order.pk)
        closed = close_order(actor=users["inspector"], order_id=target_order.pk, note="属实")
        case_closed = close_order(actor=users["supervisor"], order_id=case_order.pk)
    assert closed.status == case_closed.status == OrderStatus.CLOSED
    event = AuditEvent.objects.get(event_type="supervision.order_closed", object_id=str(closed.pk))
    assert event.payload["title"] == "招商引资到位资金 30 亿元"


def test_the_orders_desk_shows_the_subject_and_who_may_close(
    users: dict[str, User], client: Client, login: Any
) -> None:
    order = _urge(users)
    with travel_to(date(2026, 11, 4)):
        reply_order(actor=users["depthead"], order_id=order.pk, reply="已完成 28 亿元")
    login("inspector")
    page = client.get("/supervision/orders/").content.decode()
    assert 'href="/targets/tasks/7/"' in page
    assert "目标任务" in page
    assert f'action="/supervision/orders/{order.pk}/close/"' in page
    client.logout()
    login("supervisor")
    page = client.get("/supervision/orders/?subject=target_task").content.decode()
    assert "招商引资到位资金" in page
    assert f'action="/supervision/orders/{order.pk}/close/"' not in page
    assert (
        "招商引资到位资金" not in client.get("/supervision/orders/?subject=case").content.decode()
    )
    # The web form goes through the action: the bureau's POST is refused.
    client.post(f"/supervision/orders/{order.pk}/close/", {"note": "x"})
    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED


def test_the_api_names_the_subject(users: dict[str, User], api: Any) -> None:
    order = _urge(users)
    listed = api("depthead").get("/supervision/orders").json()
    assert [o["id"] for o in listed] == [order.pk]
    assert listed[0]["case_id"] is None
    assert listed[0]["subject_url"] == "/targets/tasks/7/"
    assert api("fagai").get("/supervision/orders").json() == []


# --- anomalies ------------------------------------------------------------------------


def test_a_subject_anomaly_is_raised_once_and_shown(
    users: dict[str, User], client: Client, login: Any
) -> None:
    request = _subject(ref=3, kind="request")
    evidence = {"transfers": 3, "facts": [["转办次数", "3"]], "on": MONDAY}
    with travel_to(MONDAY):
        first = raise_subject_anomaly(
            subject=request, kind="shuffled", evidence=evidence, found_on=MONDAY
        )
        again = raise_subject_anomaly(
            subject=request, kind="shuffled", evidence=evidence, found_on=MONDAY
        )
    assert first is not None
    assert again is None
    assert Anomaly.objects.filter(kind=AnomalyKind.SHUFFLED).count() == 1
    assert first.evidence["on"] == "2026-11-02"
    assert Notification.objects.filter(recipient=users["depthead"], kind="anomaly").count() == 1
    login("depthead")
    listed = client.get("/supervision/anomalies/?subject=request").content.decode()
    assert "推诿扯皮（多次转办）" in listed
    assert 'href="/targets/tasks/3/"' in listed
    detail = client.get(f"/supervision/anomalies/{first.pk}/")
    assert detail.status_code == 200
    assert "data-subject-evidence" in detail.content.decode()
    response = client.post(
        f"/supervision/anomalies/{first.pk}/explain/", {"explanation": "已明确承办单位"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.explanation == "已明确承办单位"
    client.logout()
    login("fagai")
    assert client.get(f"/supervision/anomalies/{first.pk}/").status_code == 404


def _late(ref: int, code: str) -> tuple[Subject, dict[str, Any]]:
    return _subject(code=code, ref=ref, kind="disclosure_item"), {"due_on": MONDAY}


def test_many_findings_at_once_as_one_by_one_in_a_few_queries(
    users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    gongshang, fagai = "620700005", "620700002"
    with travel_to(MONDAY):
        raise_subject_anomaly(
            subject=_late(1, gongshang)[0], kind="disclosure_late", evidence={}, found_on=MONDAY
        )
        findings = [_late(ref, gongshang if ref % 2 else fagai) for ref in range(1, 41)]
        findings.append(_late(2, fagai))  # the same subject twice: once
        events = AuditEvent.objects.count()
        # Per call, not per finding: units, recorded, insert, audit (per unit), heads, notices.
        with django_assert_max_num_queries(20):
            raised = raise_subject_anomalies(
                kind="disclosure_late", findings=findings, found_on=MONDAY
            )
    assert sorted(a.subject_ref for a in raised) == list(range(2, 41))  # 1 was recorded
    assert all(a.pk for a in raised)
    assert Anomaly.objects.filter(kind="disclosure_late").count() == 40
    assert AuditEvent.objects.count() - events == 2  # one event per unit
    heads = Notification.objects.filter(recipient=users["depthead"], kind="anomaly")
    assert heads.count() == 1 + 19  # 市工商局's odd refs, the first one included
    ours = Anomaly.objects.filter(kind="disclosure_late", department__code=gongshang)
    assert set(heads.values_list("link", flat=True)) == {
        f"/supervision/anomalies/{pk}/" for pk in ours.values_list("pk", flat=True)
    }
    with pytest.raises(InvalidInput):
        raise_subject_anomalies(
            kind="disclosure_late",
            findings=[(Subject("disclosure_item", 99, "x", "/x/", 10**9), {})],
            found_on=MONDAY,
        )


def test_a_racing_sweeps_row_wins_and_the_others_are_kept(users: dict[str, User]) -> None:
    with travel_to(MONDAY):
        raced = raise_subject_anomaly(
            subject=_late(5, "620700005")[0], kind="disclosure_late", evidence={}, found_on=MONDAY
        )
    assert raced is not None
    twin, other = (
        Anomaly(
            kind="disclosure_late",
            department_id=raced.department_id,
            detected_on=MONDAY,
            summary="x",
            run="r",
            **_late(ref, "620700005")[0].fields(),
        )
        for ref in (5, 6)
    )
    kept = _insert_anomalies([twin, other])
    assert [a.subject_ref for a in kept] == [6]
    assert Anomaly.objects.filter(kind="disclosure_late").count() == 2


# --- cards ----------------------------------------------------------------------------


def test_cards_yellow_then_red_then_closed(
    users: dict[str, User], client: Client, login: Any, api: Any
) -> None:
    task = _subject()
    milestone = Overdue(subject=task, step="milestone", due_on=date(2026, 10, 30))
    report = Overdue(subject=task, step="report", due_on=date(2026, 11, 6))
    with travel_to(MONDAY):
        # The report is not yet due: only the milestone is carded.
        run = sweep_subject_cards(kind="target_task", overdue=[milestone, report], today=MONDAY)
        assert (run.yellow, run.red, run.closed) == (1, 0, 0)
        run = sweep_subject_cards(kind="target_task", overdue=[milestone], today=MONDAY)
        assert (run.yellow, run.red, run.closed) == (0, 0, 0)
    yellow = SubjectCard.objects.get()
    follow_up = current_calendar().add_workdays(
        MONDAY, get_param("supervision.yellow_card_followup_days")
    )
    assert yellow.follow_up_due_on == follow_up
    assert "节点期限2026年10月30日已过" in yellow.reason
    assert Notification.objects.filter(recipient=users["depthead"], kind="card_yellow").exists()
    with travel_to(follow_up):
        assert (
            sweep_subject_cards(kind="target_task", overdue=[milestone], today=follow_up).red == 0
        )
    later = current_calendar().add_workdays(follow_up, 1)
    with travel_to(later):
        run = sweep_subject_cards(kind="target_task", overdue=[milestone], today=later)
        assert (run.yellow, run.red) == (0, 1)
        assert sweep_subject_cards(kind="target_task", overdue=[milestone], today=later).red == 0
        # Another kind's sweep leaves these alone.
        assert sweep_subject_cards(kind="request", overdue=[], today=later).closed == 0
    login("inspector")
    page = client.get("/supervision/cards/subjects/?colour=red").content.decode()
    assert "招商引资到位资金" in page
    assert "黄牌整改期限" in page
    desk = client.get("/supervision/").content.decode()
    assert 'data-count="subject-red">1<' in desk
    done = current_calendar().add_workdays(later, 1)
    with travel_to(done):
        assert sweep_subject_cards(kind="target_task", overdue=[], today=done).closed == 2
    assert not SubjectCard.objects.filter(closed_on__isnull=True).exists()
    listed = api("depthead").get("/supervision/subject-cards?subject=target_task&colour=red").json()
    assert [(c["subject_url"], c["step"], c["closed_on"]) for c in listed] == [
        ("/targets/tasks/7/", "milestone", done.isoformat())
    ]
    assert api("fagai").get("/supervision/subject-cards").json() == []
    colours = sorted(SubjectCard.objects.values_list("colour", flat=True))
    assert colours == [CardColour.RED, CardColour.YELLOW]
    client.logout()
    login("fagai")
    assert "招商引资到位资金" not in client.get("/supervision/cards/subjects/").content.decode()


def test_a_sweep_refuses_another_kinds_steps(users: dict[str, User]) -> None:
    step = Overdue(subject=_subject(), step="deadline", due_on=date(2026, 10, 1))
    with pytest.raises(InvalidInput) as refused:
        sweep_subject_cards(kind="request", overdue=[step], today=MONDAY)
    assert refused.value.code == "subject_kind_mismatch"
    assert not SubjectCard.objects.exists()
