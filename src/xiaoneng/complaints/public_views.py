"""效能投诉 public pages (the portal's look): the complaint form (signed in
or anonymous; the number and query code shown once), the complainant's
tracking page (number + code POSTed, never in the URL), and from it the
rating of the handling and the one request for re-examination.

Everything writes through `complaints.actions` and reads through
`complaints.selectors.public_track`, which never holds who complained nor
which staff member handled it (the unit only). Every POST here counts
against the client's limit (`complaint.submit_per_minute`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.web.forms import (
    current_form_token,
    form_token_valid,
    once,
    spend_form_token,
    typed_lookup,
)
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit

from . import actions
from .models import Category, Channel, Satisfaction
from .selectors import public_track

LIMIT_PARAM = "complaint.submit_per_minute"
TOKENS = "complaints.public_form"
FORM_FIELDS = (
    "category",
    "department_id",
    "staff_name",
    "case_number",
    "title",
    "description",
    "address_string",
    "complainant_name",
    "complainant_phone",
    "complainant_id_no",
    "complainant_address",
)


def _limited(request: HttpRequest) -> HttpResponse | None:
    return over_limit(
        request,
        "complaints",
        LIMIT_PARAM,
        message="提交过于频繁，请稍后再试",
        page=lambda error: public_page(
            request,
            "complaints/public/message.html",
            {"title": "访问过于频繁", "message": error.message},
            status=error.status,
        ),
    )


def _form_context(request: HttpRequest, data: dict[str, Any], error: str = "") -> dict[str, Any]:
    return {
        "categories": Category.choices,
        "units": list(actions.accused_units().values("pk", "name")),
        "data": data,
        "error": error,
        "form_token": current_form_token(request, TOKENS),
    }


@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    """投诉表: the citizen may stay anonymous (then no name is kept)."""
    if request.method == "GET":
        return public_page(request, "complaints/public/form.html", _form_context(request, {}))
    if (limited := _limited(request)) is not None:
        return limited
    if not form_token_valid(request, TOKENS):
        return public_page(
            request,
            "complaints/public/message.html",
            {
                "title": "投诉已提交",
                "message": "该投诉已经提交，请勿重复提交；凭投诉编号和查询码查询办理进度。",
            },
            status=409,
        )
    data: dict[str, Any] = {name: request.POST.get(name, "") for name in FORM_FIELDS}
    data["anonymous"] = request.POST.get("anonymous") == "1"
    try:
        row, code = actions.submit_complaint(
            actor=request.user,
            channel=Channel.ONLINE,
            attachments=request.FILES.getlist("attachments"),
            **data,
        )
    except DomainError as exc:
        context = _form_context(request, data, exc.message)
        context["error_code"] = exc.code
        return public_page(request, "complaints/public/form.html", context, status=exc.status)
    spend_form_token(request, TOKENS)
    context = {"row": row, "query_code": code, "unit": row.department.name}
    return once(public_page(request, "complaints/public/submitted.html", context))


def _track_context(no: str, code: str, notice: str = "", step_error: str = "") -> dict[str, Any]:
    """The tracking page for number + code (`error` when they do not match);
    `notice`/`step_error`: how a rating or re-examination request went."""
    context: dict[str, Any] = {"no": no, "notice": notice, "step_error": step_error, "error": ""}
    try:
        context["c"] = public_track(no, code)
    except NotFound as exc:
        context["error"] = exc.message
        return context
    context.update(code=code, satisfactions=Satisfaction.choices)
    return context


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """投诉查询: number + query code, POSTed."""
    if request.method == "GET":
        return public_page(request, "complaints/public/track.html", {"no": "", "error": ""})
    if (limited := _limited(request)) is not None:
        return limited
    no, code = typed_lookup(request.POST)
    return once(public_page(request, "complaints/public/track.html", _track_context(no, code)))


def _after_step(request: HttpRequest, step: Any, done: str) -> HttpResponse:
    if (limited := _limited(request)) is not None:
        return limited
    no, code = typed_lookup(request.POST)
    try:
        step(no, code)
    except DomainError as exc:
        context = _track_context(no, code, step_error=exc.message)
        page = public_page(request, "complaints/public/track.html", context, status=exc.status)
        return once(page)
    return once(
        public_page(request, "complaints/public/track.html", _track_context(no, code, done))
    )


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """评价办理结果 (once per reply)."""
    return _after_step(
        request,
        lambda no, code: actions.rate_by_complainant(
            number=no,
            query_code=code,
            satisfaction=request.POST.get("satisfaction", ""),
            note=request.POST.get("note", ""),
        ),
        "感谢您的评价，评价已记录",
    )


@require_POST
def reexamine(request: HttpRequest) -> HttpResponse:
    """申请复查 (once, within the window after the reply)."""
    return _after_step(
        request,
        lambda no, code: actions.request_reexamination(
            number=no, query_code=code, reason=request.POST.get("reason", "")
        ),
        "复查申请已提交，效能投诉中心将重新调查并答复",
    )
