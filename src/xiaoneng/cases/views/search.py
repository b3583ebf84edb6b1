"""综合查询: every desk searches all cases in its scope, open or finished,
pages through them and takes them away (.xlsx, print view)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.labels import case_rows
from xiaoneng.cases.models import Case
from xiaoneng.cases.search import SEARCH_PERMISSIONS, search_cases
from xiaoneng.cases.search_forms import CaseSearchForm
from xiaoneng.core import timesource
from xiaoneng.core.text import cn_date
from xiaoneng.org.authority import unit_of
from xiaoneng.web.access import require_perm
from xiaoneng.web.exports import Column, list_export
from xiaoneng.web.paging import paginate


def _on_time(case: Case) -> str:
    if case.on_time is None:
        return "在办" if case.is_open else "—"
    return "是" if case.on_time else "否"


COLUMNS = (
    Column("办件编号", lambda c: c.tracking_no),
    Column("事项", lambda c: c.item.name),
    Column("申请人", lambda c: c.applicant_name),
    Column("承办部门", lambda c: c.department.name),
    Column("状态", lambda c: c.get_status_display()),
    Column("收件日期", lambda c: c.received_on),
    Column("受理日期", lambda c: c.accepted_on),
    Column("决定", lambda c: c.get_decision_display()),
    Column("决定日期", lambda c: c.decided_on),
    Column("送达日期", lambda c: c.delivered_on),
    Column("承诺时限（工作日）", lambda c: c.committed_days, numeric=True),
    Column("延长工作日", lambda c: c.extension_days, numeric=True),
    Column("按时办结", _on_time),
)


def _day(day: date | None) -> str:
    return cn_date(day) if day else "不限"


def _period(form: CaseSearchForm) -> str:
    f = form.filters()
    parts = []
    if f.received_from or f.received_to:
        parts.append(f"收件日期 {_day(f.received_from)}至{_day(f.received_to)}")
    if f.decided_from or f.decided_to:
        parts.append(f"决定日期 {_day(f.decided_from)}至{_day(f.decided_to)}")
    return "　".join(parts)


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, *SEARCH_PERMISSIONS)
    form = CaseSearchForm(request.GET or None, actor=request.user)
    found = search_cases(request.user, form.filters())
    unit = unit_of(request.user)
    exported = list_export(
        request,
        found,
        COLUMNS,
        title="办件综合查询",
        unit=unit.name if unit else "",
        period=_period(form),
    )
    if exported is not None:
        return exported
    pages = paginate(request, found)
    rows = case_rows(pages["page_obj"].object_list, timesource.today(), current_calendar())
    return render(request, "cases/search.html", {"form": form, "rows": rows, **pages})
