"""Ratings as metric sources of the scores (domain rules §3: satisfaction).

`satisfaction_by_unit(period, level)`: 好评率 in %, the share of 非常满意/
满意/基本满意 among the ratings given in the period (rated_on), ratings
excluded by an upheld appeal left out. `bad_ratings_by_unit`: the number of
差评 counted the same way. Units: department (the rated department), window
(the window of the visit, or whose staff accepted the case), staff (the
handler)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from .criteria import BAD_LEVELS, GOOD_LEVELS
from .models import Rating

# A value of the scores registry: int | Decimal | float (scores.sources.SourceValue).
Value = int | Decimal | float

UNIT_FIELDS = {"department": "department_id", "window": "window_id", "staff": "handler_id"}


def _counted(period: Any, level: str) -> Any:
    field = UNIT_FIELDS.get(level)
    if field is None:
        return None, None
    qs = Rating.objects.filter(
        rated_on__gte=period.start, rated_on__lte=period.end, excluded=False
    ).exclude(**{f"{field}__isnull": True})
    return qs, field


def satisfaction_by_unit(period: Any, level: str) -> dict[int, Value]:
    qs, field = _counted(period, level)
    if qs is None:
        return {}
    rows = qs.values(field).annotate(
        total=Count("id"), good=Count("id", filter=Q(level__in=sorted(GOOD_LEVELS)))
    )
    return {
        int(r[field]): (Decimal(100) * r["good"] / r["total"]).quantize(Decimal("0.01"))
        for r in rows
        if r["total"]
    }


def bad_ratings_by_unit(period: Any, level: str) -> dict[int, Value]:
    qs, field = _counted(period, level)
    if qs is None:
        return {}
    rows = qs.filter(level__in=sorted(BAD_LEVELS)).values(field).annotate(n=Count("id"))
    return {int(r[field]): int(r["n"]) for r in rows}


def register_sources() -> None:
    """Plug into the scores registry when the scores app ships one."""
    try:
        from xiaoneng.scores import sources
    except ImportError:  # pragma: no cover - scores not installed
        return
    sources.register_metric_source("satisfaction", satisfaction_by_unit)
    # The registry knows only its listed figures; bad-rating counts join when it lists them.
    if "bad_ratings" in getattr(sources, "KNOWN", {}):
        sources.register_metric_source("bad_ratings", bad_ratings_by_unit)
