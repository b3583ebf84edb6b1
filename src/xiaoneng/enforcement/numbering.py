"""Case and decision numbers: per body, per year, per series, without gaps.

A number reads like the city's documents: the city's one-character name
(张), the body's short name (工商), the series (立 for a registered case,
罚 for a penalty decision…), the year in 〔〕 and the running number:
"张工商立〔2026〕12号", "张工商罚〔2026〕7号".

The next number is the highest of the series plus one, read with the
body's row locked (`select_for_update` on the department; SQLite's
immediate transactions serialise writers anyway): two registrations at
once wait for each other, so no number is given twice and none is skipped.
A number is given in the action that needs it and rolls back with it."""

from __future__ import annotations

import re

from django.db.models import Q

from xiaoneng.org.models import Department

from .models import PenaltyCase

CITY = "张"
# series → (the column it numbers, what it is)
SERIES: dict[str, tuple[str, str]] = {
    "立": ("number", "立案编号"),
    "简": ("number", "简易程序案件编号"),
    "罚": ("decision_no", "行政处罚决定书"),
    "当罚": ("decision_no", "当场行政处罚决定书"),
    "不罚": ("decision_no", "不予行政处罚决定书"),
    "移": ("decision_no", "案件移送书"),
}
_LEADS = ("张掖市", "甘肃省", "市")
_TAILS = ("行政执法局", "执法局", "管理局", "委员会", "办公室", "局", "委", "办")


def abbreviation(body: Department) -> str:
    """The body's part of a number: its short name without the city's
    "市" and the organ word (市工商局 → 工商, 市城管执法局 → 城管)."""
    name = (body.short_name or body.name).strip()
    for lead in _LEADS:
        if name.startswith(lead) and len(name) > len(lead):
            name = name[len(lead) :]
            break
    for tail in _TAILS:
        if name.endswith(tail) and len(name) > len(tail):
            name = name[: -len(tail)]
            break
    return name


def prefix(body: Department, series: str, year: int) -> str:
    return f"{CITY}{abbreviation(body)}{series}〔{year}〕"


def next_number(body: Department, series: str, year: int) -> str:
    """The next number of the series, the body's row locked (inside the
    caller's transaction)."""
    column, _ = SERIES[series]
    Department.objects.select_for_update().filter(pk=body.pk).values_list("pk").first()
    head = prefix(body, series, year)
    taken = PenaltyCase.objects.filter(Q(body=body) & Q(**{f"{column}__startswith": head}))
    pattern = re.compile(re.escape(head) + r"(\d+)号$")
    used = [
        int(m.group(1))
        for value in taken.values_list(column, flat=True)
        if (m := pattern.match(value))
    ]
    return f"{head}{max(used, default=0) + 1}号"
