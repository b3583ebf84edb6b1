"""The staff pages: the bureau makes a plan, staffs it, records a finding
with a photo, notifies and publishes; the unit reports on its desk; the
lights show the report deadline, red once overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from checks_support import JPEG_BYTES, NOTICE_DAY, STAFF_NAME
from django.test import Client

from conftest import World, photo
from xiaoneng.checks.models import CheckPlan, Finding, FindingStatus
from xiaoneng.core.timesource import travel_to

pytestmark = pytest.mark.django_db


def test_the_bureau_works_through_the_pages(world: World, client: Client, login: Any) -> None:
    login("supervisor")
    with travel_to(NOTICE_DAY):
        made = client.post(
            "/checks/plans/",
            {
                "title": "节后上班第一天作风检查",
                "start": "2026-09-29",
                "end": "2026-10-09",
                "focus": "迟到早退、脱岗",
                "departments": [str(world.gongshang.pk)],
            },
        )
        plan = CheckPlan.objects.get(title="节后上班第一天作风检查")
        assert made.status_code == 302
        assert made["Location"] == f"/checks/plans/{plan.pk}/"
        refused = client.post("/checks/plans/", {"title": "", "start": "x", "end": "", "focus": ""})
        assert "请填写计划名称" in refused.content.decode()
        boss = world.users["supervisor"].pk
        client.post(f"/checks/plans/{plan.pk}/member/", {"user_id": boss, "leader": "1"})
        client.post(f"/checks/plans/{plan.pk}/approve/")
        client.post(
            f"/checks/plans/{plan.pk}/finding/",
            {
                "department_id": world.gongshang.pk,
                "kind": "games",
                "observed_at": "2026-09-29T16:20",
                "place": "档案室",
                "description": "两名工作人员在档案室打扑克",
                "staff_name": STAFF_NAME,
                "photos": [photo("扑克.jpg", JPEG_BYTES)],
            },
        )
        finding = Finding.objects.get(plan=plan)
        assert finding.evidence.count() == 1
        detail = client.get(f"/checks/plans/{plan.pk}/").content.decode()
        assert finding.number in detail
        assert "实施中" in detail
        client.post(f"/checks/findings/{finding.pk}/notify/")
        page = client.get(f"/checks/findings/{finding.pk}/").content.decode()
        assert "2026年10月20日" in page
        assert "绿灯" in page
        client.post(f"/checks/findings/{finding.pk}/publish/", {"summary": "工作时间打扑克"})
    finding.refresh_from_db()
    assert (finding.status, finding.published_on) == (FindingStatus.NOTIFIED, NOTICE_DAY)


def test_the_unit_reports_on_its_desk_and_overdue_shows_red(
    world: World, record: Any, client: Client, login: Any
) -> None:
    finding = record()
    login("supervisor")
    with travel_to(NOTICE_DAY):
        client.post(f"/checks/findings/{finding.pk}/notify/")
    with travel_to(date(2026, 10, 21)):
        desk = client.get("/checks/findings/?state=overdue").content.decode()
        assert f'data-finding="{finding.pk}" data-light="overdue"' in desk
        assert "1 个问题逾期未报送整改情况" in desk
        client.logout()
        login("depthead")
        own = client.get("/checks/findings/").content.decode()
        assert finding.number in own
        assert "红灯" in own
        assert (
            world.plan.title not in client.get(f"/checks/findings/{finding.pk}/").content.decode()
        )
        client.post(f"/checks/findings/{finding.pk}/report/", {"report": "已调整排班"})
    finding.refresh_from_db()
    assert (finding.status, finding.reported_on) == (FindingStatus.SUBMITTED, date(2026, 10, 21))


def test_the_navigation_shows_checks_to_the_bureau_and_the_unit(
    world: World, client: Client, login: Any
) -> None:
    login("supervisor")
    page = client.get("/checks/findings/").content.decode()
    assert 'href="/checks/plans/"' in page
    client.logout()
    login("depthead")
    page = client.get("/checks/findings/").content.decode()
    assert "本单位整改" in page
    assert 'href="/checks/plans/"' not in page
    client.logout()
    login("window")
    assert client.get("/checks/findings/").status_code == 403
