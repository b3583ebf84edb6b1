"""Shared values of the frugality tests (importable from test modules under a
name no other directory uses: `from conftest import …` would resolve to
another directory's conftest when collected together with tests/browser)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from xiaoneng.org.models import Department, User

# 2026 calendar: 1–7 Oct off (国庆节), Sat 10 Oct a make-up working day.
REGISTER_DAY = date(2026, 10, 9)  # Fri
HOLIDAY = date(2026, 10, 1)  # Thu, 国庆节
MAKEUP_SAT = date(2026, 10, 10)  # Sat, worked
SUNDAY = date(2026, 10, 11)
MONDAY = date(2026, 10, 12)
TUESDAY = date(2026, 10, 13)
ACTUALS_DAY = date(2026, 10, 16)  # Fri


@dataclass
class World:
    users: dict[str, User]
    gongshang: Department  # 620700005: office, depthead; in the leader's portfolio
    zhijian: Department  # 620700024: zj_office, zj_head; outside it


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
