"""检查评比观摩 staff pages: the activities (an organiser's, a leader's, the
督查室's all), registration with the overlaps offered for merging, an
activity's page with each step, the leader's approvals, the annual plan,
the enterprise register, the inspectors' list and the enterprises' reports."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import ActivityKind, ReportStatus, Result, Status
from xiaoneng.inspections.selectors import (
    APPROVE,
    MANAGE,
    PLAN_COLUMNS,
    READ_PERMISSIONS,
    REGISTER,
    UNIT_KINDS,
    activities_for,
    activity_for,
    annual_plan,
    awaiting_approval,
    draw_of,
    enterprise_names,
    enterprises_for,
    inspectors_for,
    overlaps,
    reports_for,
    year_of,
)
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import once
from xiaoneng.web.outcome import flash_outcome, post_action
from xiaoneng.web.paging import paginate

SEPARATORS = re.compile(r"\s*[,，、;；\t|]\s*")


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def people(value: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """One person a line, fields separated by a comma (，,、;)."""
    out = []
    for line in lines(value):
        parts = SEPARATORS.split(line, maxsplit=len(fields) - 1)
        out.append({f: (parts[i] if i < len(parts) else "") for i, f in enumerate(fields)})
    return out


def codes(value: str) -> list[str]:
    return [c for c in re.split(r"[\s,，、;；]+", value or "") if c]


# --- the list and registration ------------------------------------------------------------


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    """检查评比观摩: the actor's activities, filtered by status and year."""
    require_perm(request, *READ_PERMISSIONS)
    qs = activities_for(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(start_on__year=int(year))
    pages = paginate(request, qs.order_by("-start_on", "-id"))
    context = {
        **pages,
        "status": status,
        "year": year,
        "statuses": Status.choices,
        "can_register": has_perm(request.user, REGISTER),
    }
    return render(request, "inspections/activities.html", context)


def _register_form(data: dict[str, Any], error: str = "", code: str = "") -> dict[str, Any]:
    return {
        "kinds": ActivityKind.choices,
        "units": list(
            Department.objects.filter(active=True, kind__in=UNIT_KINDS).order_by(
                "ancestors", "sort", "code"
            )
        ),
        "data": data,
        "error": error,
        "error_code": code,
    }


FIELDS = ("kind", "title", "basis", "items", "start", "end", "codes", "participants")


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """登记: before the event; on saving, the overlaps are shown on its page."""
    require_perm(request, REGISTER)
    if request.method == "GET":
        blank = {**dict.fromkeys((*FIELDS, "companions"), ""), "units": []}  # not dict.items
        return render(request, "inspections/register.html", _register_form(blank))
    post = request.POST
    data: dict[str, Any] = {k: post.get(k, "") for k in (*FIELDS, "companions")}
    data["units"] = post.getlist("units")
    try:
        row = actions.register_activity(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            basis=data["basis"],
            items=lines(data["items"]),
            start_on=parse_date(data["start"]),  # type: ignore[arg-type]  # checked there
            end_on=parse_date(data["end"]),  # type: ignore[arg-type]
            unit_ids=data["units"],
            credit_codes=codes(data["codes"]),
            participants=people(data["participants"], ("name", "unit")),
            companions=people(data["companions"], ("name", "title", "unit")),
        )
    except DomainError as exc:
        context = _register_form(data, exc.message, exc.code)
        return render(request, "inspections/register.html", context, status=exc.status)
    return redirect("inspections:activity", pk=row.pk)


# --- an activity ------------------------------------------------------------


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = activity_for(request.user, pk)
    except NotFound:
        raise Http404("活动不存在或无权查看") from None
    user = request.user
    mine = has_perm(user, REGISTER) and (
        covers_department(user, row.organiser_id)
        or any(covers_department(user, d.pk) for d in row.co_organisers.all())
    )
    draw = draw_of(row)
    names = enterprise_names(draw.chosen_enterprises) if draw else {}
    context = {
        "a": row,
        "co": list(row.co_organisers.all()),
        "units": list(row.target_units.order_by("sort", "code")),
        "firms": list(row.target_enterprises.order_by("credit_code")),
        "participants": list(row.participants.all()),
        "companions": list(row.companions.select_related("unit")),
        "merged_from": list(row.merged_from.all()),
        "overlaps": overlaps(row) if row.status == Status.PENDING else [],
        "mine": mine,
        "can_decide": has_perm(user, APPROVE) and covers_department(user, row.organiser_id),
        "draw": draw,
        "drawn_firms": [names.get(c, c) for c in draw.chosen_enterprises] if draw else [],
        "results": Result.choices[1:],
        "today": timesource.today(),
        "items_text": "\n".join(row.items),
        "codes_text": "\n".join(e.credit_code for e in row.target_enterprises.all()),
        "held_units": ", ".join(row.held_targets.get("units", [])),
        "held_codes": ", ".join(row.held_targets.get("enterprises", [])),
    }
    return render(request, "inspections/activity.html", context)


def _held(r: HttpRequest, pk: int) -> Any:
    post = r.POST
    return actions.record_held(
        actor=r.user,
        activity_id=pk,
        held_start=parse_date(post.get("held_start", "")),  # type: ignore[arg-type]
        held_end=parse_date(post.get("held_end", "")),  # type: ignore[arg-type]
        items=lines(post.get("items", "")),
        unit_ids=post.getlist("units"),
        credit_codes=codes(post.get("codes", "")),
        companions=people(post.get("companions", ""), ("name", "title", "unit")),
    )


def _posted(step: Any, **fields: str) -> Any:
    """The step on the activity with its keywords read from the form's fields
    (keyword=field name)."""
    return lambda r, pk: step(
        actor=r.user, activity_id=pk, **{k: r.POST.get(f, "") for k, f in fields.items()}
    )


STEPS: dict[str, tuple[Any, str]] = {
    "merge": (_posted(actions.merge_activity, into_id="into"), "已合并为联合检查"),
    "separate": (_posted(actions.keep_separate, reason="reason"), "已说明不合并的理由"),
    "approve": (_posted(actions.approve_activity, note="note"), "已批准"),
    "reject": (_posted(actions.reject_activity, reason="reason"), "已不予批准"),
    "cancel": (_posted(actions.cancel_activity, reason="reason"), "已取消"),
    "held": (_held, "实施情况已登记"),
    "result": (
        _posted(actions.record_result, result="result", summary="summary"),
        "检查结果已公布",
    ),
    "draw": (
        _posted(
            actions.draw_targets,
            enterprise_count="enterprise_count",
            inspector_count="inspector_count",
            industry="industry",
        ),
        "已完成双随机抽取",
    ),
}


@login_required
@require_POST
def activity_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    if name not in STEPS:
        raise Http404
    fn, done = STEPS[name]
    if name == "merge":
        # After a merge the activity to show is the joint one.
        joint: list[Any] = []
        if flash_outcome(request, lambda: joint.append(fn(request, pk)), done):
            return redirect("inspections:activity", pk=joint[0].pk)
        return redirect("inspections:activity", pk=pk)
    return post_action(request, lambda: fn(request, pk), done, to="inspections:activity", pk=pk)


# --- the leader's approvals and the annual plan ------------------------------------------


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """检查评比审批: pending activities of the organisers in the leader's portfolio."""
    require_perm(request, APPROVE)
    pages = paginate(request, awaiting_approval(request.user))
    return render(request, "inspections/approvals.html", pages)


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """年度计划: per organiser, registered / approved / merged / cancelled / held."""
    require_perm(request, MANAGE, REGISTER, APPROVE)
    year = year_of(request.GET.get("year"), timesource.today())
    rows = annual_plan(request.user, year)
    totals = {key: sum(r[key] for r in rows) for key, _ in PLAN_COLUMNS}
    context = {"year": year, "rows": rows, "columns": PLAN_COLUMNS, "totals": totals}
    return render(request, "inspections/plan.html", context)


# --- the registers ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enterprises(request: HttpRequest) -> HttpResponse:
    """企业名录 (督查室): a new enterprise's query code is shown once."""
    require_perm(request, MANAGE)
    context: dict[str, Any] = {"data": {}, "error": ""}
    if request.method == "POST":
        post = request.POST
        data = {k: post.get(k, "") for k in ("credit_code", "name", "industry", "address")}
        try:
            if post.get("reissue"):
                row, code = actions.reissue_query_code(
                    actor=request.user, enterprise_id=post.get("reissue")
                )
            else:
                row, code = actions.add_enterprise(actor=request.user, **data)
        except DomainError as exc:
            context.update(data=data, error=f"{exc.message}（{exc.code}）")
        else:
            context.update(issued=row, query_code=code)
    qs = enterprises_for(request.user)
    industry = request.GET.get("industry", "")
    if industry:
        qs = qs.filter(industry=industry)
    context.update(paginate(request, qs.order_by("credit_code")), industry=industry)
    context["industries"] = sorted(
        set(enterprises_for(request.user).values_list("industry", flat=True))
    )
    return once(render(request, "inspections/enterprises.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def inspectors(request: HttpRequest) -> HttpResponse:
    """执法人员名录: an organiser's own; the 督查室 every department's."""
    require_perm(request, REGISTER, MANAGE)
    if request.method == "POST":
        post = request.POST
        return post_action(
            request,
            lambda: actions.add_inspector(
                actor=request.user,
                name=post.get("name", ""),
                certificate_no=post.get("certificate_no", ""),
                department_id=post.get("department_id") or None,
            ),
            "已登记执法人员",
            to="inspections:inspectors",
        )
    pages = paginate(
        request, inspectors_for(request.user).order_by("department__sort", "certificate_no")
    )
    context = {
        **pages,
        "bureau": has_perm(request.user, MANAGE),
        "departments": list(
            Department.objects.filter(active=True, kind__in=UNIT_KINDS).order_by(
                "ancestors", "sort"
            )
        ),
    }
    return render(request, "inspections/inspectors.html", context)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """企业报告 (督查室): pending first; verify (→ the finding) or dismiss."""
    require_perm(request, MANAGE)
    state = request.GET.get("state", ReportStatus.PENDING)
    qs = reports_for(request.user)
    if state in ReportStatus.values:
        qs = qs.filter(status=state)
    context = {
        **paginate(request, qs.order_by("-id")),
        "state": state,
        "states": ReportStatus.choices,
    }
    return render(request, "inspections/reports.html", context)


@login_required
@require_POST
def report_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, MANAGE)
    post = request.POST
    if name == "verify":
        call: Any = lambda: actions.verify_report(  # noqa: E731
            actor=request.user,
            report_id=pk,
            note=post.get("note", ""),
            activity_id=post.get("activity_id") or None,
        )
        done = "已核实属实，已转电子监察"
    elif name == "dismiss":
        call = lambda: actions.dismiss_report(  # noqa: E731
            actor=request.user, report_id=pk, note=post.get("note", "")
        )
        done = "已核实不属实"
    else:
        raise Http404
    return post_action(request, call, done, to="inspections:reports", missing_is_404=True)
