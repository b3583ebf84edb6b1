"""会议出勤统计: a year's held meetings, per unit and per person — attended
as required, substitutes with leave, substitutes without leave (违规),
absences; the .xlsx of the same rows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.office.selectors import meetings as sel
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import year_param
from xiaoneng.web.tabs import desk_tabs

HEADERS = ("受邀次数", "按要求出席", "经请假代会", "未经请假代会", "缺席")


def _counts(t: Any) -> list[int]:
    return [
        t.invitations,
        t.as_required,
        t.substitute_with_leave,
        t.substitute_without_leave,
        t.absent,
    ]


def workbook(data: dict[str, Any]) -> bytes:
    return xlsx(
        [
            Sheet(
                f"{data['year']}年各单位",
                ("单位", *HEADERS),
                [[t.name, *_counts(t)] for t in data["units"]],
                widths_from_headers=True,
            ),
            Sheet(
                f"{data['year']}年参会人员",
                ("单位", "姓名", "出席次数", "按要求出席", "经请假代会", "未经请假代会"),
                [[t.unit, t.name, *_counts(t)[:4]] for t in data["people"]],
                widths_from_headers=True,
            ),
        ],
        creator="效能平台",
    )


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    require_perm(request, *sel.READ)
    from .meetings import TABS

    year = year_param(request)
    data = sel.attendance(request.user, year)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            workbook(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="meetings-{year}.xlsx"'
        return response
    return render(
        request,
        "office/meetings/stats.html",
        {**desk_tabs(request, "会风", TABS), **data, "headers": HEADERS},
    )
