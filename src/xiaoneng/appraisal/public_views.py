"""The public board (目标晒台, seed art. 15: 晒成绩单、晾排行榜): key work and
为民办实事 with their progress and lights, the published quarter rankings and
year-end grades, and each unit's scorecard. Only what the 督查室 published,
as it was then (`Publication` snapshots); units by name, no person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from xiaoneng.core.text import as_int
from xiaoneng.web.lights import light_words
from xiaoneng.web.public import public_page

from . import selectors
from .models import PublicationKind


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _lit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The snapshot's task rows with their light's word and colour, dates as dates."""
    out = []
    for r in rows:
        label, css = light_words(r.get("light", "none"))
        done = "已完成" if r.get("done") else ""
        lit = {"light_label": label or done, "light_css": css, "due": _day(r.get("deadline"))}
        out.append({**r, **lit})
    return out


def _chosen(kind: str, wanted: str) -> tuple[Any, list[Any]]:
    """The publication asked for (by id) or the latest, and the list to choose from."""
    listing = list(selectors.published(kind).only("id", "title", "year", "period"))
    pk = as_int(wanted)
    chosen = next((p for p in listing if p.pk == pk), listing[0] if listing else None)
    if chosen is not None:
        chosen = selectors.publication(chosen.pk)
    return chosen, listing


def scoreboard(request: HttpRequest) -> HttpResponse:
    board = selectors.latest_board()
    rows = _lit(board.rows if board else [])
    quarter, quarters = _chosen(PublicationKind.QUARTER, request.GET.get("q", ""))
    year, years = _chosen(PublicationKind.YEAR, request.GET.get("y", ""))
    context = {
        "board": board,
        "key_tasks": [r for r in rows if r.get("is_key")],
        "practical": [r for r in rows if r.get("category") == "practical"],
        "quarter": quarter,
        "quarters": quarters,
        "year": year,
        "years": years,
    }
    return public_page(request, "appraisal/scoreboard.html", context)


def unit_card(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.scorecard(pk)
    if card is None:
        raise Http404("该单位尚无公开的考核内容")
    card["tasks"] = _lit(card["tasks"])
    return public_page(request, "appraisal/unit_card.html", {"card": card, "unit_id": pk})
