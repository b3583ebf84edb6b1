"""检查评比观摩 public pages (the portal's look, no staff sign-in):

- 涉企检查查询: an enterprise types its 统一社会信用代码 and query code
  (POSTed, never in the URL; every POST counts against the client's limit,
  `inspection.query_per_minute`) and sees the approved activities on it and
  the past ones; from there it reports an inspection not approved or beyond
  its approval (filed as a complaint: its number and query code shown once).
- 涉企检查公示: the year's burden per enterprise and organiser, the random
  draws with their results, and each draw's replay."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.inspections import actions, draws
from xiaoneng.inspections.actions.enterprises import ORGANISER_KINDS
from xiaoneng.inspections.models import ReportKind
from xiaoneng.inspections.params import QUERY_PER_MINUTE
from xiaoneng.inspections.selectors import (
    burden,
    enterprise_by_code,
    enterprise_names,
    public_draw,
    public_draws,
    schedule_of,
    year_of,
)
from xiaoneng.inspections.views import parse_date
from xiaoneng.org.models import Department
from xiaoneng.web.forms import TYPED_MAX, once
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit


def _limited(request: HttpRequest) -> HttpResponse | None:
    return over_limit(
        request,
        "inspections",
        QUERY_PER_MINUTE,
        message="查询过于频繁，请稍后再试",
        page=lambda error: public_page(
            request,
            "inspections/public/enterprise.html",
            {"error": error.message, "credit_code": ""},
            status=error.status,
        ),
    )


def _typed(request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    return (
        post.get("credit_code", "").strip()[:TYPED_MAX],
        post.get("code", "").strip()[:TYPED_MAX],
    )


def _schedule(credit_code: str, code: str) -> dict[str, Any]:
    firm = enterprise_by_code(credit_code, code)
    coming, past = schedule_of(firm)
    return {
        "firm": firm,
        "coming": coming,
        "past": past,
        "code": code,
        "kinds": ReportKind.choices,
        "organisers": list(
            Department.objects.filter(active=True, kind__in=ORGANISER_KINDS).order_by(
                "kind", "sort"
            )
        ),
    }


@require_http_methods(["GET", "POST"])
def enterprise(request: HttpRequest) -> HttpResponse:
    """涉企检查查询 and 企业报告."""
    template = "inspections/public/enterprise.html"
    if request.method == "GET":
        return public_page(request, template, {"credit_code": "", "error": ""})
    if (limited := _limited(request)) is not None:
        return limited
    credit_code, code = _typed(request)
    context: dict[str, Any] = {"credit_code": credit_code, "error": ""}
    try:
        context.update(_schedule(credit_code, code))
    except NotFound as exc:
        context["error"] = exc.message
        return once(public_page(request, template, context, status=exc.status))
    if request.POST.get("report") == "1":
        _report(request, credit_code, code, context)
    return once(public_page(request, template, context))


def _report(request: HttpRequest, credit_code: str, code: str, context: dict[str, Any]) -> None:
    post = request.POST
    form = {
        k: post.get(k, "")
        for k in ("kind", "activity_id", "organiser_id", "happened_on", "description")
    }
    form.update(
        contact_name=post.get("contact_name", ""), contact_phone=post.get("contact_phone", "")
    )
    try:
        row, number, query = actions.file_report(
            credit_code=credit_code,
            code=code,
            kind=form["kind"],
            happened_on=parse_date(form["happened_on"]),  # type: ignore[arg-type]  # checked there
            description=form["description"],
            contact_name=form["contact_name"],
            contact_phone=form["contact_phone"],
            activity_id=form["activity_id"] or None,
            organiser_id=form["organiser_id"] or None,
        )
    except DomainError as exc:
        context.update(report_error=f"{exc.message}", report_code=exc.code, form=form)
        return
    context.update(filed=row, complaint_number=number, complaint_code=query)


def burden_page(request: HttpRequest) -> HttpResponse:
    """涉企检查公示: the year's burden per enterprise and per organiser."""
    today = timesource.today()
    year = year_of(request.GET.get("year"), today)
    counts = burden(year)
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        **counts,
    }
    return public_page(request, "inspections/public/burden.html", context)


def random_page(request: HttpRequest) -> HttpResponse:
    """双随机一公开: the draws of approved activities and their results."""
    pages = paginate(request, public_draws())
    rows = []
    for d in pages["page_obj"].object_list:
        names = enterprise_names(d.chosen_enterprises)
        rows.append(
            {"d": d, "a": d.activity, "firms": [names.get(c, c) for c in d.chosen_enterprises]}
        )
    return public_page(request, "inspections/public/random.html", {"rows": rows, **pages})


def replay_page(request: HttpRequest, pk: int) -> HttpResponse:
    """复核抽取: recomputed from the seed and the snapshots, compared with the record."""
    try:
        draw = public_draw(pk)
    except NotFound:
        raise Http404("抽取记录不存在") from None
    result = draws.replay(draw)
    context = {"d": draw, "a": draw.activity, "replay": result}
    return public_page(request, "inspections/public/replay.html", context)
