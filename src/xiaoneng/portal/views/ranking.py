"""晒成绩单、晾排行榜 (seed art. 15): the monthly efficiency rankings the
supervision bureau has published, and each department's public scorecard
with its history. Only what `scores.selectors` returns as published is
shown: a draft month, a recomputed figure or a new weight never reaches
these pages."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core import timesource
from xiaoneng.org.selectors import public_departments
from xiaoneng.portal.chart import Point, score_chart
from xiaoneng.scores.formula import Weights
from xiaoneng.scores.rules import describe
from xiaoneng.scores.selectors import (
    PublishedRanking,
    published_history,
    published_months,
    published_ranking,
)

MONTH_CODE = re.compile(r"^(\d{4})-(\d{2})$")
HISTORY_MONTHS = 12
HOME_ROWS = 5


def _month(code: str) -> date | None:
    m = MONTH_CODE.match(code.strip())
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def rules_of(ranking: PublishedRanking) -> list[str]:
    """The rules in force when the month was published, in words."""
    known = {f.name for f in fields(Weights)}
    return describe(Weights(**{k: v for k, v in ranking.weights.items() if k in known}))


def latest_ranking() -> PublishedRanking | None:
    """The latest published month (for the home page), or None."""
    months = published_months()
    return published_ranking(months[0]) if months else None


def ranking(request: HttpRequest) -> HttpResponse:
    months = published_months()
    raw = request.GET.get("month", "")
    if raw:
        chosen = _month(raw[:16])
        if chosen is None or chosen not in months:
            raise Http404("该月排名尚未发布")
    else:
        chosen = months[0] if months else None
    published = published_ranking(chosen) if chosen else None
    if chosen is not None and published is None:  # withdrawn between the two reads
        raise Http404("该月排名尚未发布")
    return render(
        request,
        "portal/ranking.html",
        {
            "today": timesource.today(),
            "months": [(m, f"{m:%Y-%m}", f"{m.year}年{m.month}月") for m in months],
            "chosen": f"{chosen:%Y-%m}" if chosen else "",
            "ranking": published,
            "rules": rules_of(published) if published else [],
        },
    )


def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    department = public_departments().filter(pk=pk).first()
    if department is None:
        raise Http404("部门不存在")
    history = published_history(department.pk, months=HISTORY_MONTHS)
    ranked = [h for h in history if h.rank is not None]
    latest = ranked[-1] if ranked else None
    chart = score_chart([Point(h.month, h.label, h.score, h.rank, h.ranked) for h in history])
    context: dict[str, Any] = {
        "today": timesource.today(),
        "department": department,
        "history": history,
        "rows": list(reversed(history)),
        "latest": latest,
        "ranked_months": len(ranked),
        "chart": chart,
        "published_any": bool(history),
    }
    return render(request, "portal/scorecard.html", context)
