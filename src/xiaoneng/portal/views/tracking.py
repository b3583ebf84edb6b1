"""办件查询: an applicant looks a case up with its tracking number and the
query code given at receipt. The page shows the status, every step with its
date, handling department and staff (public by seed art. 7), the working
days left, the documents issued, and what was charged on what basis
(收费情况: fee, standard, notice and receipt numbers, refunds); of the applicant only a masked name.

No enumeration: an unknown number and a wrong code get the same answer from
the same work (one SM3 digest, one indexed query). Every look-up counts
against the client's limit (`portal.track_per_minute`). A look-up reads the
case, its item's and department's names and the stamp of its charges in one
statement, its steps in a second (its charges, if any, in two more:
`portal.selectors`). The rendered page of a case is kept in this process's
cache under its version, charges and today's date, so a citizen refreshing
the page costs the first statement; a case not yet looked up renders only
its own part, set into the page's frame for anonymous visitors, rendered
once a day (`_frame`).

The look-up is POSTed: the query code never stands in an address (a GET
carrying one is sent back to the form without it, and is not looked up). A
found case is remembered in a signed cookie for a while (`portal.tracked`),
so its 文书 for the applicant and its 收费通知书 are served from the portal's
own addresses (`portal.views.applicant_documents`), never
from the staff's. The form is exempt from CSRF: it reads, and what it
remembers only opens the case the code already opened; the page frame kept
for every visitor therefore holds no per-visitor token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.labels import EVENT_LABELS, STATUS_TAGS, light_of
from xiaoneng.cases.models import Case, CaseEvent, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.documents.services import issued_documents
from xiaoneng.fees.selectors import applicant_charges
from xiaoneng.portal.selectors import tracked_case, tracked_events
from xiaoneng.portal.tracked import REMEMBER_MINUTES, remember
from xiaoneng.portal.views.common import over_limit
from xiaoneng.web.forms import typed_lookup
from xiaoneng.web.masking import mask_name

PAGE_CACHE = "xn:portal:track:"
PAGE_TTL = 60  # seconds: bounds how long a renamed item or department shows its old name
NOT_FOUND = "办件编号或查询码不正确，请核对后重新输入。"
DECISION_KIND = "decided"
FINISHED = (CaseStatus.DELIVERED, CaseStatus.REFUSED)  # what 好差评 accepts a rating of
# The documents an applicant receives (documents.kinds and documents.receipts):
# the notices and decisions addressed to them, and the window's papers handed
# to them (a re-printed 材料接收凭证 names no query code). A kind not named
# here (an internal one) is never offered.
APPLICANT_KINDS = frozenset(
    {
        "supplement-notice",
        "acceptance",
        "refusal",
        "suspension",
        "extension",
        "approval",
        "denial",
        "receipt",
        "completion",
        "delivery-proof",
    }
)


# Where the frame of the page (`_frame`) takes the tracking number and the case.
NO_MARK, CASE_MARK = "xn-frame-no-5d1c", "xn-frame-case-5d1c"
_FRAMES: dict[tuple[str, date, str], tuple[str, str, str]] = {}


@dataclass(frozen=True)
class Step:
    label: str
    css: str
    on: date
    department: str
    staff: str
    items: list[str]  # the materials of a one-time notice
    detail: str


def _steps(case: Case, events: list[CaseEvent]) -> list[Step]:
    applicant_ids = {case.applicant_id} - {None}
    steps = []
    for e in events:
        label, css = EVENT_LABELS.get(e.kind, (e.kind, ""))
        by_applicant = e.actor_id in applicant_ids
        payload: dict[str, Any] = e.payload or {}
        detail = ""
        if e.kind == DECISION_KIND and case.decision:
            detail = case.get_decision_display()
        elif e.kind == "extended" and e.days:
            detail = f"延长 {e.days} 个工作日"
        steps.append(
            Step(
                label=label,
                css=css,
                on=e.on,
                # The applicant's own steps name no one: the page shows no personal data.
                department="申请人" if by_applicant else (e.department_name or "—"),
                staff="" if by_applicant else e.actor_name,
                items=[str(m) for m in payload.get("missing", [])]
                if e.kind == "supplement_notice"
                else [],
                detail=detail,
            )
        )
    return steps


def for_applicant(key: str) -> bool:
    """A document key (`extension-2` for a second one) of a kind the applicant receives."""
    base, _, n = key.rpartition("-")
    return (base if n.isdigit() and base else key) in APPLICANT_KINDS


def _documents(case: Case) -> list[dict[str, str]]:
    """The applicant's documents issued so far, from the portal's own address."""
    return [
        {
            "title": d.kind.title,
            "number": d.number,
            "url": reverse("portal:applicant_document", args=[case.pk, d.key]),
        }
        for d in issued_documents(case)
        if for_applicant(d.key)
    ]


def _rate_url(case: Case) -> str:
    """好差评 for a finished case: the rating form with the tracking number
    filled in. The query code never goes into the link (the person types it
    again there, and the form posts it); this page's `no-referrer` keeps its
    own address, which holds the code, from being passed on."""
    if case.status not in FINISHED:
        return ""
    return f"{reverse('ratings:online')}?{urlencode({'no': case.tracking_no})}"


def _private(response: HttpResponse) -> HttpResponse:
    # The page answers a code: no cache keeps it, no link passes its address on.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _page_key(case: Case) -> str:
    """The key of the rendered page of a case as it stands today: its version,
    its last change and the stamp of its charges (a charge or refund does not
    touch the case's row), read with the case by `tracked_case`."""
    charges = f"{case.charge_count or 0}:{case.charge_refunded or 0}"  # type: ignore[attr-defined]
    stamp = f"{case.pk}:{case.version}:{case.updated_at.timestamp()}:{charges}"
    return f"{PAGE_CACHE}{stamp}:{timesource.today()}"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"today": timesource.today(), "error": "", "case": None}
    if request.method == "GET":
        tracking_no, _ = typed_lookup(request.GET)
        if "code" in request.GET:  # an old link or bookmark: never looked up, code dropped
            query = f"?{urlencode({'no': tracking_no})}" if tracking_no else ""
            return _private(HttpResponseRedirect(f"{reverse('portal:track')}{query}"))
        context["no"] = tracking_no
        return _private(render(request, "portal/track.html", context))
    return _look_up(request, context)


def _look_up(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    tracking_no, query_code = typed_lookup(request.POST)
    context["no"] = tracking_no
    if limited := over_limit(request, "track", "portal.track_per_minute"):
        return limited
    if not tracking_no or not query_code:
        context["error"] = "请填写办件编号和查询码。"
        return _private(render(request, "portal/track.html", context))
    case = tracked_case(tracking_no, query_code)
    if case is None:
        context["error"] = NOT_FOUND
        return _private(render(request, "portal/track.html", context))
    # The page of an unchanged case is the same all day for every anonymous
    # visitor holding the code (the header of a signed-in one names them).
    shared = not request.user.is_authenticated
    key = _page_key(case)
    if shared and (body := cache.get(key)) is not None:
        return _remembered(request, _private(HttpResponse(body)), case)
    context.update(_case_context(case))
    frame = _frame(request) if shared else None
    if frame is None:
        response = render(request, "portal/track.html", context)
    else:  # only the case is rendered: the page around it is the day's frame
        before, middle, after = frame
        section = render_to_string("portal/track_case.html", context)
        response = HttpResponse(f"{before}{escape(tracking_no)}{middle}{section}{after}")
    if shared:
        cache.set(key, response.content, PAGE_TTL)
    return _remembered(request, _private(response), case)


def _remembered(request: HttpRequest, response: HttpResponse, case: Case) -> HttpResponse:
    remember(request, response, case)  # its documents, from this browser, for a while
    return response


def _frame(request: HttpRequest) -> tuple[str, str, str] | None:
    """The page of a found case for an anonymous visitor, without the case:
    the text before the tracking number in the form, between it and the
    case, after the case. Rendered once per process and day (it holds the
    date) from the page's own template, with marks where the number and
    the case go; None when the marks are not each found once (the caller
    then renders the whole page). A signed-in visitor's header names them:
    never framed."""
    key = (request.path, timesource.today(), get_language())
    frame = _FRAMES.get(key)
    if frame is None:
        context = {"today": key[1], "no": NO_MARK, "error": "", "case_section": CASE_MARK}
        html = render_to_string("portal/track.html", {**context, "case": None}, request)
        before, _, rest = html.partition(NO_MARK)
        middle, _, after = rest.partition(CASE_MARK)
        if html.count(NO_MARK) != 1 or html.count(CASE_MARK) != 1:
            return None
        _FRAMES.clear()  # one day's frame at a time
        _FRAMES[key] = frame = (before, middle, after)
    return frame


def _case_context(case: Case) -> dict[str, Any]:
    events = tracked_events(case)  # one statement serves steps, light and documents
    today = timesource.today()
    return {
        "case": case,
        "masked_applicant": mask_name(case.applicant_name),
        "status_css": STATUS_TAGS.get(case.status, ""),
        "light": light_of(case, today, current_calendar()),
        "steps": _steps(case, events),
        "documents": _documents(case),
        "rate_url": _rate_url(case),
        "remember_minutes": REMEMBER_MINUTES,
        # The case's own statement counted its charges: none, no statement.
        "charges": applicant_charges(case.pk) if case.charge_count else [],  # type: ignore[attr-defined]
        "notice_url": reverse("portal:fee_notice", args=[case.pk]) if case.charge_count else "",  # type: ignore[attr-defined]
    }
