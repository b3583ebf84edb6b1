"""The case page shared by every staff desk: header with the clock, applicant,
item, timeline, opinions, and the steps the actor may take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.attachments import ATTACHABLE, may_attach
from xiaoneng.cases.delivery import received_materials
from xiaoneng.cases.forms import CaseForm, material_copies
from xiaoneng.cases.labels import DUE_LABELS, STATUS_TAGS, light_of
from xiaoneng.cases.models import Case, IdType
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.authority import has_perm
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.masking import mask_id_no
from xiaoneng.web.outcome import redirect_within

from .attachments import upload_notes
from .review import DESK_PERMISSIONS
from .shared import STAFF_PERMISSIONS, load_case
from .steps import STEP_BY_KEY, STEPS, Step, data_of
from .timeline import opinion_rows, timeline

# The desks a staff member may go back to from a case.
DESKS = (
    ("收件队列", "cases:window", ("case.intake",)),
    ("审查决定", "cases:desk", DESK_PERMISSIONS),
)


def case_context(case: Case) -> dict[str, Any]:
    """What both the staff page and the applicant's page show of a case."""
    today = timesource.today()
    return {
        "case": case,
        "today": today,
        "status_css": STATUS_TAGS.get(case.status, ""),
        "light": light_of(case, today, current_calendar()),
        "due_label": DUE_LABELS.get(case.status, "当前期限"),
        "timeline": timeline(case),
        "materials": material_rows(case),
        "certificate": shown_certificate(case),
        "attachments": list(case.attachments.select_related("uploaded_by")),
    }


def material_rows(case: Case) -> list[dict[str, Any]]:
    """The item's materials, each with what the window took in (`received`:
    True/False; None where intake listed none, e.g. an online application)."""
    taken = received_materials(sorted(case.events.all(), key=lambda e: e.seq))
    by_name = {row["name"]: bool(row.get("received")) for row in taken or []}
    return [
        {"material": m, "copies": material_copies(m), "received": by_name.get(m.name)}
        for m in case.item.materials.all()
    ]


def shown_certificate(case: Case) -> dict[str, str]:
    """The certificate as a page shows it: a credit code in full (it is
    public), a person's number and address masked (web.masking)."""
    number = case.applicant_id_no
    if case.applicant_id_type != IdType.CREDIT_CODE:
        number = mask_id_no(number) if number else ""
    return {
        "type": case.get_applicant_id_type_display() if case.applicant_id_type else "",
        "number": number,
        "address": mask_address(case.applicant_address),
        "handler": case.get_handler_kind_display() if case.handler_kind else "",
        "handler_name": case.handler_name,
        "handler_id_no": mask_id_no(case.handler_id_no) if case.handler_id_no else "",
    }


def mask_address(address: str) -> str:
    """The address up to its first ten characters: the district, not the door."""
    return f"{address[:10]}……" if len(address) > 10 else address


@dataclass(frozen=True)
class Offered:
    """A step on the page: its form, open when it comes back refused."""

    step: Step
    form: CaseForm
    is_open: bool = False


def render_detail(
    request: HttpRequest,
    case: Case,
    *,
    error: DomainError | None = None,
    bound: tuple[str, CaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, with the steps the actor may take; a refused step comes back
    open, with what was typed and the error (its code included)."""
    actor = request.user
    steps = []
    for step in STEPS:
        if bound is not None and bound[0] == step.key:
            steps.append(Offered(step, bound[1], is_open=True))
        elif step.shown_to(actor, case):
            steps.append(Offered(step, step.make_form(case)))
    context = {
        **case_context(case),
        "opinions": opinion_rows(case, timesource.today()),
        "steps": steps,
        "buttons": [s for s in steps if s.step.inline],
        "panels": [s for s in steps if not s.step.inline],
        "error": error,
        "can_attach": case.status in ATTACHABLE and may_attach(actor, case),
        **upload_notes(),
        "pending_opinions": sum(1 for o in case.opinions.all() if o.given_on is None),
        "desks": [
            (label, url)
            for label, url, permissions in DESKS
            if any(has_perm(actor, p) for p in permissions)
        ],
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *STAFF_PERMISSIONS)
    return render_detail(request, load_case(request.user, pk))


@login_required
@require_POST
@operation("办件办理", BusinessType.UPDATE)
def act_view(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    require_perm(request, *STAFF_PERMISSIONS)
    spec = STEP_BY_KEY.get(step)
    if spec is None:
        raise Http404("没有这个办理环节")
    case = load_case(request.user, pk)
    form = spec.make_form(case, request.POST)
    if not form.is_valid():
        return render_detail(request, case, bound=(spec.key, form), status=400)
    try:
        spec.run(request.user, case, data_of(form))
    except DomainError as exc:
        return render_detail(
            request,
            load_case(request.user, pk),
            error=exc,
            bound=(spec.key, form),
            status=exc.status,
        )
    case = load_case(request.user, pk)
    messages.success(request, spec.done(case))
    return redirect_within(request, request.POST.get("next", ""), "cases:detail", pk=case.pk)
