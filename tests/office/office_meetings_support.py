"""Helpers of the meetings tests: the days (applied on APPLY_DAY, held on
MEETING_DAY at 09:00), the units, and a meeting applied through the action."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xiaoneng.core.timesource import SHANGHAI, travel_to
from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.models.meetings import Meeting
from xiaoneng.org.models import Department, User

APPLY_DAY = date(2026, 3, 2)
BEFORE_DAY = date(2026, 3, 9)
MEETING_DAY = date(2026, 3, 10)
AFTER_DAY = date(2026, 3, 11)
GONGSHANG = "620700005"
FAGAI = "620700002"
GOV_OFFICE = "620700001"
MINLE = "620722"


def unit(code: str) -> Department:
    return Department.objects.get(code=code)


def fields(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "department",
        "title": "全市市场监管工作会议",
        "starts_at": datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI),
        "ends_at": datetime(2026, 3, 10, 11, 30, tzinfo=SHANGHAI),
        "place": "市政府第一会议室",
        "agenda": "一、通报全年工作；二、部署下一步任务",
        "invitations": [{"unit_id": unit(FAGAI).pk, "level": "principal"}],
    }
    base.update(extra)
    return base


def apply(users: dict[str, User], actor: str = "office", **extra: Any) -> Meeting:
    with travel_to(APPLY_DAY):
        return actions.apply_meeting(actor=users[actor], **fields(**extra))


def government(users: dict[str, User], **extra: Any) -> Meeting:
    """A 全市性会议 applied by the government office, hosted by 市工商局
    (the leader `leader` is in charge of it), inviting 市工商局 (principal)
    and 市发改委 (deputy)."""
    invitations = [
        {"unit_id": unit(GONGSHANG).pk, "level": "principal"},
        {"unit_id": unit(FAGAI).pk, "level": "deputy"},
    ]
    return apply(
        users,
        "zhengfuban",
        kind="government",
        host_id=unit(GONGSHANG).pk,
        invitations=invitations,
        **extra,
    )


def notified(users: dict[str, User]) -> Meeting:
    """A department meeting of 市工商局 (no approval needed), notified,
    inviting 市发改委's principal."""
    meeting = apply(users)
    with travel_to(APPLY_DAY):
        return actions.notify_meeting(actor=users["office"], meeting_id=meeting.pk)
