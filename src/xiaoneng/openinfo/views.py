"""主动公开 pages. The unit (`openinfo.publish`): its catalogue with each
item's light, the form to register an item (a policy interpretation linked
to its policy document) and the step to publish it; the government office
(`openinfo.manage`): the city overview (every unit's counts and late items),
the 复议 / 诉讼 records and the annual report (generate, review, publish,
.xlsx). Public pages are in `public_views`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm
from xiaoneng.org.selectors import public_departments
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

from . import actions, exports
from .actions.reports import FIRST_YEAR, last_finished_year
from .forms import RESULTS, ItemForm, ReviewForm, ReviseForm
from .models import Category, ItemStatus
from .public_views import public, public_item, public_report, report_years
from .selectors import (
    MANAGE,
    PUBLISH,
    READ_PERMISSIONS,
    city_overview,
    item_for,
    items_for,
    late_items,
    light_q,
    lit,
    policy_documents_for,
    published_in,
    published_interpretations,
    report_for,
    reviews_for,
)

__all__ = ["public", "public_item", "public_report"]

LIGHTS = (
    ("", "全部"),
    (AlertLevel.NORMAL, "绿灯"),
    (AlertLevel.WARNING, "黄灯"),
    (AlertLevel.OVERDUE, "红灯"),
    ("published", "已公开"),
)


@login_required
def items(request: HttpRequest) -> HttpResponse:
    """主动公开目录: the unit's items with their lights (the office: every unit's)."""
    require_perm(request, *READ_PERMISSIONS)
    today = timesource.today()
    qs = items_for(request.user)
    category, light = request.GET.get("category", ""), request.GET.get("light", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    if light == "published":
        qs = qs.filter(status=ItemStatus.PUBLISHED)
    elif light in (AlertLevel.NORMAL, AlertLevel.WARNING, AlertLevel.OVERDUE):
        qs = qs.filter(light_q(light, today))
    pages = paginate(request, qs.order_by("status", "due_on", "-id"))
    return render(
        request,
        "openinfo/items.html",
        {
            **pages,
            "rows": lit(list(pages["page_obj"].object_list), today),
            "categories": Category.choices,
            "category": category,
            "lights": LIGHTS,
            "light": light,
            "can_publish": has_perm(request.user, PUBLISH),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, PUBLISH)
    documents = [
        (d.pk, f"{d.title}（{d.number}）") for d in policy_documents_for(request.user)[:200]
    ]
    form = ItemForm(request.POST or None, documents=documents)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            row = actions.register_item(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            error = {"code": exc.code or "", "message": exc.message}
        else:
            return redirect("openinfo:item", pk=row.pk)
    return render(request, "openinfo/item_new.html", {"form": form, "error": error})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = item_for(request.user, pk)
    except NotFound:
        raise Http404("主动公开信息不存在或无权查看") from None
    (shown,) = lit([row], timesource.today())
    return render(
        request,
        "openinfo/item.html",
        {
            "row": row,
            "shown": shown,
            "interpretations": list(row.interpretations.all()),
            "can_publish": has_perm(request.user, PUBLISH),
            "revise_form": ReviseForm(),
        },
    )


def _revision(request: HttpRequest) -> dict[str, Any]:
    """The change's fields as typed (an unreadable day: None, which the action refuses)."""
    form = ReviseForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return {
        "changed_on": data.get("changed_on"),
        "title": data.get("title") or None,
        "body": data.get("body") or None,
    }


ITEM_STEPS: dict[str, tuple[Callable[[Any, int], Any], str]] = {
    "publish": (lambda r, pk: actions.publish_item(actor=r.user, item_id=pk), "已在政府网站公开"),
    "repeal": (lambda r, pk: actions.repeal_item(actor=r.user, item_id=pk), "已登记废止"),
    "revise": (
        lambda r, pk: actions.revise_item(actor=r.user, item_id=pk, **_revision(r)),
        "已登记变更，请在 20 个工作日内重新公开",
    ),
}


@login_required
@require_POST
def item_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in ITEM_STEPS:
        raise Http404
    require_perm(request, PUBLISH)
    fn, done = ITEM_STEPS[name]
    return post_action(
        request, lambda: fn(request, pk), done, to="openinfo:item", missing_is_404=True, pk=pk
    )


@login_required
def city(request: HttpRequest) -> HttpResponse:
    """全市主动公开监督: each unit's counts and the late items."""
    require_perm(request, MANAGE)
    today = timesource.today()
    late = list(late_items(request.user, today).order_by("due_on", "id")[:200])
    return render(
        request,
        "openinfo/city.html",
        {"units": city_overview(request.user, today), "late": lit(late, today)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviews(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    departments = [(d.pk, d.name) for d in public_departments().order_by("sort", "code")]
    form = ReviewForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        return post_action(
            request,
            lambda: actions.register_review(actor=request.user, **form.cleaned_data),
            "已登记",
            to="openinfo:reviews",
        )
    pages = paginate(request, reviews_for(request.user).order_by("-filed_on", "-id"))
    return render(request, "openinfo/reviews.html", {**pages, "form": form, "results": RESULTS})


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    return post_action(
        request,
        lambda: actions.decide_review(
            actor=request.user,
            review_id=pk,
            result=request.POST.get("result", ""),
            decided_on=timesource.today(),
        ),
        "已登记结果",
        to="openinfo:reviews",
    )


def _year(request: HttpRequest) -> int:
    """The year asked for, when it is a finished year; else the last finished one."""
    last = last_finished_year()
    year = as_int(request.GET.get("year") or request.POST.get("year"))
    return year if year is not None and FIRST_YEAR <= year <= last else last


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """政府信息公开工作年度报告: generate, review, publish (the office)."""
    require_perm(request, MANAGE)
    year = _year(request)
    return render(
        request,
        "openinfo/report.html",
        {
            "year": year,
            "years": report_years(),
            "report": report_for(request.user, year),
            "interpretations_of": published_interpretations,
        },
    )


@login_required
def report_export(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    year = _year(request)
    row = report_for(request.user, year)
    if row is None:
        raise Http404
    response = HttpResponse(
        exports.report_xlsx(row.tables, list(published_in(request.user, year))),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="zhengwu-gongkai-{year}.xlsx"'
    return response


REPORT_STEPS: dict[str, Any] = {
    "generate": (actions.generate_report, "已生成，请审核后公开"),
    "publish": (actions.publish_report, "已公开"),
}


@login_required
@require_POST
def report_step(request: HttpRequest, name: str) -> HttpResponse:
    if name not in REPORT_STEPS:
        raise Http404
    require_perm(request, MANAGE)
    fn, done = REPORT_STEPS[name]
    # The year as posted: one that is not a finished year is the action's refusal.
    posted = as_int(request.POST.get("year"))
    return post_action(
        request,
        lambda: fn(actor=request.user, year=posted),
        done,
        to=f"/openinfo/report/?year={_year(request)}",
    )
