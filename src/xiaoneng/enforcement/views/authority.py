"""执法事项清单、裁量基准与执法证 desks, under /enforcement/authority/.

The body's head (`enforcement.manage`): the body's list with each item's
benchmarks, the forms to add and revise items, set benchmarks, publish the
list and repeal an item; the body's officers and the legal office and
supervision bureau read it. The legal office (`enforcement.legality`): the
certificates of every body, those running out within 30 days first, and the
forms to issue, renew and revoke; a head sees his body's, an officer his own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.actions import authority as actions
from xiaoneng.enforcement.actions import certificates as certificate_actions
from xiaoneng.enforcement.common import LEGALITY, MANAGE
from xiaoneng.enforcement.models import Grade, PenaltyKind
from xiaoneng.enforcement.selectors.authority import (
    CERTIFICATE_READERS,
    EXPIRING_DAYS,
    ITEM_READERS,
    bodies_for,
    certificate_state,
    certificates_for,
    enforcement_officers,
    enforcing_bodies,
    expiring_certificates,
    item_for,
    items_for,
    ordered,
)
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action, run_record_step
from xiaoneng.web.paging import paginate
from xiaoneng.web.tabs import Tab, desk_tabs

TABS: tuple[Tab, ...] = (
    ("enforcement:items", "执法事项与裁量基准", ITEM_READERS),
    ("enforcement:certificates", "执法证", CERTIFICATE_READERS),
)
ITEM_FIELDS = (
    "code",
    "name",
    "legal_basis",
    "penalty_basis",
    "fine_min",
    "fine_max",
    "exempt_conditions",
    "body_id",
)


def _tabs(request: HttpRequest) -> dict[str, Any]:
    return desk_tabs(request, "行政执法", TABS, public=reverse("enforcement:public_home"))


def _error(exc: DomainError) -> dict[str, str]:
    return {"code": exc.code or "", "message": exc.message}


def _item_input(post: QueryDict) -> dict[str, Any]:
    """An item's fields as the form typed them (the action checks them)."""
    return {
        "name": post.get("name", ""),
        "legal_basis": post.get("legal_basis", ""),
        "penalty_basis": post.get("penalty_basis", ""),
        "penalties": post.getlist("penalties"),
        "fine_min": post.get("fine_min", ""),
        "fine_max": post.get("fine_max", ""),
        "first_offence_exempt": post.get("first_offence_exempt") in ("1", "on"),
        "exempt_conditions": post.get("exempt_conditions", ""),
    }


def _benchmarks_input(post: QueryDict) -> dict[str, Any]:
    return {
        "benchmarks": [
            {
                "grade": grade,
                "circumstances": post.get(f"{grade}_circumstances", ""),
                "fine_min": post.get(f"{grade}_min", ""),
                "fine_max": post.get(f"{grade}_max", ""),
                "other_penalties": post.get(f"{grade}_other", ""),
            }
            for grade in Grade.values
        ]
    }


@login_required
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest) -> HttpResponse:
    """执法事项清单: the items in the reader's scope with their benchmarks; the
    head adds an item (the form shown again with what was typed when refused)."""
    require_perm(request, *ITEM_READERS)
    error, typed = None, {k: request.POST.get(k, "") for k in ITEM_FIELDS}
    if request.method == "POST":
        require_perm(request, MANAGE)
        given = {**_item_input(request.POST), "code": typed["code"], "body_id": typed["body_id"]}
        try:
            row = actions.create_item(actor=request.user, **given)
        except DomainError as exc:
            error = _error(exc)
        else:
            return redirect("enforcement:item", pk=row.pk)
    qs = items_for(request.user)
    body = as_int(request.GET.get("body"))
    if body is not None:
        qs = qs.filter(body_id=body)
    pages = paginate(request, qs)
    rows = [{"i": i, "benchmarks": ordered(i.benchmarks.all())} for i in pages["page_obj"]]
    manageable = list(bodies_for(request.user))
    context = {
        **pages,
        **_tabs(request),
        "rows": rows,
        "body": body,
        "bodies": manageable or enforcing_bodies(),
        "manageable": manageable,
        "can_manage": has_perm(request.user, MANAGE) and bool(manageable),
        "penalty_kinds": PenaltyKind.choices,
        "error": error,
        "form": typed,
        "chosen": request.POST.getlist("penalties"),
        "exempt": request.POST.get("first_offence_exempt") in ("1", "on"),
    }
    return render(request, "enforcement/authority/items.html", context)


@login_required
@require_POST
def items_publish(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    return post_action(
        request,
        lambda: actions.publish_list(actor=request.user, body_id=request.POST.get("body_id")),
        lambda rows: f"已公示 {len(rows)} 个执法事项",
        to="enforcement:items",
    )


@login_required
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: its basis, penalties, statutory range and benchmarks; the
    head's forms to revise it, set its benchmarks, repeal it."""
    require_perm(request, *ITEM_READERS)
    try:
        row = item_for(request.user, pk)
    except NotFound:
        raise Http404("执法事项不存在或无权查看") from None
    benchmarks = {b.grade: b for b in row.benchmarks.all()}
    context = {
        **_tabs(request),
        "i": row,
        "benchmarks": ordered(benchmarks.values()),
        "grades": [(g, label, benchmarks.get(g)) for g, label in Grade.choices],
        "penalty_kinds": PenaltyKind.choices,
        "penalty_labels": [PenaltyKind(k).label for k in row.penalties],
        "can_manage": has_perm(request.user, MANAGE) and row.active,
    }
    return render(request, "enforcement/authority/item.html", context)


ITEM_STEPS: dict[str, tuple[Any, ...]] = {
    "update": (actions.update_item, "执法事项已修改", _item_input),
    "benchmarks": (actions.set_benchmarks, "裁量基准已设定", _benchmarks_input),
    "repeal": (actions.repeal_item, "执法事项已废止", lambda p: {"reason": p.get("reason", "")}),
}


@login_required
@require_POST
def item_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, MANAGE)
    return run_record_step(request, ITEM_STEPS, name, key="item_id", pk=pk, to="enforcement:item")


@login_required
def certificates(request: HttpRequest) -> HttpResponse:
    """执法证: those in the reader's scope (search by number or officer, by
    body), the ones running out within 30 days, the legal office's forms."""
    require_perm(request, *CERTIFICATE_READERS)
    today = timesource.today()
    qs = certificates_for(request.user)
    text = request.GET.get("q", "").strip()[:40]
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(officer__real_name__icontains=text))
    body = as_int(request.GET.get("body"))
    if body is not None:
        qs = qs.filter(body_id=body)
    pages = paginate(request, qs)
    rows = [{"c": c, "state": certificate_state(c, today)} for c in pages["page_obj"]]
    can_issue = has_perm(request.user, LEGALITY)
    context = {
        **pages,
        **_tabs(request),
        "rows": rows,
        "q": text,
        "body": body,
        "bodies": enforcing_bodies(),
        "expiring": list(expiring_certificates(request.user, today)),
        "expiring_days": EXPIRING_DAYS,
        "can_issue": can_issue,
        "officers": list(enforcement_officers()) if can_issue else [],
        "today": today,
    }
    return render(request, "enforcement/authority/certificates.html", context)


def _certificate_input(post: QueryDict) -> dict[str, Any]:
    return {
        "number": post.get("number", ""),
        "issued_on": post.get("issued_on", ""),
        "valid_until": post.get("valid_until", ""),
    }


@login_required
@require_POST
def certificate_issue(request: HttpRequest) -> HttpResponse:
    require_perm(request, LEGALITY)
    post = request.POST
    return post_action(
        request,
        lambda: certificate_actions.issue_certificate(
            actor=request.user,
            officer_id=post.get("officer_id"),
            body_id=post.get("body_id"),
            field=post.get("field", ""),
            **_certificate_input(post),
        ),
        lambda row: f"已核发执法证 {row.number}",
        to="enforcement:certificates",
    )


CERTIFICATE_STEPS: dict[str, tuple[Any, ...]] = {
    "renew": (
        certificate_actions.renew_certificate,
        "已换发执法证",
        lambda p: {**_certificate_input(p), "field": p.get("field", "")},
    ),
    "revoke": (
        certificate_actions.revoke_certificate,
        "执法证已注销",
        lambda p: {"reason": p.get("reason", ""), "revoked_on": p.get("revoked_on", "")},
    ),
}


@login_required
@require_POST
def certificate_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, LEGALITY)
    entry = CERTIFICATE_STEPS.get(name)
    if entry is None:
        raise Http404
    action, done, read = entry
    return post_action(
        request,
        lambda: action(actor=request.user, certificate_id=pk, **read(request.POST)),
        done,
        to="enforcement:certificates",
        missing_is_404=True,
    )


urlpatterns = [
    path("", items, name="items"),
    path("publish/", items_publish, name="items_publish"),
    path("certificates/", certificates, name="certificates"),
    path("certificates/issue/", certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>/<str:name>/", certificate_step, name="certificate_step"),
    path("<int:pk>/", item, name="item"),
    path("<int:pk>/<str:name>/", item_step, name="item_step"),
]
