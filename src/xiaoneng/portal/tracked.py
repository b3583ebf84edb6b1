"""Which cases this browser may read the documents of, without an account.

A successful 办件查询 (number + query code, POSTed) proves the visitor holds
the code; the case is then remembered in a signed cookie (path /track/,
HttpOnly) for `REMEMBER_MINUTES`, and its 文书 and 收费通知书 are served from
the portal's own addresses while it lasts. The cookie holds only case ids
and when each proof runs out — never the code — and costs the look-up no
statement (a session would write a row on every first look-up). A signed-in
visitor reaches the documents of their own cases (`own_case`)."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from xiaoneng.cases.models import Case
from xiaoneng.citizens.selectors import own_cases

COOKIE = "xn_tracked"
SALT = "xiaoneng.portal.tracked"
REMEMBER_MINUTES = 30
KEPT = 20  # at most this many cases remembered per browser


def _held(request: HttpRequest) -> dict[str, float]:
    raw = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=REMEMBER_MINUTES * 60)
    held: dict[str, float] = {}
    for part in (raw or "").split(","):
        case_id, _, until = part.partition(":")
        if case_id.isdigit() and until.isdigit():
            held[case_id] = float(until)
    return held


def remember(request: HttpRequest, response: HttpResponse, case: Case) -> None:
    now = time.time()
    kept = {k: v for k, v in _held(request).items() if v > now}
    kept[str(case.pk)] = now + REMEMBER_MINUTES * 60
    newest = sorted(kept.items(), key=lambda kv: kv[1])[-KEPT:]
    response.set_signed_cookie(
        COOKIE,
        ",".join(f"{k}:{int(v)}" for k, v in newest),
        salt=SALT,
        max_age=REMEMBER_MINUTES * 60,
        path="/track/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def remembered(request: HttpRequest, case_id: int) -> bool:
    """A forged or expired cookie reads as none (`get_signed_cookie`'s default)."""
    return _held(request).get(str(case_id), 0) > time.time()


def own_case(user: Any, case_id: int) -> bool:
    """The case is the signed-in visitor's own: a public account's case
    (`citizens.selectors.own_cases`: filed by it or, for an enterprise, for
    its credit code), or one the visitor's account applied for or filed as
    the agent."""
    if not getattr(user, "is_authenticated", False):
        return False
    if own_cases(user).filter(pk=case_id).exists():
        return True
    return (
        Case.objects.filter(pk=case_id)
        .filter(Q(applicant_id=user.pk) | Q(agent_id=user.pk))
        .exists()
    )


def may_read(request: HttpRequest, case_id: int) -> bool:
    return remembered(request, case_id) or own_case(request.user, case_id)
