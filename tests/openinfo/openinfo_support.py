"""Items registered through the real actions on their day."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiaoneng.core.timesource import travel_to
from xiaoneng.openinfo import actions
from xiaoneng.openinfo.models import DisclosureItem
from xiaoneng.org.models import User

FORMED = date(2026, 9, 21)  # a Monday; due 26 Oct across National Day


def register(
    actor: User, *, formed_on: date = FORMED, on: date | None = None, **over: Any
) -> DisclosureItem:
    terms: dict[str, Any] = {
        "category": "plans",
        "title": "2026年市场监管工作要点",
        "body": "一、深化商事制度改革。二、加强事中事后监管。",
        "formed_on": formed_on,
    }
    terms.update(over)
    with travel_to(on or formed_on):
        return actions.register_item(actor=actor, **terms)


def publish(actor: User, item: DisclosureItem, on: date) -> DisclosureItem:
    with travel_to(on):
        return actions.publish_item(actor=actor, item_id=item.pk)
