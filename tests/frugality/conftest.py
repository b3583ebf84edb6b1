"""The frugality world: the demo city (office and depthead of 市工商局
620700005, the leader whose portfolio holds it, caizheng of finance), a
second unit outside the leader's portfolio (市质监局 620700024) with its own
office and head; receptions, requests and trips made through the real
actions with `travel_to` moving the day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from frugality_support import (
    ACTUALS_DAY,
    REGISTER_DAY,
    World,
    actuals_fields,
    reception_fields,
)

from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.frugality import actions
from xiaoneng.frugality.models import Reception
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(users: dict[str, User]) -> World:
    admin = users["admin"]
    zhijian = Department.objects.get(code="620700024")
    for username, role in (("zj_office", "office"), ("zj_head", "dept_head")):
        users[username] = org_actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name="质监" + ("办公室" if role == "office" else "局长"),
            department=zhijian,
            roles=[Role.objects.get(code=role)],
        )
    return World(users, Department.objects.get(code="620700005"), zhijian)


@pytest.fixture
def registered(world: World) -> Any:
    """registered(**overrides) → a reception of 市工商局 registered by `office` on REGISTER_DAY."""

    def make(actor: str = "office", on: date = REGISTER_DAY, **extra: Any) -> Reception:
        with travel_to(on):
            return actions.register_reception(actor=world.users[actor], **reception_fields(**extra))

    return make


@pytest.fixture
def approved(world: World, registered: Any) -> Any:
    """approved(**overrides) → registered by `office`, approved by `depthead` the same day."""

    def make(**extra: Any) -> Reception:
        row = registered(**extra)
        with travel_to(REGISTER_DAY):
            return actions.decide_reception(
                actor=world.users["depthead"], reception_id=row.pk, approve=True
            )

    return make


@pytest.fixture
def recorded(world: World, approved: Any) -> Any:
    """recorded(reception=dict(...), **actuals) → approved, then actuals by `office`
    on ACTUALS_DAY."""

    def make(reception: dict[str, Any] | None = None, **extra: Any) -> Reception:
        row = approved(**(reception or {}))
        with travel_to(ACTUALS_DAY):
            return actions.record_reception_actuals(
                actor=world.users["office"], reception_id=row.pk, **actuals_fields(**extra)
            )

    return make
