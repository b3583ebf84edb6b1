"""The target and supervision figures (issue 9) where the 督查室 and the
leaders look first: the big screen's "目标与督办" panel and the workbench
KPIs, both the targets and directives apps' own counts, within the viewer's
scope. The world: 市发改委 (fagai, in the demo leader's portfolio) with a
target task whose milestone fell due on 10 March and a directive task due 13
March, a report waiting for 核实 and an adjustment of each pending; seen on
Friday 20 March 2026."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.bigscreen.selectors import snapshot
from xiaoneng.bigscreen.targets import count_targets, targets_figures
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions as directives
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions as targets

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
FAGAI = "620700002"


@pytest.fixture
def supervised(users: dict[str, User], tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    inspector, head = users["inspector"], users["fagai"]
    unit = Department.objects.get(code=FAGAI)
    leaf = {
        "code": "1",
        "title": "重点项目前期工作",
        "category": "重点项目",
        "lead": unit.name,
        "leader": "王副市长",
        "person": "张主任",
        "deadline": "2026-12-31",
        "standard": "完成 10 个重点项目可研批复",
        "weight": "100",
        "m1": "完成 3 个项目可研批复",
        "m1_due": "2026-03-10",
    }
    with travel_to(date(2026, 2, 2)):
        book = targets.import_book(actor=inspector, year=2026, department_id=unit.pk, rows=[leaf])
        targets.sign_book(actor=inspector, book_id=book.pk, signed_by="张主任", signed_for="市长")
    task = book.tasks.get()
    with travel_to(date(2026, 3, 2)):
        directive = directives.register_directive(
            actor=inspector,
            source="meeting",
            number="市政府第12次常务会议",
            title="重点项目集中开工",
            content="会议决定：3月13日前完成项目清单。",
            issued_on=date(2026, 3, 2),
            tasks=[
                {
                    "department_id": unit.pk,
                    "requirement": "报送项目清单",
                    "due_on": date(2026, 3, 13),
                }
            ],
        )
        targets.submit_report(
            actor=head,
            task_id=task.pk,
            year=2026,
            month=2,
            text_="已完成 1 个项目可研批复",
            percent=10,
        )
    with travel_to(date(2026, 3, 16)):
        targets.request_adjustment(
            actor=head, task_id=task.pk, reason="项目业主变更", new_deadline="2027-03-31"
        )
        directives.request_adjustment(
            actor=head,
            task_id=directive.tasks.get().pk,
            new_due_on=date(2026, 3, 31),
            reason="需征求各县区意见",
        )


def test_the_panel_counts_what_the_apps_count(
    users: dict[str, User], supervised: None, django_assert_max_num_queries: Any
) -> None:
    count_targets(None, TODAY)  # warm the calendar and the parameters
    with django_assert_max_num_queries(8):
        counted = count_targets(None, TODAY)
    assert counted == {
        "tasks_total": 1,
        "tasks_behind": 1,
        "tasks_red": 1,  # the milestone of 10 March, the adjustment still pending
        "reports_waiting": 1,
        "directive_tasks_open": 1,
        "directive_tasks_overdue": 1,  # due 13 March: stays due until the adjustment is decided
        "requests_open": 0,
        "requests_overdue": 0,
    }
    city = snapshot(users["supervisor"], TODAY)["targets"]
    assert city == counted
    # Another unit's head sees none of it.
    assert set(snapshot(users["depthead"], TODAY)["targets"].values()) == {0}
    # A second screen of the scope within the minute reads the cache.
    with django_assert_max_num_queries(0):
        assert targets_figures(None, TODAY) == counted


def test_the_screen_shows_the_panel(login: Any, supervised: None) -> None:
    client = login("supervisor")
    with travel_to(TODAY):
        html = client.get("/bigscreen/").content.decode()
    assert "目标与督办" in html
    for key in ("tasks_behind", "tasks_red", "reports_waiting", "requests_overdue"):
        assert f'data-key="targets.{key}"' in html


def _kpis(html: str) -> dict[str, str]:
    """label → the link and value shown, e.g. {"超期督办事项": "/directives/|1"}; the
    figures of targets and directives only (the 待办 of daily government work,
    /office/, are tested in tests/office/test_office_menus.py)."""
    import re

    found = re.findall(
        r'<div class="xn-kpi-label"><a href="([^"]+)">([^<]+)</a></div>\s*'
        r'<div class="xn-kpi-value">(\d+)<',
        html,
    )
    return {
        label: f"{url}|{value}" for url, label, value in found if not url.startswith("/office/")
    }


def test_the_inspectors_workbench(login: Any, supervised: None) -> None:
    client = login("inspector")
    with travel_to(TODAY):
        html = client.get("/workbench/").content.decode()
    assert _kpis(html) == {
        "进度滞后目标任务": "/targets/|1",
        "待核实进度报送": "/targets/#waiting-title|1",
        "超期督办事项": "/directives/|1",
        "超期未答复请示": "/directives/requests/?box=all|0",
    }


def test_the_leaders_workbench(login: Any, client: Any, supervised: None) -> None:
    login("leader")
    with travel_to(TODAY):
        html = client.get("/workbench/").content.decode()
    assert _kpis(html) == {
        "分管红灯目标任务": "/targets/leader/|1",
        "待审批目标调整": "/targets/leader/|1",
        "待审批督办调整": "/directives/adjustments/|1",
    }
    client.logout()
    login("depthead")  # a unit head: no such figures
    with travel_to(TODAY):
        assert _kpis(client.get("/workbench/").content.decode()) == {}
