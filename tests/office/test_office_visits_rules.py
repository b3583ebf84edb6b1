"""Leaders' front-line work: the visit's day not in the future, the
problem's deadline in working days, the unit's heads told, only the unit
resolves, the overdue card then closed once resolved; pages and API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions.visits import log_visit, resolve_issue
from xiaoneng.office.models.emergencies import VisitIssue
from xiaoneng.office.sweeps.visits import sweep
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import SubjectCard

pytestmark = pytest.mark.django_db

DAY = date(2026, 7, 10)  # a Friday


def saic() -> int:
    return Department.objects.get(code="620700005").pk


def visit(users: dict[str, User], **over: Any) -> Any:
    data = {
        "kind": "village",
        "visited_on": DAY,
        "place": "民乐县六坝镇",
        "people_met": "村两委、种植户代表",
        "summary": "了解夏粮收购情况。",
        "issues": [{"problem": "个体户执照变更跑两趟", "unit_id": saic()}],
    } | over
    return log_visit(actor=users["leader"], **data)


def test_day_not_in_the_future_and_deadline_in_working_days(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        with pytest.raises(InvalidInput) as future:
            visit(users, visited_on=DAY + timedelta(days=1))
        assert future.value.code == "office_visit_day_invalid"
        with pytest.raises(InvalidInput) as unit:
            visit(users, issues=[{"problem": "x", "unit_id": 0}])
        assert unit.value.code == "office_visit_unit_invalid"
        row = visit(users)
    issue = row.issues.get()
    assert issue.due_on == current_calendar().add_workdays(DAY, 15)
    assert issue.due_on == date(2026, 7, 31)  # 15 working days after Friday 10 July
    told = Notification.objects.filter(kind="office_visit_issue", recipient=users["depthead"])
    assert told.count() == 1


def test_only_a_leader_logs_and_only_the_unit_resolves(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        with pytest.raises(PermissionDenied):
            log_visit(
                actor=users["office"],
                kind="survey",
                visited_on=DAY,
                place="x",
                people_met="x",
                summary="x",
            )
        issue = visit(users).issues.get()
        with pytest.raises(NotFound):
            resolve_issue(actor=users["minle"], issue_id=issue.pk, result="x")
        with pytest.raises(InvalidInput):
            resolve_issue(actor=users["office"], issue_id=issue.pk, result=" ")
        resolve_issue(actor=users["office"], issue_id=issue.pk, result="已实行一次办结")
        with pytest.raises(Conflict):
            resolve_issue(actor=users["depthead"], issue_id=issue.pk, result="again")


def test_overdue_card_then_closed(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        issue = visit(users).issues.get()
    assert sweep(issue.due_on) == {}  # due today: not yet late
    late_day = issue.due_on + timedelta(days=1)
    assert sweep(late_day) == {"yellow": 1}
    assert sweep(late_day) == {}  # idempotent
    card = SubjectCard.objects.get(subject_kind="visit_issue")
    assert (card.step, card.department_id, card.subject_ref) == ("follow_up", saic(), issue.pk)
    with travel_to(late_day):
        resolve_issue(actor=users["office"], issue_id=issue.pk, result="已办结")
    assert sweep(late_day + timedelta(days=1)) == {"closed": 1}
    card.refresh_from_db()
    assert card.closed_on is not None


def test_pages_and_api(office_world: Any, login: Any, client: Any, api: Any) -> None:
    with travel_to(DAY):
        login("leader")
        page = client.get("/office/frontline/")
        assert page.status_code == 200
        assert "记录一线工作" in page.content.decode()
        posted = client.post(
            "/office/frontline/",
            {
                "kind": "survey",
                "visited_on": DAY.isoformat(),
                "place": "张掖经济技术开发区",
                "people_met": "企业负责人",
                "summary": "座谈",
                "problem_0": "企业年报填报不便",
                "unit_0": str(saic()),
            },
        )
        assert posted.status_code == 302
        refused = client.post("/office/frontline/", {"kind": "survey", "visited_on": "2099-01-01"})
        assert refused.status_code == 400
        assert "office_visit_day_invalid" in refused.content.decode()
        counts = client.get("/office/frontline/?tab=counts&year=2026")
        assert "刘卫东" in counts.content.decode()
        client.logout()
        login("office")
        issues = client.get("/office/frontline/?tab=issues")
        assert "企业年报填报不便" in issues.content.decode()
        pk = VisitIssue.objects.get().pk
        assert (
            client.post(f"/office/frontline/issues/{pk}/resolve/", {"result": "已优化"}).status_code
            == 302
        )
        client.logout()
        login("minle")
        assert (
            "企业年报填报不便" not in client.get("/office/frontline/?tab=issues").content.decode()
        )
        leader = api("leader")
        made = leader.post(
            "/frontline/visits",
            {
                "kind": "site",
                "visited_on": DAY.isoformat(),
                "place": "市政务服务中心",
                "people_met": "窗口人员",
                "summary": "现场办公",
                "issues": [{"problem": "叫号系统故障", "unit_id": saic()}],
            },
        )
        assert made.status_code == 201, made.content
        assert made.json()["issues"][0]["due_on"] == "2026-07-31"
        bad = leader.post("/frontline/visits", {**made.json(), "kind": "party", "issues": []})
        assert bad.status_code == 400
        assert bad.json()["code"] == "office_visit_kind_invalid"
        office = api("office")
        open_issues = office.get("/frontline/issues?open_only=true").json()
        assert [i["problem"] for i in open_issues] == ["叫号系统故障"]
        done = office.post(
            f"/frontline/issues/{open_issues[0]['id']}/resolve", {"result": "已修复"}
        )
        assert done.status_code == 200
        assert done.json()["resolved_at"]
        other = api("minle")
        refused = other.post(f"/frontline/issues/{open_issues[0]['id']}/resolve", {"result": "x"})
        assert refused.status_code == 404
        assert other.get(f"/frontline/visits/{made.json()['id']}").status_code == 404
        assert len(api("supervisor").get("/frontline/visits").json()) == 2
