"""绩效考评 pages: department (window, staff) figures with drill-down to the
cases behind any figure, the monthly ranking (draft or published, published
by the bureau), a department's scorecard with its score history, exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.authority import unit_of
from xiaoneng.supervision import selectors as supervision_selectors
from xiaoneng.supervision.models import CardColour
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.exports import Column, as_of, list_export
from xiaoneng.web.forms import optional_int
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

from . import actions, bulletin, exports, metrics, selectors
from .metrics import FIGURES, LEVEL_LABELS, LEVELS
from .models import RankingPublication
from .periods import KIND_LABELS, Period, PeriodError, month_start, previous_month
from .rules import current_weights, describe


def _require_view(request: HttpRequest) -> None:
    if not selectors.may_view(request.user):
        raise PermissionDenied


def _period(request: HttpRequest, default: Period) -> Period:
    try:
        return Period.parse(request.GET.get("period", "")) if request.GET.get("period") else default
    except PeriodError:
        return default


def _period_choices(today: date) -> list[tuple[str, str]]:
    """This year's and last year's periods, latest first."""
    out: list[tuple[str, str]] = []
    for year in (today.year, today.year - 1):
        periods = [Period(year, "year", 1)]
        periods += [Period(year, "half", i) for i in (2, 1)]
        periods += [Period(year, "quarter", i) for i in (4, 3, 2, 1)]
        periods += [Period(year, "month", i) for i in range(12, 0, -1)]
        out += [
            (p.code, f"{p.label}（{KIND_LABELS[p.kind]}）") for p in periods if p.start <= today
        ]
    return out


def _drill(period: Period, level: str, unit: int, figure: str) -> str:
    query = urlencode({"period": period.code, "level": level, "unit": str(unit), "figure": figure})
    return f"{reverse('scores:cases')}?{query}"


def _links(rows: list[Any], period: Period, level: str) -> list[dict[str, Any]]:
    return [
        {
            "row": r,
            "f": r.figures,
            "links": {name: _drill(period, level, r.unit_id, name) for name in FIGURES},
        }
        for r in rows
    ]


@login_required
def metrics_view(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    actor = request.user
    today = timesource.today()
    period = _period(request, Period.month(today))
    level = request.GET.get("level", "department")
    if level not in LEVELS:
        level = "department"
    department = optional_int(request.GET.get("department"))
    if level == "department":
        rows = selectors.department_rows(actor, period, department=department)
    else:
        rows = selectors.unit_rows(actor, period, level)
    if request.GET.get("export") == "print":
        return _metrics_print(request, rows, period, LEVEL_LABELS[level])
    if request.GET.get("export") == "xlsx":
        unit = unit_of(actor)
        body = exports.metrics_xlsx(
            rows,
            period.label,
            LEVEL_LABELS[level],
            unit=unit.name if unit is not None else "—",
            stamp=as_of(),
        )
        return _download(body, f"效能指标-{LEVEL_LABELS[level]}-{period.code}.xlsx", exports.XLSX)
    departments = (
        selectors.visible_departments(actor)
        .filter(kind__in=("department", "county", "government"))
        .order_by("sort", "code")
    )
    params = request.GET.copy()
    params["export"] = "xlsx"
    return render(
        request,
        "scores/metrics.html",
        {
            "period": period,
            "level": level,
            "level_label": LEVEL_LABELS[level],
            "levels": [(k, LEVEL_LABELS[k]) for k in LEVELS],
            "periods": _period_choices(today),
            "departments": departments,
            "department": department,
            "rows": _links(rows, period, level),
            "export_query": params.urlencode(),
            "supervision_export": f"{reverse('scores:supervision_export')}?period={period.code}",
            "rules": describe(current_weights()),
            "can_publish": selectors.may_publish(actor),
            "as_of": as_of(),
            "print_query": params.urlencode().replace("export=xlsx", "export=print"),
        },
    )


def _metrics_print(request: HttpRequest, rows: Any, period: Period, level: str) -> HttpResponse:
    """The metrics' print view: the sheet's columns, figures right-aligned."""

    def cell(i: int) -> Any:
        return lambda r: exports.metric_line(r, period.label)[i]

    columns = [
        Column(header, cell(i), numeric=i >= 3) for i, header in enumerate(exports.METRIC_HEADERS)
    ]
    unit = unit_of(request.user)
    response = list_export(
        request,
        rows,
        columns,
        title=f"效能指标（{level}）",
        unit=unit.name if unit is not None else "",
        period=f"考核期：{period.label}",
    )
    assert response is not None  # asked for: ?export=print
    return response


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
def supervision_export_view(request: HttpRequest) -> HttpResponse:
    """电子监察信息 (GB/T 39046 Table 11) of a period, within the actor's scope."""
    _require_view(request)
    actor = request.user
    period = _period(request, Period.month(timesource.today()))
    within = {"issued_on__gte": period.start, "issued_on__lte": period.end}
    cards = supervision_selectors.cards_for_actor(actor).filter(**within)
    # Table 11 records the supervision of approval cases: not the urging of targets.
    orders = supervision_selectors.orders_for_actor(actor, subject="case").filter(**within)
    body = exports.supervision_xlsx(cards, orders)
    return _download(body, f"电子监察信息-{period.code}.xlsx", exports.XLSX)


@login_required
def cases_view(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure (drill-down), within the actor's scope."""
    _require_view(request)
    period = _period(request, Period.month(timesource.today()))
    level = request.GET.get("level", "department")
    figure = request.GET.get("figure", "")
    unit = optional_int(request.GET.get("unit"))
    if level not in LEVELS or figure not in FIGURES or unit is None:
        raise Http404
    cases = selectors.cases_behind(request.user, period, level, unit, figure)
    names = metrics.unit_names(level, [unit])
    return render(
        request,
        "scores/cases.html",
        {
            "period": period,
            "level_label": LEVEL_LABELS[level],
            "unit_name": names.get(unit, "—"),
            "figure_label": FIGURES[figure],
            "subject_cards": _subject_cards(request, period, level, unit, figure),
            **paginate(request, cases),
        },
    )


def _subject_cards(
    request: HttpRequest, period: Period, level: str, unit: int, figure: str
) -> list[Any]:
    """Behind a department's cards, beside its cases: the cards on its target
    tasks, directive tasks and requests issued in the period (they count too)."""
    colours = {"yellow_cards": CardColour.YELLOW, "red_cards": CardColour.RED}
    if level != "department" or figure not in colours:
        return []
    cards = supervision_selectors.subject_cards_for_actor(
        request.user, colour=colours[figure], department=unit
    )
    return list(cards.filter(issued_on__gte=period.start, issued_on__lte=period.end)[:200])


def _month(request: HttpRequest, default: date) -> date:
    try:
        period = Period.parse(request.GET.get("month", "") or request.POST.get("month", ""))
    except PeriodError:
        return default
    return period.start if period.kind == "month" else default


@login_required
def ranking_view(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    actor = request.user
    today = timesource.today()
    month = _month(request, previous_month(today))
    published = selectors.published_ranking(month)
    draft = [] if published else selectors.draft_ranking(actor, month)
    months = []
    m = month_start(today)
    for _ in range(12):
        months.append(Period.month(m))
        m = previous_month(m)
    return render(
        request,
        "scores/ranking.html",
        {
            "month": Period.month(month),
            "months": months,
            "published": published,
            "draft": draft,
            "can_publish": selectors.may_publish(actor),
            "month_over": month < month_start(today),
            "rules": describe(current_weights()),
            "as_of": as_of(),
        },
    )


@login_required
@require_POST
@operation("发布月度效能排名", BusinessType.UPDATE)
def publish_view(request: HttpRequest) -> HttpResponse:
    month = _month(request, previous_month(timesource.today()))
    return post_action(
        request,
        lambda: actions.publish_ranking(
            actor=request.user, month=month, note=request.POST.get("note", "")
        ),
        f"{Period.month(month).label}排名已发布",
        to=f"{reverse('scores:ranking')}?month={month:%Y-%m}",
    )


@login_required
@require_POST
@operation("重新计算月度效能指标", BusinessType.UPDATE)
def recompute_view(request: HttpRequest) -> HttpResponse:
    month = _month(request, month_start(timesource.today()))
    return post_action(
        request,
        lambda: actions.recompute_month(actor=request.user, month=month),
        lambda count: f"{Period.month(month).label}指标已重新计算（{count} 个单位）",
        to=f"{reverse('scores:ranking')}?month={month:%Y-%m}",
    )


@login_required
def bulletin_view(request: HttpRequest, month: str) -> HttpResponse:
    """月通报 (PDF) of a published month. Published rankings are public, but the
    bulletin is served on the staff side; the portal may link its own."""
    _require_view(request)
    try:
        period = Period.parse(month)
    except PeriodError:
        raise Http404 from None
    publication = RankingPublication.objects.filter(month=period.start).first()
    if publication is None or period.kind != "month":
        raise Http404
    try:
        pdf = bulletin.bulletin_pdf(publication)
    except DomainError as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"效能考评月通报-{period.code}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    return response


def sparkline(
    points: list[tuple[date, Decimal | None]], width: int = 240, height: int = 48
) -> dict[str, Any]:
    """An inline SVG polyline of the monthly scores (no external JS)."""
    values = [float(v) for _, v in points if v is not None]
    if not values:
        return {"width": width, "height": height, "path": "", "dots": []}
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = width / max(1, len(points) - 1)
    coords = []
    for i, (m, v) in enumerate(points):
        if v is None:
            continue
        x = round(i * step, 1)
        y = round(height - 4 - (float(v) - lo) / span * (height - 8), 1)
        coords.append({"x": x, "y": y, "label": f"{m.year}年{m.month}月 {v}分"})
    return {
        "width": width,
        "height": height,
        "path": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "dots": coords,
    }


@login_required
def department_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A department's scorecard: this year's months and its score history."""
    _require_view(request)
    actor = request.user
    today = timesource.today()
    if not selectors.visible_departments(actor).filter(pk=pk).exists():
        raise Http404
    year = optional_int(request.GET.get("year")) or today.year
    if not 2000 <= year <= today.year:  # nothing was scored outside these years
        year = today.year
    periods = [Period(year, "month", i) for i in range(1, 13) if date(year, i, 1) <= today]
    months = [(p, selectors.department_rows(actor, p, department=pk)) for p in periods]
    halves = {
        p.label: selectors.department_rows(actor, p, department=pk)
        for p in (Period(year, "half", 1), Period(year, "half", 2), Period(year, "year", 1))
        if p.start <= today
    }
    history = selectors.department_history(actor, pk, until=month_start(today), months=12)
    name = selectors.visible_departments(actor).get(pk=pk).name
    return render(
        request,
        "scores/department.html",
        {
            "department_id": pk,
            "name": name,
            "year": year,
            "months": [
                {
                    "period": p,
                    "row": rows[0] if rows else None,
                    "links": {f: _drill(p, "department", pk, f) for f in FIGURES},
                }
                for p, rows in reversed(months)
            ],
            "halves": [(label, rows[0] if rows else None) for label, rows in halves.items()],
            "spark": sparkline(history),
            "history": history,
        },
    )
