"""How a case reads on every face (desks, portal tracking, supervision): the
tag of its status, the name of each timeline event, the deadline each status
runs, and its light through the kit's presenter (`web.lights`), from the
clock stored on the row (`cases.alerts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.web.lights import PAUSED_NOTE, Light, lit, unlit

from .alerts import alert_of, days_left
from .models import Case, CaseStatus

STATUS_TAGS: dict[str, str] = {
    CaseStatus.RECEIVED: "",
    CaseStatus.SUPPLEMENTING: "xn-tag-warning",
    CaseStatus.SUPPLEMENTED: "",
    CaseStatus.ACCEPTED: "",
    CaseStatus.SUSPENDED: "xn-tag-warning",
    CaseStatus.DECIDED: "xn-tag-success",
    CaseStatus.DELIVERED: "xn-tag-success",
    CaseStatus.REFUSED: "xn-tag-danger",
    CaseStatus.WITHDRAWN: "xn-tag-info",
}

# Each timeline event's name and the colour of its mark.
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "received": ("收件", ""),
    "supplement_notice": ("一次性告知补正", "is-warning"),
    "supplemented": ("申请人补正", ""),
    "accepted": ("受理", "is-success"),
    "refused": ("不予受理", "is-danger"),
    "suspended": ("特别程序（中止计时）", "is-warning"),
    "resumed": ("恢复计时", ""),
    "extended": ("批准延期", "is-warning"),
    "decided": ("作出决定", "is-success"),
    "delivered": ("送达", "is-success"),
    "withdrawn": ("申请人撤回", "is-muted"),
}

# The deadline that runs in each status, as the header names it.
DUE_LABELS: dict[str, str] = {
    CaseStatus.RECEIVED: "受理（告知）期限",
    CaseStatus.SUPPLEMENTED: "受理期限",
    CaseStatus.ACCEPTED: "办结期限",
    CaseStatus.SUSPENDED: "中止时的办结期限",
    CaseStatus.DECIDED: "送达期限",
}


def light_of(case: Case, today: date, calendar: WorkCalendar) -> Light:
    """The light as the stored clock gives it (`cases.alerts`)."""
    level = alert_of(case, today, calendar)
    if level == AlertLevel.NONE or case.due_on is None:
        return unlit(_unlit_text(case), due=case.due_on)
    remaining, due = days_left(case, today, calendar)
    paused = case.status == CaseStatus.SUSPENDED
    return lit(level, remaining, due=due, note=PAUSED_NOTE if paused else "")


def _unlit_text(case: Case) -> str:
    if case.status == CaseStatus.SUPPLEMENTING:
        return "待申请人补正，不计时"
    if case.status == CaseStatus.DELIVERED:
        return "按期办结" if case.on_time else "办结（超期）"
    return "—"


@dataclass(frozen=True)
class CaseRow:
    """A case in a list: its status tag and its light."""

    case: Case
    status_css: str
    light: Light


def case_rows(cases: Any, today: date, calendar: WorkCalendar) -> list[CaseRow]:
    return [CaseRow(c, STATUS_TAGS.get(c.status, ""), light_of(c, today, calendar)) for c in cases]
