"""收费公示 (public, no sign-in: the fees in force with their basis and
standard) and the catalog desk (`fee.catalog`: list, create, change, cancel,
import, export)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.fees import actions
from xiaoneng.fees.models import FeeStatus, StandardKind
from xiaoneng.fees.selectors import (
    CATALOG,
    catalog_for,
    fee_for,
    fees_in_force,
    in_force_q,
    public_row,
)
from xiaoneng.fees.sheet import example_xlsx, fee_rows, write_xlsx
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIELDS = (
    "name",
    "department_id",
    "legal_basis",
    "price_doc",
    "finance_doc",
    "kind",
    "lower",
    "upper",
    "unit",
    "effective_from",
    "effective_to",
)


def _departments() -> list[Department]:
    return list(Department.objects.filter(active=True).order_by("ancestors", "sort", "code"))


def public(request: HttpRequest) -> HttpResponse:
    """收费公示: what may be charged today, by whom, on what basis."""
    qs = fees_in_force(timesource.today())
    dept = request.GET.get("department", "")
    if dept.isdigit():
        qs = qs.filter(department_id=int(dept))
    charging = Department.objects.filter(
        pk__in=fees_in_force(timesource.today()).values("department_id")
    ).order_by("sort", "code")
    pages = paginate(request, qs)
    context = {
        **pages,
        "rows": [public_row(f) for f in pages["page_obj"].object_list],
        "departments": list(charging),
        "department": dept,
        "total": pages["page_obj"].paginator.count,
    }
    return public_page(request, "fees/public.html", context)


def _form(post: Any) -> dict[str, Any]:
    data = {k: post.get(k, "") for k in FIELDS}
    data["item_codes_"] = post.get("item_codes", "")
    return data


def _write(send: Any, name: str) -> HttpResponse:
    response = HttpResponse(send, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def catalog(request: HttpRequest) -> HttpResponse:
    """收费目录: the list with filters, and a new fee."""
    require_perm(request, CATALOG)
    error: DomainError | None = None
    data: dict[str, Any] = {}
    if request.method == "POST":
        data = {
            "code": request.POST.get("code", ""),
            "item_codes_text": request.POST.get("item_codes", ""),
            **_form(request.POST),
        }
        try:
            row = actions.create_fee(actor=request.user, code=data["code"], **_form(request.POST))
        except DomainError as exc:
            error = exc
        else:
            return redirect("fees:fee", pk=row.pk)
    qs = catalog_for(request.user)
    q, dept, state = (request.GET.get(k, "") for k in ("q", "department", "state"))
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    if dept.isdigit():
        qs = qs.filter(department_id=int(dept))
    if state == "in_force":
        qs = qs.filter(in_force_q(timesource.today()))
    elif state in FeeStatus.values:
        qs = qs.filter(status=state)
    context = {
        **paginate(request, qs),
        "departments": _departments(),
        "kinds": StandardKind.choices,
        "statuses": FeeStatus.choices,
        "q": q,
        "department": dept,
        "state": state,
        "data": data,
        "error": error,
    }
    return render(request, "fees/catalog.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, CATALOG)
    try:
        fee = fee_for(request.user, pk)
    except NotFound:
        raise Http404("收费项目不存在") from None
    error: DomainError | None = None
    if request.method == "POST":
        try:
            actions.change_fee(
                actor=request.user,
                code=fee.code,
                valid_from=request.POST.get("valid_from") or None,  # type: ignore[arg-type]
                note=request.POST.get("note", ""),
                **_form(request.POST),
            )
        except DomainError as exc:
            error = exc
        else:
            return redirect("fees:fee", pk=fee.pk)
    context = {
        "fee": fee,
        "versions": list(fee.versions.select_related("recorded_by").order_by("-number")),
        "departments": _departments(),
        "kinds": StandardKind.choices,
        "error": error,
        "today": timesource.today(),
    }
    return render(request, "fees/fee_detail.html", context)


@login_required
@require_POST
def fee_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, CATALOG)
    try:
        fee = fee_for(request.user, pk)
    except NotFound:
        raise Http404("收费项目不存在") from None
    return post_action(
        request,
        lambda: actions.cancel_fee(
            actor=request.user,
            code=fee.code,
            cancelled_on=request.POST.get("cancelled_on", ""),  # type: ignore[arg-type]
            note=request.POST.get("note", ""),
        ),
        "收费项目已取消",
        to="fees:fee",
        pk=fee.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import(request: HttpRequest) -> HttpResponse:
    """导入收费目录: every bad row listed; nothing stored unless all are good."""
    require_perm(request, CATALOG)
    context: dict[str, Any] = {"error": None, "rows": [], "done": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            data = upload.read(5 * 1024 * 1024 + 1) if upload else b""
            context["done"] = actions.import_fees(actor=request.user, data=data)
        except DomainError as exc:
            context["error"] = exc
            context["rows"] = exc.detail if isinstance(exc.detail, list) else []
    return render(request, "fees/import.html", context)


@login_required
def catalog_export(request: HttpRequest) -> HttpResponse:
    require_perm(request, CATALOG)
    fees = catalog_for(request.user)
    return _write(write_xlsx(fee_rows(fees)), "fee-catalog.xlsx")


@login_required
def catalog_example(request: HttpRequest) -> HttpResponse:
    require_perm(request, CATALOG)
    return _write(example_xlsx(), "fee-catalog-example.xlsx")
