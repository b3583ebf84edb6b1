"""Steps of a penalty case through the real actions, for the cases tests
(importable under a name no other directory uses). Every step moves the
day with `travel_to`; the accounts are the demo city's: zhifa and zhifa2
(certified officers of 市工商局), depthead (its head), fazhi (legal
office). `enforcement_item` (conftest) is 市工商局's 无照经营 item with its
four benchmark grades: 减轻 0–5,000, 从轻 5,000–20,000, 一般 20,000–50,000,
从重 50,000–100,000 yuan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.core.timesource import SHANGHAI, travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import Item, PenaltyCase
from xiaoneng.org.models import User

BASE = date(2026, 3, 2)  # Mon
PERSON_ID = "620702198503121238"  # GB 11643 check character 8
PERSON: dict[str, str] = {
    "party_kind": "person",
    "party_name": "张三丰",
    "party_id_no": PERSON_ID,
    "party_phone": "13909361234",
    "party_address": "张掖市甘州区县府街12号",
}
CREDIT_CODE = "91620702MA7XK3L2Q5"  # GB 32100 check character 5
ORGANISATION: dict[str, str] = {
    "party_kind": "organisation",
    "party_name": "张掖市祁连绿源农业科技有限公司",
    "party_code": CREDIT_CODE,
    "party_address": "张掖市甘州区工业园区",
}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def photo(name: str = "现场.jpg", data: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def officer_ids(users: dict[str, User], *names: str) -> list[int]:
    return [users[n].pk for n in (names or ("zhifa", "zhifa2"))]


def onsite(users: dict[str, User], day: date, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": "onsite",
        "description": "现场检查：店内陈列服装约200件，正在营业，未悬挂营业执照",
        "taken_at": at(day),
        "place": "张掖市甘州区县府街12号",
        "latitude": "38.932412",
        "longitude": "100.451237",
        "officer_ids": officer_ids(users),
        "files": [photo()],
    }
    record.update(extra)
    return record


def clue(
    users: dict[str, User],
    item: Item,
    on: date = BASE,
    *,
    party: dict[str, str] | None = None,
    evidence: bool = True,
    actor: str = "zhifa",
    **extra: Any,
) -> PenaltyCase:
    fields: dict[str, Any] = {
        "item_id": item.pk,
        **(party or PERSON),
        "facts": "未取得营业执照，在县府街12号从事服装零售",
        "place": "张掖市甘州区县府街12号",
        "violated_on": on,
        "found_on": on,
        "source": "inspection",
        "officer_ids": officer_ids(users),
        "evidence": onsite(users, on) if evidence else None,
    }
    fields.update(extra)
    with travel_to(on):
        return actions.open_clue(actor=users[actor], **fields)


def register(users: dict[str, User], case: PenaltyCase, on: date = BASE) -> PenaltyCase:
    with travel_to(on):
        return actions.register_case(actor=users["depthead"], case_id=case.pk)


def registered(users: dict[str, User], item: Item, on: date = BASE, **extra: Any) -> PenaltyCase:
    """A clue with its on-site evidence, registered the same day."""
    return register(users, clue(users, item, on, **extra), on)


def notify(
    users: dict[str, User],
    case: PenaltyCase,
    on: date,
    *,
    fine: str | None = "30000",
    grade: str = "general",
    penalties: tuple[str, ...] = ("fine",),
) -> PenaltyCase:
    with travel_to(on):
        return actions.notify_intended_penalty(
            actor=users["zhifa"], case_id=case.pk, penalties=list(penalties), grade=grade, fine=fine
        )


def decide(users: dict[str, User], case: PenaltyCase, on: date, **extra: Any) -> PenaltyCase:
    fields: dict[str, Any] = {
        "outcome": "penalty",
        "penalties": ["fine"],
        "grade": "general",
        "fine": "30000",
        "decision_text": "决定：罚款人民币叁万元整。",
    }
    fields.update(extra)
    with travel_to(on):
        return actions.decide(actor=users["depthead"], case_id=case.pk, **fields)


def review(
    users: dict[str, User], case: PenaltyCase, on: date, *, passed: bool = True, **extra: Any
) -> PenaltyCase:
    with travel_to(on):
        row = actions.submit_review(actor=users["zhifa"], case_id=case.pk, **extra)
        return actions.review_case(
            actor=users["fazhi"],
            review_id=row.pk,
            passed=passed,
            opinion="事实清楚，证据确凿" if passed else "证据不足",
        )


def fresh(case: PenaltyCase) -> PenaltyCase:
    return PenaltyCase.objects.get(pk=case.pk)
