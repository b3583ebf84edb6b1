"""What forms share: one-time form tokens, the citizen's typed look-up, and
a whole number read from a parameter.

A POST form that creates something (an application, an intake) carries a
token from the session; the view lets one submission through per token, so
a reload of the result page (which re-posts) does not create the same thing
twice."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

from xiaoneng.core import timesource

FIELD = "form_token"
TYPED_MAX = 32  # a tracking number or query code as typed: anything longer is never valid
KEEP = 20  # tokens kept per form: that many tabs may be open at once


def issue_form_token(request: HttpRequest, key: str) -> str:
    """A new token for the form whose tokens the session keeps under `key`."""
    token = secrets.token_urlsafe(16)
    tokens = [*request.session.get(key, [])[-(KEEP - 1) :], token]
    request.session[key] = tokens
    return token


def form_token_valid(request: HttpRequest, key: str) -> bool:
    """Whether the posted token was issued and not yet spent."""
    return request.POST.get(FIELD, "") in request.session.get(key, [])


def spend_form_token(request: HttpRequest, key: str) -> None:
    """Spend the posted token once its submission has gone through."""
    tokens = list(request.session.get(key, []))
    token = request.POST.get(FIELD, "")
    if token in tokens:
        tokens.remove(token)
        request.session[key] = tokens


def current_form_token(request: HttpRequest, key: str) -> str:
    """The token the form shows: the posted one when a refused submission is
    shown again, else a new one."""
    return request.POST.get(FIELD) or issue_form_token(request, key)


def optional_int(value: Any) -> int | None:
    """A whole number from a query or form parameter (a department, a case,
    a year); None when it is missing or not a number."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def year_param(request: HttpRequest) -> int:
    """The year a list or statistics page asks for (`?year=`): from 2000 to
    next year; the current year when none or a bad one is given."""
    today = timesource.today()
    year = optional_int(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


def typed_lookup(data: QueryDict) -> tuple[str, str]:
    """The tracking number (`no`) and query code (`code`) a citizen typed,
    stripped and cut to `TYPED_MAX` characters."""
    return data.get("no", "").strip()[:TYPED_MAX], data.get("code", "").strip()[:TYPED_MAX]


def once(response: HttpResponse) -> HttpResponse:
    """A page with a query code: kept by no cache, not even the browser's."""
    add_never_cache_headers(response)
    return response
