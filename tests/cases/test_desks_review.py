"""审查决定 and the shared case page: 我的办件 by time left, the head's
extension approvals, steps shown by permission and status, and refused steps
shown with their code instead of a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_desks_support import RECEIVED_ON, accept, html, receive, switch

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, CaseStatus
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

JOINT = "0100090000620700005"  # 企业设立联合审批: 市工商局 leads, 质监 and 公安 give opinions


def _step_keys(response: Any) -> set[str]:
    return {s.step.key for s in response.context["steps"]}


def test_the_reviewer_sees_the_case_in_my_cases(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    later = accept(users, promise_item.code, date(2026, 3, 2))
    sooner = accept(users, promise_item.code)
    waiting = receive(users, promise_item.code)  # not yet accepted: the window's
    login("reviewer")
    with travel_to(date(2026, 3, 2)):
        response = client.get("/cases/desk/")
    assert [row.case.pk for row in response.context["rows"]] == [sooner.pk, later.pk]
    page = html(response)
    assert sooner.tracking_no in page
    assert waiting.tracking_no not in page
    assert "今日到期" in page


def test_the_head_approves_an_extension_from_the_desk(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accept(users, promise_item.code)
    login("reviewer")
    with travel_to(date(2026, 2, 24)):
        assert "extend" in _step_keys(client.get(f"/cases/{case.pk}/"))
        requested = client.post(
            f"/cases/{case.pk}/do/extend/", {"days": "5", "reason": "需补充现场核查"}
        )
    assert requested.status_code == 302
    assert Case.objects.get(pk=case.pk).extension_requested_days == 5
    switch(client, login, "depthead")
    desk = client.get("/cases/desk/")
    assert [row.case.pk for row in desk.context["approvals"]] == [case.pk]
    assert "需补充现场核查" in html(desk)
    with travel_to(date(2026, 2, 25)):
        approved = client.post(
            f"/cases/{case.pk}/do/approve-extension/",
            {"version": Case.objects.get(pk=case.pk).version, "next": "/cases/desk/"},
        )
    assert approved.status_code == 302
    assert approved["Location"] == "/cases/desk/"
    stored = Case.objects.get(pk=case.pk)
    assert stored.extension_days == 5
    # 2 Mar + 5 working days: 3, 4, 5, 6, 9 Mar.
    assert stored.decision_due_on == date(2026, 3, 9)
    after = client.get("/cases/desk/")
    assert after.context["approvals"] == []
    assert "已批准延期 5 个工作日" in html(after)


def test_an_offsite_next_is_ignored(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accept(users, promise_item.code)
    login("window")
    with travel_to(RECEIVED_ON):
        response = client.post(
            f"/cases/{case.pk}/do/withdraw/", {"next": "https://example.com/", "reason": "x"}
        )
    assert response["Location"] == f"/cases/{case.pk}/"


def test_steps_follow_permission_and_status(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = receive(users, promise_item.code)
    login("window")
    page = client.get(f"/cases/{case.pk}/")
    assert _step_keys(page) == {"accept", "supplement-notice", "refuse", "withdraw"}
    switch(client, login, "reviewer")
    assert _step_keys(client.get(f"/cases/{case.pk}/")) == set()
    with travel_to(RECEIVED_ON):
        client.logout()
        login("window")
        client.post(f"/cases/{case.pk}/do/accept/", {})
    switch(client, login, "reviewer")
    with travel_to(RECEIVED_ON):
        assert _step_keys(client.get(f"/cases/{case.pk}/")) == {"suspend", "extend"}
    switch(client, login, "depthead")
    with travel_to(RECEIVED_ON):
        assert _step_keys(client.get(f"/cases/{case.pk}/")) == {"suspend", "extend", "decide"}
    # Once the limit has run out, no extension is offered (ALL art. 42).
    due = Case.objects.get(pk=case.pk).due_on
    assert due is not None
    with travel_to(current_calendar().add_workdays(due, 1)):
        assert _step_keys(client.get(f"/cases/{case.pk}/")) == {"suspend", "decide"}


def test_the_case_page_shows_the_clock_and_the_timeline(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accept(users, promise_item.code)
    login("reviewer")
    with travel_to(date(2026, 2, 24)):
        client.post(
            f"/cases/{case.pk}/do/suspend/",
            {"procedure": "expert_review", "expected_days": "10", "reason": "组织专家评审"},
        )
    with travel_to(date(2026, 2, 26)):
        page = client.get(f"/cases/{case.pk}/")
    text = html(page)
    assert page.context["case"].status == CaseStatus.SUSPENDED
    for words in ("特别程序（中止计时）", "专家评审", "组织专家评审", "预计所需时间", "10 天"):
        assert words in text
    assert "收件" in text
    assert "受理" in text
    # Frozen as on 24 Feb: 25, 26, 27, 28 Feb and 2 Mar were left.
    assert page.context["light"].text == "剩余 5 个工作日（计时中止）"
    assert page.context["light"].due == date(2026, 3, 2)
    assert "恢复计时后按中止的工作日顺延" in text
    assert "2026年2月10日" in text
    assert _step_keys(page) == {"resume", "extend"}


def test_a_domain_error_is_shown_with_its_code(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = receive(users, promise_item.code)
    login("window")
    with travel_to(RECEIVED_ON):
        first = client.post(
            f"/cases/{case.pk}/do/supplement-notice/",
            {"materials": ["设立登记申请书"], "other": "法定代表人未签字"},
        )
        assert first.status_code == 302
        second = client.post(f"/cases/{case.pk}/do/supplement-notice/", {"other": "再补一项"})
    assert second.status_code == 409
    text = html(second)
    assert "一次性告知只能发出一次" in text
    assert "supplement_notice_already_issued" in text
    notice = CaseEvent.objects.get(case=case, kind="supplement_notice")
    assert notice.payload["missing"] == ["设立登记申请书", "法定代表人未签字"]


def test_a_refusal_without_reasons_is_refused_in_place(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = receive(users, promise_item.code)
    login("window")
    response = client.post(f"/cases/{case.pk}/do/refuse/", {"reason": " "})
    assert response.status_code == 422
    assert "refusal_reason_required" in html(response)
    opened = [s for s in response.context["steps"] if s.is_open]
    assert [s.step.key for s in opened] == ["refuse"]


def test_a_stale_page_conflicts(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = receive(users, promise_item.code)
    login("window")
    with travel_to(RECEIVED_ON):
        response = client.post(f"/cases/{case.pk}/do/accept/", {"version": case.version - 1})
    assert response.status_code == 409
    assert "case_version_conflict" in html(response)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_a_step_the_actor_lacks_is_refused_by_the_action(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = receive(users, promise_item.code)
    login("reviewer")  # may see the case, may not accept it
    response = client.post(f"/cases/{case.pk}/do/accept/", {})
    assert response.status_code == 403
    assert "permission_denied" in html(response)
    assert client.post(f"/cases/{case.pk}/do/no-such-step/", {}).status_code == 404
    assert client.get(f"/cases/{case.pk}/do/accept/").status_code == 405


def test_a_deadline_in_an_unpublished_year_is_marked_provisional(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    # 10 working days after 28 Dec 2026 fall in 2027, whose holidays are not out yet.
    case = accept(users, promise_item.code, date(2026, 12, 28))
    assert case.provisional
    login("reviewer")
    with travel_to(date(2026, 12, 29)):
        page = client.get(f"/cases/{case.pk}/")
        desk = client.get("/cases/desk/")
    assert "data-provisional" in html(page)
    assert "期限待定" in html(page)
    assert "2027年节假日安排尚未公布" in html(page)  # what it means, beside the date
    assert "期限待定" in html(desk)


def test_a_deadline_in_a_published_year_is_not_marked(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accept(users, promise_item.code, date(2026, 12, 1))
    assert case.decision_due_on is not None
    assert case.decision_due_on.year == 2026
    login("reviewer")
    with travel_to(date(2026, 12, 2)):
        page = client.get(f"/cases/{case.pk}/")
    assert "期限待定" not in html(page)
    assert "data-provisional" not in html(page)


def test_a_co_department_gives_its_opinion_from_the_desk(
    client: Any, login: Any, users: dict[str, User], catalog: None
) -> None:
    case = accept(users, JOINT)  # 质监 and 公安 owe opinions within 2 working days
    # The demo city's 质监局 reviewer.
    login("zhijian")
    with travel_to(RECEIVED_ON):
        desk = client.get("/cases/desk/")
        assert [t.case.pk for t in desk.context["opinions"]] == [case.pk]
        assert desk.context["rows"] == []  # not its bureau's own case
        assert "opinion" in _step_keys(client.get(f"/cases/{case.pk}/"))
        given = client.post(
            f"/cases/{case.pk}/do/opinion/", {"agrees": "1", "opinion": "同意赋码发证"}
        )
    assert given.status_code == 302
    opinion = CaseOpinion.objects.get(case=case, department__code="620700024")
    assert opinion.agrees is True
    assert opinion.given_on == RECEIVED_ON
    assert list(client.get("/cases/desk/").context["opinions"]) == []
    # The lead cannot decide while 公安 still owes its opinion.
    switch(client, login, "depthead")
    with travel_to(RECEIVED_ON):
        refused = client.post(f"/cases/{case.pk}/do/decide/", {"decision": "approved"})
    assert refused.status_code == 409
    assert "opinions_pending" in html(refused)
    assert "同意赋码发证" in html(refused)
