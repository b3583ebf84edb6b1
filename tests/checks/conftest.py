"""The checks world: the demo city, a plan on 市工商局 (620700005) and
市质监局 (620700024) led by the supervisor, built through the real actions
with `travel_to` moving the day; a second unit head for 620700024."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from checks_support import PLAN_DAY, SEEN_AT, STAFF_NAME
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.checks import actions
from xiaoneng.checks.models import CheckPlan, Finding
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def other_head(users: dict[str, User]) -> User:
    """The head (dept_head, check.rectify) of 620700024, another unit."""
    return org_actions.create_user(
        actor=users["admin"],
        username="zhijianhead",
        password=DEMO_PASSWORD,
        real_name="吴建设",
        department=Department.objects.get(code="620700024"),
        roles=[Role.objects.get(code="dept_head")],
    )


@dataclass
class World:
    plan: CheckPlan
    gongshang: Department  # 620700005, head: depthead
    zhijian: Department  # 620700024, head: other_head
    users: dict[str, User]


@pytest.fixture
def world(users: dict[str, User]) -> World:
    gongshang = Department.objects.get(code="620700005")
    zhijian = Department.objects.get(code="620700024")
    boss = users["supervisor"]
    with travel_to(PLAN_DAY):
        plan = actions.create_plan(
            actor=boss,
            title="国庆节前后窗口纪律明察暗访",
            period_start=PLAN_DAY,
            period_end=PLAN_DAY.replace(month=10, day=30),
            focus="窗口人员在岗、工作纪律、服务态度",
            department_ids=[gongshang.pk, zhijian.pk],
        )
        actions.add_team_member(actor=boss, plan_id=plan.pk, user_id=boss.pk, leader=True)
        actions.add_team_member(actor=boss, plan_id=plan.pk, user_id=users["inspector"].pk)
        plan = actions.approve_plan(actor=boss, plan_id=plan.pk)
    return World(plan, gongshang, zhijian, users)


@pytest.fixture
def record(world: World) -> Any:
    """record(**overrides) → a finding at 市工商局 seen on 29 Sep, recorded the
    next day (so the moment seen is in the past whatever the wall clock says)."""

    def make(**extra: Any) -> Finding:
        fields: dict[str, Any] = {
            "plan_id": world.plan.pk,
            "department_id": world.gongshang.pk,
            "kind": "absence",
            "observed_at": SEEN_AT,
            "place": "市民中心二楼工商登记窗口",
            "description": "上午10时30分，3号窗口无人值守，群众排队等候20分钟。",
            "staff_name": STAFF_NAME,
        }
        fields.update(extra)
        with travel_to(SEEN_AT.date() + timedelta(days=1)):
            return actions.record_finding(actor=world.users["supervisor"], **fields)

    return make


def photo(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")
