"""Shared values and steps of the decision tests (importable under a name no
other directory uses). Every step goes through the real actions, with
`travel_to` moving the day; users are the demo city's: depthead (市工商局,
sponsor), fagai (市发改委, sponsor), fazhi (legal), zhengfuban (gov_office)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions
from xiaoneng.decisions.models import Decision
from xiaoneng.org.models import User

BASE = date(2026, 3, 2)  # Mon
HEAD = "陈志远"

SPEECHES = [
    {"speaker": "刘卫东", "summary": "同意，建议加强宣传解读", "is_head": False},
    {"speaker": "李建国", "summary": "保留意见：对低收入家庭的影响需进一步测算", "is_head": False},
    {"speaker": HEAD, "summary": "同意提交的方案，按程序公布实施", "is_head": True},
]


def register(
    users: dict[str, User], actor: str = "depthead", on: date = BASE, **extra: Any
) -> Decision:
    fields: dict[str, Any] = {
        "title": "城区停车收费标准调整",
        "legal_basis": "《中华人民共和国价格法》第二十三条",
        "category": "policy",
        "draft": "一、城区占道停车收费标准调整为……",
        "explanation": "现行标准制定于2005年，已不适应……",
    }
    fields.update(extra)
    with travel_to(on):
        return actions.register_decision(actor=users[actor], **fields)


def consultation(users: dict[str, User], d: Decision, on: date, actor: str = "depthead") -> date:
    """Publish the draft (a short, justified period ending that day), the adoption the next."""
    with travel_to(on):
        actions.publish_draft(
            actor=users[actor], decision_id=d.pk, closes_on=on, short_reason="情况紧急，期限从短"
        )
    with travel_to(on + timedelta(days=1)):
        actions.publish_adoption(actor=users[actor], decision_id=d.pk, adoption="采纳意见 2 条")
    return on + timedelta(days=1)


def experts(users: dict[str, User], d: Decision, on: date, actor: str = "depthead") -> date:
    with travel_to(on):
        actions.record_expert_opinion(
            actor=users[actor],
            decision_id=d.pk,
            expert="赵明",
            affiliation="兰州大学经济学院 教授",
            signed_on=on,
            opinion="方案可行",
        )
    return on


def risk(
    users: dict[str, User],
    d: Decision,
    on: date,
    actor: str = "depthead",
    controllable: bool = True,
) -> date:
    with travel_to(on):
        actions.record_risk_assessment(
            actor=users[actor],
            decision_id=d.pk,
            level="low",
            controllable=controllable,
            report="社会稳定风险低",
        )
    return on


def legality(
    users: dict[str, User], d: Decision, on: date, actor: str = "depthead", passed: bool = True
) -> date:
    with travel_to(on):
        review = actions.submit_for_review(actor=users[actor], decision_id=d.pk)
    with travel_to(on + timedelta(days=1)):
        actions.review_draft(
            actor=users["fazhi"],
            review_id=review.pk,
            passed=passed,
            opinion="符合法律规定" if passed else "第三条缺乏上位法依据",
        )
    return on + timedelta(days=1)


def meeting(users: dict[str, User], d: Decision, on: date, **extra: Any) -> date:
    fields: dict[str, Any] = {
        "session": "市政府第12次常务会议",
        "held_on": on,
        "attendees": "陈志远、刘卫东、李建国",
        "speeches": SPEECHES,
        "dissent": "李建国：对低收入家庭的影响需进一步测算",
        "outcome": "adopted",
    }
    fields.update(extra)
    with travel_to(on):
        actions.record_meeting(actor=users["zhengfuban"], decision_id=d.pk, **fields)
    return on


def publication(users: dict[str, User], d: Decision, on: date, actor: str = "depthead") -> date:
    with travel_to(on):
        actions.publish_decision(
            actor=users[actor],
            decision_id=d.pk,
            text_published="决定：调整城区停车收费标准。",
            explanation="解读：……",
        )
    return on


STEPS = (consultation, experts, risk, legality, meeting, publication)


def through(users: dict[str, User], d: Decision, upto: int, on: date = BASE) -> date:
    """Take the first `upto` steps in order, two days apart; the last day used."""
    day = on
    for step in STEPS[:upto]:
        day = step(users, d, day + timedelta(days=2))
    return day
