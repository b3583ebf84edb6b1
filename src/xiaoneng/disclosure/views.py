"""依申请公开 pages. Public (extend the portal): the request form, the
acknowledgement with the tracking number and query code (shown once), the
requester's look-up. Staff (the disclosure office): the desk with due dates
and lights, and a request's page with every step."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import typed_lookup
from xiaoneng.web.lights import light_text, light_words
from xiaoneng.web.masking import mask_name
from xiaoneng.web.outcome import run_record_step
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit

from . import actions, clock
from .models import (
    AnswerType,
    Channel,
    ConsultKind,
    DisclosureRequest,
    Form,
    RequesterKind,
    Status,
    WithholdingGround,
)
from .selectors import (
    READ_PERMISSIONS,
    by_urgency,
    request_by_query_code,
    request_for_actor,
    requests_for_actor,
    rules,
    state_of,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LIMIT_PARAM = "disclosure.submit_per_minute"
EVENT_LABELS = {
    "received": "收到申请",
    "correction_requested": "告知补正",
    "corrected": "收到补正",
    "consult_started": "征求意见（不计时）",
    "consult_ended": "征求意见结束",
    "extended": "延长答复期限",
    "answered": "作出答复",
    "withdrawn": "申请人撤回",
    "abandoned": "视为放弃申请",
}
# What the request form posts, public and staff alike (staff add "channel").
REQUEST_FIELDS = (
    "department_id",
    "requester_kind",
    "requester_name",
    "requester_id_no",
    "phone",
    "email",
    "address",
    "description",
    "form",
)


def _limited(request: HttpRequest) -> HttpResponse | None:
    return over_limit(
        request,
        "disclosure",
        LIMIT_PARAM,
        message="提交过于频繁，请稍后再试",
        page=lambda error: public_page(
            request,
            "disclosure/public_message.html",
            {"title": "访问过于频繁", "message": error.message},
            status=error.status,
        ),
    )


def _light(row: DisclosureRequest, today: date, calendar: Any, r: clock.Rules) -> dict[str, Any]:
    state = state_of(row, today, calendar, r) if row.received_on else None
    if state is None:
        return {
            "label": "",
            "css": "",
            "text": "待确认收到申请" if row.is_open else "—",
            "due": None,
        }
    if state.light is clock.Light.NONE:
        text = {
            clock.Phase.CORRECTING: "待申请人补正，不计时",
            clock.Phase.ANSWERED: "按期答复" if state.on_time else "逾期答复",
        }.get(state.phase, "—")
        return {"label": "", "css": "", "text": text, "due": state.answer_due}
    consulting = state.phase is clock.Phase.CONSULTING
    note = "（征求意见，不计时）" if consulting else ""
    text = light_text(state.light, state.remaining_workdays or 0, note)
    label, css = light_words(state.light)
    return {"label": label, "css": css, "text": text, "due": state.paused_due or state.answer_due}


def _form_context() -> dict[str, Any]:
    """The request form's choices, blank: the public form and staff registration."""
    return {
        "agencies": list(actions.agencies()),
        "forms": Form.choices,
        "kinds": RequesterKind.choices,
        "data": {},
        "error": "",
    }


def _posted(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in names}


def _submit(
    actor: Actor | None, data: dict[str, str], received_on: date | None = None
) -> tuple[DisclosureRequest, str]:
    return actions.submit_request(
        actor=actor,
        department_id=data["department_id"],
        requester_kind=data["requester_kind"],
        requester_name=data["requester_name"],
        requester_id_no=data["requester_id_no"],
        phone=data["phone"],
        email=data["email"],
        address=data["address"],
        description=data["description"],
        form=data["form"],
        channel=data.get("channel", Channel.ONLINE),
        received_on=received_on,
    )


# --- public ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """申请表 (art. 29)."""
    context = _form_context()
    if request.method == "GET":
        return public_page(request, "disclosure/apply.html", context)
    if (limited := _limited(request)) is not None:
        return limited
    data = _posted(request, REQUEST_FIELDS)
    try:
        row, code = _submit(None, data)
    except DomainError as exc:
        context.update(data=data, error=exc.message, error_code=exc.code)
        return public_page(request, "disclosure/apply.html", context)
    return public_page(request, "disclosure/acknowledged.html", {"row": row, "query_code": code})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """申请查询: tracking number + query code; the requester's name masked."""
    context: dict[str, Any] = {"no": "", "error": ""}
    if request.method == "GET":
        return public_page(request, "disclosure/track.html", context)
    if (limited := _limited(request)) is not None:
        return limited
    no, code = typed_lookup(request.POST)
    context["no"] = no
    try:
        row = request_by_query_code(no, code)
    except NotFound as exc:
        context["error"] = exc.message
        return public_page(request, "disclosure/track.html", context)
    events = list(row.events.order_by("seq"))
    context.update(
        row=row,
        requester=mask_name(row.requester_name),
        steps=[
            {"label": EVENT_LABELS.get(e.kind, e.kind), "on": e.on, "days": e.days} for e in events
        ],
        light=_light(row, timesource.today(), current_calendar(), rules()),
    )
    return public_page(request, "disclosure/track.html", context)


# --- staff ------------------------------------------------------------------------


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """依申请公开办理台: open requests by answer due date, with their lights."""
    require_perm(request, *READ_PERMISSIONS)
    status = request.GET.get("status", "open")
    qs = requests_for_actor(request.user)
    if status == "open":
        qs = qs.filter(is_open=True)
    elif status in Status.values:
        qs = qs.filter(status=status)
    pages = paginate(request, by_urgency(qs))
    rows = list(pages["page_obj"].object_list)
    prefetch_related_objects(rows, "events")
    today, calendar, r = timesource.today(), current_calendar(), rules()
    context = {
        "rows": [{"r": row, "light": _light(row, today, calendar, r)} for row in rows],
        **pages,
        "status": status,
        "statuses": Status.choices,
    }
    return render(request, "disclosure/desk.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = request_for_actor(request.user, pk)
    except NotFound:
        raise Http404("公开申请不存在或无权查看") from None
    events = list(row.events.order_by("seq"))
    context = {
        "r": row,
        "events": [{"e": e, "label": EVENT_LABELS.get(e.kind, e.kind)} for e in events],
        "light": _light(row, timesource.today(), current_calendar(), rules()),
        "answer_types": AnswerType.choices,
        "grounds": WithholdingGround.choices,
        "consult_kinds": ConsultKind.choices,
        "can_approve": has_perm(request.user, "disclosure.extend.approve"),
        "can_handle": has_perm(request.user, "disclosure.handle"),
    }
    return render(request, "disclosure/detail.html", context)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


STEPS: dict[str, tuple[Any, str]] = {
    "confirm": (actions.confirm_receipt, "已确认收到申请"),
    "correction": (actions.request_correction, "已告知补正"),
    "corrected": (actions.record_correction, "已登记补正"),
    "abandon": (actions.mark_abandoned, "已登记为视为放弃申请"),
    "consult": (actions.start_consultation, "已开始征求意见，答复期限暂停计算"),
    "consult_end": (actions.end_consultation, "征求意见结束，恢复计时"),
    "extend": (actions.request_extension, "延期申请已提交，待负责人批准"),
    "approve": (actions.approve_extension, "已批准延期"),
    "answer": (actions.answer_request, "已作出答复"),
}


def _days(post: Any) -> int:
    try:
        return int(post.get("days", "0"))
    except ValueError:
        return 0


STEP_FIELDS: dict[str, Any] = {
    "confirm": lambda p: {"on": _date(p.get("on", ""))},
    "correction": lambda p: {"items": p.get("items", "")},
    "corrected": lambda p: {"on": _date(p.get("on", "")), "note": p.get("note", "")},
    "consult": lambda p: {"kind": p.get("kind", ""), "party": p.get("party", "")},
    "consult_end": lambda p: {"on": _date(p.get("on", "")), "outcome": p.get("outcome", "")},
    "extend": lambda p: {"days": _days(p), "reason": p.get("reason", "")},
    "answer": lambda p: {
        "answer_type": p.get("answer_type", ""),
        "text": p.get("text", ""),
        "reason": p.get("reason", ""),
        "competent_agency": p.get("competent_agency", ""),
        "ground": p.get("ground", ""),
    },
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    return run_record_step(
        request,
        STEPS,
        name,
        key="request_id",
        pk=pk,
        to="disclosure:detail",
        fields=STEP_FIELDS,
        show_code=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """登记申请: handed in (received that day), posted or faxed (the day signed for)."""
    require_perm(request, "disclosure.handle")
    context = {
        **_form_context(),
        "channels": [c for c in Channel.choices if c[0] != Channel.ONLINE],
    }
    if request.method == "POST":
        data = _posted(request, (*REQUEST_FIELDS, "channel"))
        try:
            row, code = _submit(
                request.user, data, received_on=_date(request.POST.get("received_on", ""))
            )
        except DomainError as exc:
            context.update(data=data, error=exc.message)
        else:
            response = render(request, "disclosure/registered.html", {"r": row, "query_code": code})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "disclosure/register.html", context)
