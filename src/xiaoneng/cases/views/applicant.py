"""The applicant's pages: apply online for a published item (with its full
material list, the one-time list), 我的申请, and a case with its timeline and
the right to withdraw before the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required as staff_login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.cases.forms import (
    ApplicantForm,
    ItemSearchForm,
    QueueSearchForm,
    WithdrawForm,
    material_copies,
)
from xiaoneng.cases.labels import case_rows
from xiaoneng.cases.models import Case, CaseAttachment, CaseStatus
from xiaoneng.cases.selectors import cases_for_actor
from xiaoneng.catalog.selectors import published_item, published_items
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import current_form_token, form_token_valid, once, spend_form_token
from xiaoneng.web.paging import paginate

from .attachments import attach_all, field_name, files_for_materials, upload_notes
from .detail import case_context
from .shared import load_case, search
from .steps import BEFORE_DECISION

TOKENS = "cases.apply_tokens"
# A visitor signs in on the portal's public login (个人/法人), never the staff one.
login_required = staff_login_required(login_url="citizens:login")
# The draft 继续填写 resumed (set by the public accounts app under this key).
DRAFT_SESSION_KEY = "cases.apply_draft"
# Sent after an online application is submitted, so that the public accounts
# app (above this one) can clear the draft it was resumed from.
application_submitted = Signal()


@login_required
def items_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "case.apply")
    form = ItemSearchForm(request.GET)
    form.is_valid()
    items = published_items(query=form.cleaned_data.get("q", "")).prefetch_related("materials")
    return render(request, "cases/apply_items.html", {"form": form, **paginate(request, items)})


@login_required
@require_http_methods(["GET", "POST"])
@operation("网上申请", BusinessType.CREATE)
def apply_view(request: HttpRequest, code: str) -> HttpResponse:
    require_perm(request, "case.apply")
    try:
        item = published_item(code)
    except NotFound:
        raise Http404("事项不存在或未发布") from None
    user = request.user
    materials = list(item.materials.all())
    form = ApplicantForm(request.POST or None, initial=_initial(request, item.code))
    error: DomainError | None = None
    if request.method == "POST":
        if not form_token_valid(request, TOKENS):
            messages.warning(request, "该申请已提交，请勿重复提交。")
            return redirect("cases:mine")
        if form.is_valid():
            data = form.cleaned_data
            try:
                chosen = files_for_materials(request, materials) + _reused(request, materials)
                case, query_code = actions.submit_application(
                    actor=user,
                    item_code=item.code,
                    applicant_name=data["applicant_name"],
                    applicant_phone=data["applicant_phone"],
                    summary=data["summary"],
                    **_certificate(user),
                )
            except DomainError as exc:
                error = exc
            else:
                spend_form_token(request, TOKENS)
                application_submitted.send(sender=Case, request=request, case=case)
                for problem in attach_all(user, case, chosen):
                    messages.warning(request, problem)
                return once(
                    render(
                        request, "cases/apply_done.html", {"case": case, "query_code": query_code}
                    )
                )
    context = {
        "item": item,
        "form": form,
        "error": error,
        "materials": [
            {"material": m, "copies": material_copies(m), "field": field_name(m)} for m in materials
        ],
        "form_token": current_form_token(request, TOKENS),
        "reusable": list(_earlier_uploads(user)[:50]),
        **upload_notes(),
    }
    return render(request, "cases/apply_form.html", context, status=error.status if error else 200)


def _earlier_uploads(user: Any) -> QuerySet[CaseAttachment]:
    """Files this account uploaded to its own earlier applications (可复用材料)."""
    return CaseAttachment.objects.filter(uploaded_by=user, case__applicant=user).order_by("-id")


def _reused(request: HttpRequest, materials: list[Any]) -> list[tuple[Any, ContentFile[bytes]]]:
    """Earlier uploads chosen again (`reuse_<material id>`), read back from the
    store as new files: each case keeps its own copy, checked like an upload."""
    chosen = []
    mine = _earlier_uploads(request.user)
    for material in materials:
        raw = request.POST.get(f"reuse_{material.pk}", "")
        earlier = mine.filter(pk=int(raw)).first() if raw.isdigit() else None
        if earlier is not None:
            with default_storage.open(earlier.stored_path) as stored:
                chosen.append((material, ContentFile(stored.read(), name=earlier.filename)))
    return chosen


def _certificate(user: object) -> dict[str, Any]:
    """A public account applies under its certificate: an enterprise's credit
    code, a person's 身份证号 (so window and agent filings under the same
    number reach the same 我的办件)."""
    profile = getattr(user, "public_account", None)
    if profile is None:
        return {}
    if profile.credit_code:
        return {"applicant_id_type": "credit_code", "applicant_id_no": profile.credit_code}
    return {"applicant_id_type": "resident_id", "applicant_id_no": profile.id_no}


def _initial(request: HttpRequest, code: str) -> dict[str, str]:
    """The form's first values: a resumed draft of this item, else the
    account's name and phone (sealed in both the public account and the
    user; the model fields open them)."""
    user = request.user
    draft = request.session.get(DRAFT_SESSION_KEY) or {}
    profile = getattr(user, "public_account", None)
    phone = getattr(profile, "phone", "") or getattr(user, "phone", "")
    if draft.get("code") == code:
        return {
            "applicant_name": draft.get("applicant_name") or getattr(user, "display_name", ""),
            "applicant_phone": phone,
            "summary": draft.get("summary", ""),
        }
    return {"applicant_name": getattr(user, "display_name", ""), "applicant_phone": phone}


@login_required
def mine_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "case.apply")
    form = QueueSearchForm(request.GET, statuses=CaseStatus.choices)
    form.is_valid()
    cases = search(
        cases_for_actor(request.user).filter(Q(applicant=request.user) | Q(agent=request.user)),
        form.cleaned_data.get("q", ""),
        form.cleaned_data.get("status", ""),
    ).order_by("-received_on", "-id")
    pages = paginate(request, cases)
    rows = case_rows(pages["page_obj"].object_list, timesource.today(), current_calendar())
    return render(request, "cases/my_list.html", {"form": form, "rows": rows, **pages})


def _own_case(request: HttpRequest, pk: int) -> Case:
    case = load_case(request.user, pk)
    if request.user.pk not in (case.applicant_id, case.agent_id):
        raise Http404("办件不存在或无权查看")
    return case


def render_mine(
    request: HttpRequest,
    case: Case,
    *,
    form: WithdrawForm | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        **case_context(case),
        "can_withdraw": case.status in BEFORE_DECISION,
        "can_attach": case.status in BEFORE_DECISION,
        **upload_notes(),
        "withdraw_form": form or WithdrawForm(case=case),
        "error": error,
    }
    return render(request, "cases/my_detail.html", context, status=status)


@login_required
def my_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "case.apply")
    return render_mine(request, _own_case(request, pk))


@login_required
@require_POST
@operation("撤回申请", BusinessType.UPDATE)
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "case.apply")
    case = _own_case(request, pk)
    form = WithdrawForm(request.POST, case=case)
    if not form.is_valid():
        return render_mine(request, case, form=form, status=400)
    try:
        actions.withdraw_case(
            actor=request.user,
            case_id=case.pk,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return render_mine(request, _own_case(request, pk), form=form, error=exc, status=exc.status)
    messages.success(request, "申请已撤回，办件终止。")
    return redirect("cases:my_detail", pk=pk)
