"""效能投诉 desks. The complaint centre: the queue with lights (filters by
status, light, category, department; paging), staff entry of hotline,
letter and visit complaints, a complaint's page with every step as a form,
the export. The accused department: "待说明的投诉" — the explanations due,
through the projection without the complainant. (The public form and
tracking are `public_views`.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints import actions
from xiaoneng.complaints.actions.intake import accused_units
from xiaoneng.complaints.actions.steps import centre_staff
from xiaoneng.complaints.exports import export_filename, export_xlsx
from xiaoneng.complaints.models import (
    OPEN_STATUSES,
    STAFF_CHANNELS,
    Category,
    Complaint,
    Outcome,
    Satisfaction,
    Status,
)
from xiaoneng.complaints.selectors import (
    CENTRE_PERMISSIONS,
    QueueFilter,
    accused_complaint,
    accused_complaints,
    complaint_for,
    filtered_queue,
    lamp,
    possible_duplicates,
)
from xiaoneng.complaints.vocabulary import EVENT_WORDS
from xiaoneng.core import timesource
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import User
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import optional_int
from xiaoneng.web.lights import light_text, light_words
from xiaoneng.web.outcome import flash_outcome, run_record_step
from xiaoneng.web.paging import paginate

ENTRY_FIELDS = (
    "channel",
    "category",
    "department_id",
    "title",
    "description",
    "complainant_name",
    "complainant_phone",
    "complainant_id_no",
    "complainant_address",
    "staff_name",
    "case_number",
    "address_string",
)
LIGHTS = (
    (AlertLevel.NORMAL.value, "绿灯"),
    (AlertLevel.WARNING.value, "黄灯"),
    (AlertLevel.OVERDUE.value, "红灯"),
)


def desk_light(due: Any, running: bool) -> dict[str, Any]:
    """A row's light as the kit's `kit/light.html` shows it."""
    found = lamp(due if running else None)
    label, css = light_words(found.level)
    text = light_text(found.level, found.remaining or 0) if label else "—"
    return {"level": found.level, "label": label, "css": css, "text": text, "due": due}


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """投诉办理台: the centre's queue, the most urgent first."""
    require_perm(request, *CENTRE_PERMISSIONS)
    status = request.GET.get("status", "open")
    wanted = QueueFilter(
        status=status,
        light=request.GET.get("light", ""),
        category=request.GET.get("category", ""),
        department_id=optional_int(request.GET.get("department_id")) or 0,
    )
    qs = filtered_queue(request.user, wanted, current_calendar(), timesource.today())
    extension = request.GET.get("extension") == "pending"
    if extension:  # the head's approvals: extensions waiting for them
        qs = qs.filter(extension_requested_days__gt=0)
    pages = paginate(request, qs.select_related("department", "handler"))
    rows = [
        {"c": c, "light": desk_light(c.due_on, c.is_open)} for c in pages["page_obj"].object_list
    ]
    context = {
        **pages,
        "rows": rows,
        "status": status,
        "statuses": Status.choices,
        "light": wanted.light,
        "lights": LIGHTS,
        "category": wanted.category,
        "categories": Category.choices,
        "department_id": wanted.department_id,
        "departments": list(accused_units()),
        "can_handle": has_perm(request.user, "complaint.handle"),
        "extension": extension,
    }
    return render(request, "complaints/desk.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出 (GB/T 39046 complaint fields; the complainant only for complaint.handle)."""
    require_perm(request, *CENTRE_PERMISSIONS, "complaint.explain")
    response = HttpResponse(
        export_xlsx(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    return response


def _entry_context(data: dict[str, str], error: str = "") -> dict[str, Any]:
    return {
        "data": data,
        "error": error,
        "channels": [(c.value, c.label) for c in STAFF_CHANNELS],
        "categories": Category.choices,
        "departments": list(accused_units()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """登记投诉: 12345 hotline transfers, letters and visits."""
    require_perm(request, "complaint.handle")
    if request.method == "GET":
        return render(request, "complaints/register.html", _entry_context({}))
    data = {name: request.POST.get(name, "") for name in ENTRY_FIELDS}
    try:
        row, code = actions.submit_complaint(
            actor=request.user,
            channel=data["channel"],
            category=data["category"],
            department_id=data["department_id"],
            title=data["title"],
            description=data["description"],
            anonymous=request.POST.get("anonymous") == "on",
            complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"],
            complainant_id_no=data["complainant_id_no"],
            complainant_address=data["complainant_address"],
            staff_name=data["staff_name"],
            case_number=data["case_number"],
            address_string=data["address_string"],
            attachments=request.FILES.getlist("attachments"),
        )
    except DomainError as exc:
        return render(request, "complaints/register.html", _entry_context(data, exc.message))
    response = render(request, "complaints/registered.html", {"c": row, "query_code": code})
    response["Cache-Control"] = "no-store"
    return response


def _handlers() -> list[User]:
    """Whom a complaint can be assigned to: the centre's staff."""
    return list(User.objects.filter(pk__in=centre_staff()).order_by("pk"))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A complaint with every step as a form (the centre)."""
    require_perm(request, *CENTRE_PERMISSIONS)
    try:
        row: Complaint = complaint_for(request.user, pk)
    except NotFound:
        raise Http404("投诉不存在或无权查看") from None
    events = list(row.events.order_by("seq"))
    context = {
        "c": row,
        "events": [{"e": e, "label": EVENT_WORDS.get(e.kind, e.kind)} for e in events],
        "light": desk_light(row.due_on, row.is_open),
        "explanation_light": desk_light(
            row.explanation_due_on, row.explained_on is None and row.is_open
        ),
        "outcomes": Outcome.choices,
        "satisfactions": Satisfaction.choices,
        "handlers": _handlers(),
        "attachments": list(row.attachments.all()),
        "merged": list(row.merged_complaints.all()),
        "duplicates": possible_duplicates(row) if row.is_open else [],
        "can_handle": has_perm(request.user, "complaint.handle"),
        "can_approve": has_perm(request.user, "complaint.extend.approve"),
        "explaining": bool(row.explanation_requested_on and row.explained_on is None),
    }
    return render(request, "complaints/detail.html", context)


def _days(post: Any) -> int:
    try:
        return int(post.get("days", "0"))
    except ValueError:
        return 0


def _into(value: str) -> Any:
    """The complaint to merge into, by its number (TS…) or its id."""
    value = (value or "").strip()
    if value.upper().startswith("TS"):
        found = Complaint.objects.filter(number=value.upper()).values_list("pk", flat=True)
        return found.first() or 0
    return value


STEPS: dict[str, tuple[Any, str, Any]] = {
    "accept": (
        actions.accept_complaint,
        "已受理",
        lambda p: {"handler_id": p.get("handler_id") or None},
    ),
    "assign": (
        actions.assign_complaint,
        "已分派承办人",
        lambda p: {"handler_id": p.get("handler_id")},
    ),
    "decline": (
        actions.decline_complaint,
        "已决定不予受理",
        lambda p: {"reason": p.get("reason", "")},
    ),
    "transfer": (
        actions.transfer_complaint,
        "已转办",
        lambda p: {"to_body": p.get("to_body", ""), "reason": p.get("reason", "")},
    ),
    "merge": (
        actions.merge_complaint,
        "已合并",
        lambda p: {"into_id": _into(p.get("into", "")), "reason": p.get("reason", "")},
    ),
    "explanation": (
        actions.request_explanation,
        "已要求被投诉单位说明情况",
        lambda p: {"questions": p.get("questions", "")},
    ),
    "extend": (
        actions.request_extension,
        "延期申请已提交，待负责人批准",
        lambda p: {"days": _days(p), "reason": p.get("reason", "")},
    ),
    "approve": (actions.approve_extension, "已批准延期", lambda p: {}),
    "conclude": (
        actions.conclude_complaint,
        "已办结并答复投诉人",
        lambda p: {
            "outcome": p.get("outcome", ""),
            "findings": p.get("findings", ""),
            "handling_opinion": p.get("handling_opinion", ""),
            "reply_text": p.get("reply_text", ""),
        },
    ),
    "callback": (
        actions.record_callback,
        "已记录回访",
        lambda p: {"satisfaction": p.get("satisfaction", ""), "note": p.get("note", "")},
    ),
    "reexamined": (
        actions.conclude_reexamination,
        "复查已办结",
        lambda p: {
            "outcome": p.get("outcome", ""),
            "findings": p.get("findings", ""),
            "reply_text": p.get("reply_text", ""),
        },
    ),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *CENTRE_PERMISSIONS)
    return run_record_step(request, STEPS, name, key="complaint_id", pk=pk, to="complaints:detail")


@login_required
def attachment(request: HttpRequest, pk: int, aid: int) -> FileResponse:
    """A complaint's attachment: the centre's handlers only (a file may name
    the complainant, so the accused department never gets it)."""
    require_perm(request, "complaint.handle")
    try:
        row = complaint_for(request.user, pk)
    except NotFound:
        raise Http404("附件不存在或无权查看") from None
    found = row.attachments.filter(pk=aid).first()
    if found is None:
        raise Http404("附件不存在或无权查看")
    try:
        stream = default_storage.open(found.stored_path, "rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在") from None
    return FileResponse(
        stream, as_attachment=True, filename=found.filename, content_type=found.content_type
    )


# --- the accused department ----------------------------------------------------------------


def _waiting(found: dict[str, Any]) -> bool:
    """Whether the department's explanation is still due (asked, not given, complaint open)."""
    return found["explained_on"] is None and found["status"] in OPEN_STATUSES


@login_required
def explain_desk(request: HttpRequest) -> HttpResponse:
    """待说明的投诉: the explanations asked of this department (outstanding first)."""
    require_perm(request, "complaint.explain")
    pages = paginate(request, accused_complaints(request.user))
    rows = [
        {
            "c": d,
            "category": Category(d["category"]).label,
            "light": desk_light(d["explanation_due_on"], _waiting(d)),
        }
        for d in pages["page_obj"].object_list
    ]
    return render(request, "complaints/explain_desk.html", {**pages, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def explain_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The matter and the questions; the department's explanation."""
    require_perm(request, "complaint.explain")
    if request.method == "POST":
        flash_outcome(
            request,
            lambda: actions.submit_explanation(
                actor=request.user, complaint_id=pk, text=request.POST.get("text", "")
            ),
            "说明已报送投诉中心",
            missing_is_404=True,
        )
        return redirect("complaints:explain_detail", pk=pk)
    try:
        found = accused_complaint(request.user, pk)
    except NotFound:
        raise Http404("投诉不存在或无权查看") from None
    context = {
        "c": found,
        "category": Category(found["category"]).label,
        "status": Status(found["status"]).label,
        "outcome": Outcome(found["outcome"]).label if found["outcome"] else "",
        "light": desk_light(found["explanation_due_on"], _waiting(found)),
    }
    return render(request, "complaints/explain_detail.html", context)
