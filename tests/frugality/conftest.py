"""The frugality world: the demo city (office and depthead of 市工商局
620700005, the leader whose portfolio holds it, caizheng of finance), a
second unit outside the leader's portfolio (市质监局 620700024) with its own
office and head; receptions, requests and trips made through the real
actions with `travel_to` moving the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.frugality import actions
from xiaoneng.frugality.models import Reception
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

# 2026 calendar: 1–7 Oct off (国庆节), Sat 10 Oct a make-up working day.
REGISTER_DAY = date(2026, 10, 9)  # Fri
HOLIDAY = date(2026, 10, 1)  # Thu, 国庆节
MAKEUP_SAT = date(2026, 10, 10)  # Sat, worked
SUNDAY = date(2026, 10, 11)
MONDAY = date(2026, 10, 12)
TUESDAY = date(2026, 10, 13)
ACTUALS_DAY = date(2026, 10, 16)  # Fri


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@dataclass
class World:
    users: dict[str, User]
    gongshang: Department  # 620700005: office, depthead; in the leader's portfolio
    zhijian: Department  # 620700024: zj_office, zj_head; outside it


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


def reception_fields(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "sending_unit": "嘉峪关市市场监督管理局",
        "letter_number": "嘉市监函〔2026〕18号",
        "letter_date": date(2026, 9, 30),
        "guest_level": "same",
        "from_outside_city": False,
        "guests": 6,
        "purpose": "考察商事登记制度改革",
        "start_on": MAKEUP_SAT,
        "end_on": TUESDAY,
        "companions": 3,
        "meals": 4,
        "nights": 2,
        "planned_cost": Decimal("5000.00"),
    }
    fields.update(extra)
    return fields


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


def actuals_fields(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "actual_guests": 6,
        "actual_companions": 3,
        "actual_meals": 4,
        "actual_nights": 2,
        "meal_cost": Decimal("3600.00"),  # ceiling 9 × 4 × 100 = 3600
        "lodging_cost": Decimal("4200.00"),  # ceiling 6 × 2 × 350 = 4200
        "other_cost": Decimal("0"),
        "alcohol": False,
        "alcohol_on": None,
        "checklist": "10月10日午餐 9人 900元\n10月10日晚餐 9人 900元\n……",
    }
    fields.update(extra)
    return fields


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
