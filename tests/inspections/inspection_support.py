"""Shared constants and helpers of the inspections tests (days by hand: 2026)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Activity
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

REGISTER_DAY = date(2026, 5, 11)  # a Monday
START = date(2026, 6, 8)
END = date(2026, 6, 10)
# Valid 统一社会信用代码 (check character by GB 32100), registered in the world.
FIRM_A = "91620700MA7100001C"
FIRM_B = "91620700MA7100002F"
FIRM_C = "91620700MA7100003J"
FIRM_D = "91620700MA7100004M"
ITEMS = ["营业执照公示", "年度报告"]


def register(actor: User, *, on: date = REGISTER_DAY, **over: Any) -> Activity:
    data: dict[str, Any] = {
        "kind": "inspect",
        "title": "个体工商户年报抽查",
        "basis": "《企业信息公示暂行条例》第十四条",
        "items": ITEMS,
        "start_on": START,
        "end_on": END,
        "credit_codes": [FIRM_A],
        "participants": [{"name": "王立", "unit": "市工商局"}],
    }
    data.update(over)
    with travel_to(on):
        return actions.register_activity(actor=actor, **data)


def anomalies(row: Activity, kind: str) -> list[Anomaly]:
    return list(Anomaly.objects.filter(subject_kind="inspection", subject_ref=row.pk, kind=kind))


@dataclass
class Firms:
    """The world of the tests: the enterprises' query codes and the demo users."""

    codes: dict[str, str]  # credit code → query code
    users: dict[str, User]
