"""Public pages of the decision procedure (no sign-in): the year's
catalogue (决策事项目录), the open consultations (意见征集) with the comment
form (throttled per client, `decision.comment_per_minute`), and the
published decisions with their explanation and how comments were used.
No personal data: a commenter's name and contact are never shown."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.web.forms import TYPED_MAX, once
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit

from . import actions
from .params import COMMENT_PER_MINUTE
from .selectors import (
    catalogue_years,
    latest_discussion,
    open_consultations,
    public_consultation,
    published_catalogue,
    published_decision,
    published_decisions,
)


def _year(value: str | None) -> int:
    today = timesource.today()
    try:
        year = int(value or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def public_catalogue(request: HttpRequest) -> HttpResponse:
    """决策事项目录 of a year (published years only)."""
    year = _year(request.GET.get("year"))
    publication, rows = published_catalogue(year)
    context = {"year": year, "years": catalogue_years(), "publication": publication, "rows": rows}
    return public_page(request, "decisions/public/catalogue.html", context)


def public_consultations(request: HttpRequest) -> HttpResponse:
    """意见征集: the drafts open for comment."""
    return public_page(
        request, "decisions/public/consultations.html", {"rows": list(open_consultations())}
    )


def _consultation_context(pk: int) -> dict[str, Any]:
    try:
        c = public_consultation(pk)
    except NotFound:
        raise Http404("征求意见不存在") from None
    today = timesource.today()
    return {"c": c, "d": c.decision, "open": c.opens_on <= today <= c.closes_on and not c.closed_on}


@require_http_methods(["GET", "POST"])
def public_consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One draft for comment, with the comment form (提交意见)."""
    template = "decisions/public/consultation.html"
    context = _consultation_context(pk)
    if request.method == "GET":
        return public_page(request, template, context)
    limited = over_limit(
        request,
        "decision_comment",
        COMMENT_PER_MINUTE,
        message="提交过于频繁，请稍后再试",
        page=lambda error: public_page(
            request, template, {**context, "error": error.message}, status=error.status
        ),
    )
    if limited is not None:
        return limited
    post = request.POST
    typed = {
        "commenter": post.get("commenter", "").strip()[:TYPED_MAX],
        "contact": post.get("contact", "").strip()[:TYPED_MAX],
        "content": post.get("content", "")[:4000],
    }
    try:
        actions.submit_comment(decision_id=pk, **typed)
    except DomainError as exc:
        context.update(error=exc.message, error_code=exc.code, form=typed)
        return once(public_page(request, template, context, status=exc.status))
    context["submitted"] = True
    return once(public_page(request, template, context))


def public_decisions(request: HttpRequest) -> HttpResponse:
    """已公布的重大行政决策."""
    pages = paginate(request, published_decisions())
    return public_page(request, "decisions/public/decisions.html", pages)


def public_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """One published decision: the text, its explanation, how comments were used."""
    try:
        d = published_decision(pk)
    except NotFound:
        raise Http404("决策不存在或尚未公布") from None
    consultation = getattr(d, "consultation", None)
    context = {"d": d, "c": consultation, "m": latest_discussion(d)}
    return public_page(request, "decisions/public/decision.html", context)
