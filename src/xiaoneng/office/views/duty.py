"""The pages of duty: 值班表 (a unit's rosters and the roster form, a row
per holiday day with selects of the unit's people) and 值班查岗 (the
city-wide desk for duty.check: a holiday's rosters per unit with their
lights, today's 值班一览, the spot-check form and list, the xlsx export)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.office.actions import duty as actions
from xiaoneng.office.models.duty import CheckResult, DutyRoster, RosterStatus
from xiaoneng.office.selectors import duty as sel
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

READ = ("duty.roster", "duty.check", "supervision.view")
DESK = ("duty.check", "supervision.view")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _days(roster: DutyRoster) -> list[date]:
    return [
        roster.starts_on + timedelta(days=i)
        for i in range((roster.ends_on - roster.starts_on).days + 1)
    ]


@login_required
def rosters(request: HttpRequest) -> HttpResponse:
    """值班表: the unit's rosters (due, submitted, late)."""
    require_perm(request, *READ)
    pages = paginate(request, sel.rosters_for(request.user).order_by("-starts_on", "unit__sort"))
    context = {
        **pages,
        "today": timesource.today(),
        "can_check": has_perm(request.user, "duty.check"),
    }
    return render(request, "office/duty/rosters.html", context)


def _posted_shifts(request: HttpRequest, roster: DutyRoster) -> list[dict[str, Any]]:
    post = request.POST
    return [
        {"day": d, "leader": post.get(f"leader_{d.isoformat()}"), "staff": post.get(f"staff_{d}")}
        for d in _days(roster)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """A roster: its form (while it may change) or its shifts."""
    require_perm(request, *READ)
    try:
        row = sel.roster_for(request.user, pk)
    except NotFound:
        raise Http404("值班表不存在或无权查看") from None
    if request.method == "POST":
        submit = request.POST.get("then") == "submit"

        def save() -> DutyRoster:
            saved = actions.save_roster(
                actor=request.user,
                roster_id=row.pk,
                duty_phone=request.POST.get("duty_phone", ""),
                shifts=_posted_shifts(request, row),
            )
            return (
                actions.submit_roster(actor=request.user, roster_id=saved.pk) if submit else saved
            )

        done = "值班表已报送" if submit else "值班表已保存"
        return post_action(request, save, done, to="office:roster", pk=row.pk)
    today = timesource.today()
    shifts = sel.shifts_of(row)
    editable = (
        has_perm(request.user, "duty.roster")
        and covers_department(request.user, row.unit_id)
        and today <= row.ends_on
        and not (row.status == RosterStatus.SUBMITTED and today >= row.starts_on)
    )
    context = {
        "r": row,
        "rows": [(d, shifts.get(d)) for d in _days(row)],
        "people": sel.unit_people(row.unit_id) if editable else [],
        "editable": editable,
        "light": sel.light_of(row, today),
        "checks": sel.checks_for(request.user).filter(unit_id=row.unit_id)[:20],
        "today": today,
    }
    return render(request, "office/duty/roster.html", context)


@login_required
@require_POST
def roster_submit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "duty.roster")
    return post_action(
        request,
        lambda: actions.submit_roster(actor=request.user, roster_id=pk),
        "值班表已报送",
        to="office:roster",
        missing_is_404=True,
        pk=pk,
    )


def _holiday_start(request: HttpRequest, today: date) -> date | None:
    """The holiday the desk shows: ?holiday=YYYY-MM-DD, else the one under
    way or next, else the latest roster's."""
    raw = request.GET.get("holiday", "")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _holidays(request: HttpRequest) -> list[tuple[date, str]]:
    rows = (
        sel.rosters_for(request.user)
        .order_by("-starts_on")
        .values_list("starts_on", "holiday")
        .distinct()
    )
    return list(dict.fromkeys((d, f"{d.year}年{h}") for d, h in rows))


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """值班查岗: the city-wide desk."""
    require_perm(request, *DESK)
    if request.method == "POST":
        post = request.POST
        return post_action(
            request,
            lambda: actions.record_check(
                actor=request.user,
                unit_id=post.get("unit", ""),
                result=post.get("result", ""),
                note=post.get("note", ""),
            ),
            "查岗结果已登记",
            to="office:duty_desk",
        )
    today = timesource.today()
    holidays = _holidays(request)
    current = actions.holiday_of(today)
    start = _holiday_start(request, today) or (
        current.start if current else (holidays[0][0] if holidays else None)
    )
    rows = sel.desk_rows(request.user, start, today) if start else []
    context = {
        "holidays": holidays,
        "start": start,
        "rows": rows,
        "on_duty": list(sel.on_duty(request.user, today)),
        "holiday_today": current,
        "checks": sel.checks_for(request.user)[:50],
        "results": CheckResult.choices,
        "units": [r.unit for r in sel.desk_rows(request.user, current.start, today)]
        if current
        else [],
        "can_check": has_perm(request.user, "duty.check"),
        "today": today,
    }
    return render(request, "office/duty/desk.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The desk's holiday as a workbook: the rosters per unit, their shifts
    and the spot checks."""
    require_perm(request, *DESK)
    today = timesource.today()
    start = _holiday_start(request, today)
    if start is None:
        raise Http404
    rows = sel.desk_rows(request.user, start, today)
    shifts = [
        (r.unit.name, s.day, s.leader.display_name, s.staff.display_name, r.roster.duty_phone)
        for r in rows
        if r.roster is not None
        for s in r.roster.shifts.select_related("leader", "staff").order_by("day")
    ]
    checks = sel.checks_for(request.user).filter(checked_at__date__gte=start)
    data = xlsx(
        [
            Sheet(
                "报送情况",
                ("单位", "节假日", "报送截止", "状态", "报送时间", "逾期", "查岗未通过"),
                [
                    (
                        r.unit.name,
                        r.roster.holiday if r.roster else "",
                        r.roster.due_on if r.roster else None,
                        r.light.text,
                        r.roster.submitted_at.astimezone(timesource.SHANGHAI).replace(tzinfo=None)
                        if r.roster and r.roster.submitted_at
                        else None,
                        "是" if r.roster and r.roster.late else "",
                        r.failed_checks,
                    )
                    for r in rows
                ],
                widths_from_headers=True,
            ),
            Sheet("值班安排", ("单位", "日期", "带班领导", "值班人员", "值班电话"), shifts),
            Sheet(
                "查岗记录",
                ("单位", "时间", "结果", "情况说明", "查岗人"),
                [
                    (
                        c.unit.name,
                        c.checked_at.astimezone(timesource.SHANGHAI).replace(tzinfo=None),
                        c.get_result_display(),
                        c.note,
                        c.checked_by.display_name,
                    )
                    for c in checks
                ],
            ),
        ]
    )
    response = HttpResponse(data, content_type=XLSX)
    name = quote(f"节假日值班{start.isoformat()}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


urlpatterns = [
    path("", rosters, name="rosters"),
    path("rosters/<int:pk>/", roster, name="roster"),
    path("rosters/<int:pk>/submit/", roster_submit, name="roster_submit"),
    path("desk/", desk, name="duty_desk"),
    path("desk/export.xlsx", export, name="duty_export"),
]
