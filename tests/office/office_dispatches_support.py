"""Shared values of the dispatches tests (a name no other directory uses).

The world is the demo city's: `office` (王丽) drafts for 市工商局 (620700005),
`depthead` (王振华) reviews and signs there, `leader` (刘卫东) is in charge of
it, `mayor` may approve any; 民乐县 (620722) is a county government."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.actions import dispatches as actions
from xiaoneng.office.models import Dispatch
from xiaoneng.org.models import Department, User

DAY = date(2026, 3, 10)  # a Tuesday
GONGSHANG = "620700005"
FAGAI = "620700002"
MINLE = "620722"
GANZHOU = "620702"


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def draft(
    users: dict[str, User],
    *,
    by: str = "office",
    to: tuple[str, ...] = (FAGAI,),
    copies: tuple[str, ...] = (),
    body: str = "请各单位按照要求认真做好有关工作。",
    on: date = DAY,
    **extra: Any,
) -> Dispatch:
    fields: dict[str, Any] = {
        "kind": "notice",
        "title": "关于做好市场主体年报工作的通知",
        "body": body,
        "recipient_ids": [dept(c).pk for c in to],
        "copy_ids": [dept(c).pk for c in copies],
    }
    fields.update(extra)
    with travel_to(on):
        return actions.draft_dispatch(actor=users[by], **fields)


def through(users: dict[str, User], row: Dispatch, *steps: str, on: date = DAY) -> Dispatch:
    """Take the document through steps by their usual actors: submit
    (office), review (depthead), sign (depthead), approve (leader), issue (office)."""
    who = {
        "submit": ("office", actions.submit_dispatch),
        "review": ("depthead", actions.review_dispatch),
        "sign": ("depthead", actions.sign_dispatch),
        "approve": ("leader", actions.approve_dispatch),
        "issue": ("office", actions.issue_dispatch),
    }
    with travel_to(on):
        for step in steps:
            actor, action = who[step]
            row = action(actor=users[actor], dispatch_id=row.pk)
    return row


def issued(users: dict[str, User], *, on: date = DAY, **extra: Any) -> Dispatch:
    """A document of 市工商局 to 市发改委, issued (no leader needed)."""
    return through(users, draft(users, on=on, **extra), "submit", "review", "sign", "issue", on=on)
