"""好差评 pages. Public (extend the portal): rate a finished case with its
tracking number and query code, or a window visit by its code (QR link);
every POST counts against the client's limit. Signed-in applicants rate
their own cases. Staff: the department's 差评整改 desk with deadlines and
time left, a rectification with its call-backs, the window's visit
registration, and the supervision office's 申诉审核."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.cases.selectors import case_by_query_code
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import typed_lookup
from xiaoneng.web.masking import mask_name
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit

from . import actions
from .criteria import LEVELS, ONLINE, ONSITE, criteria_for, criteria_labels
from .follow import followed_rating, reference_of
from .models import (
    AppealStatus,
    CallBackResult,
    Rating,
    RectificationStatus,
)
from .selectors import (
    appeals_for_actor,
    is_rated,
    open_rectification_count,
    own_case_to_rate,
    pending_first,
    rating_of_case,
    rectification_for_actor,
    rectifications_on_desk,
    time_left,
    visit_by_code,
)

LIMIT_PARAM = "rating.submit_per_minute"
FIELD_MAX = 32


def _limited(request: HttpRequest) -> HttpResponse | None:
    return over_limit(
        request,
        "rating",
        LIMIT_PARAM,
        message="提交过于频繁，请稍后再试",
        page=lambda error: render(
            request,
            "ratings/public_message.html",
            {"today": timesource.today(), "title": "访问过于频繁", "message": error.message},
            status=error.status,
        ),
    )


def _form_context(where: str) -> dict[str, Any]:
    return {"levels": list(LEVELS.items()), "criteria": criteria_for(where)}


def _chosen(request: HttpRequest) -> dict[str, Any]:
    """What the rater chose, to stand again in a form the action refused."""
    level = request.POST.get("level", "")
    return {
        "chosen_level": int(level) if level.isdigit() else None,
        "chosen_criteria": request.POST.getlist("criteria"),
        "comment": request.POST.get("comment", "")[:500],
    }


def _thanks(request: HttpRequest, rating: Rating) -> HttpResponse:
    return public_page(
        request, "ratings/thanks.html", {"rating": rating, "reference": reference_of(rating)}
    )


def _case_summary(case: Case) -> dict[str, Any]:
    """What a public page shows of a case: no personal data beyond a masked name."""
    return {
        "tracking_no": case.tracking_no,
        "item": case.item.name,
        "department": case.department.name,
        "applicant": mask_name(case.applicant_name),
        "status": case.get_status_display(),
        "finished": case.status in (CaseStatus.DELIVERED, CaseStatus.REFUSED),
        "rated": is_rated(case=case),
    }


@require_http_methods(["GET", "POST"])
def rate_online(request: HttpRequest) -> HttpResponse:
    """网上评价: look the case up, then rate it (一事一评)."""
    context: dict[str, Any] = {**_form_context(ONLINE), "no": "", "error": ""}
    if request.method == "GET":
        context["no"] = request.GET.get("no", "")[:FIELD_MAX]
        return public_page(request, "ratings/rate_online.html", context)
    if (limited := _limited(request)) is not None:
        return limited
    no, code = typed_lookup(request.POST)
    context["no"] = no
    try:
        case = case_by_query_code(no, code)
    except NotFound as exc:
        context["error"] = exc.message
        return public_page(request, "ratings/rate_online.html", context, status=200)
    context.update(case=_case_summary(case), code=code)
    if "level" not in request.POST:
        return public_page(request, "ratings/rate_online.html", context)
    try:
        rating = actions.rate_case_online(
            tracking_no=no,
            query_code=code,
            level=request.POST.get("level"),
            criteria=request.POST.getlist("criteria"),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        context.update(error=exc.message, error_code=exc.code, **_chosen(request))
        return public_page(request, "ratings/rate_online.html", context, status=200)
    return _thanks(request, rating)


@require_http_methods(["GET", "POST"])
def rate_visit(request: HttpRequest, code: str) -> HttpResponse:
    """窗口评价: the QR link of a window visit (一次一评)."""
    try:
        visit = visit_by_code(code[:FIELD_MAX])
    except NotFound:
        raise Http404("评价码不正确") from None
    context: dict[str, Any] = {
        **_form_context(ONSITE),
        "visit": visit,
        "rated": is_rated(visit=visit),
        "error": "",
    }
    if request.method == "GET":
        return public_page(request, "ratings/rate_visit.html", context)
    if (limited := _limited(request)) is not None:
        return limited
    try:
        rating = actions.rate_visit(
            code=visit.code,
            level=request.POST.get("level"),
            criteria=request.POST.getlist("criteria"),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        context.update(error=exc.message, error_code=exc.code, **_chosen(request))
        return public_page(request, "ratings/rate_visit.html", context)
    return _thanks(request, rating)


@login_required
@require_http_methods(["GET", "POST"])
def rate_my_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """申请人账号评价."""
    require_perm(request, "case.apply")
    user: Any = request.user
    try:
        case = own_case_to_rate(user, case_id)
    except NotFound:
        raise Http404("办件不存在或无权评价") from None
    context: dict[str, Any] = {**_form_context(ONLINE), "case": _case_summary(case), "error": ""}
    if request.method == "POST":
        try:
            actions.rate_case_by_account(
                actor=user,
                case_id=case.pk,
                level=request.POST.get("level"),
                criteria=request.POST.getlist("criteria"),
                comment=request.POST.get("comment", ""),
            )
        except DomainError as exc:
            context.update(error=exc.message, **_chosen(request))
        else:
            messages.success(request, "感谢您的评价")
            return redirect("ratings:my_case", case_id=case.pk)
    context["rating"] = rating_of_case(case)
    return render(request, "ratings/rate_my_case.html", context)


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """整改查询: the rater follows their rating by its 评价编号 and their code."""
    context: dict[str, Any] = {"reference": request.GET.get("ref", "")[:FIELD_MAX], "error": ""}
    if request.method == "GET":
        return public_page(request, "ratings/follow.html", context)
    if (limited := _limited(request)) is not None:
        return limited
    reference = request.POST.get("ref", "").strip()[:FIELD_MAX]
    code = request.POST.get("code", "").strip()[:FIELD_MAX]
    context["reference"] = reference
    rating = followed_rating(reference, code)
    if rating is None:
        context["error"] = "评价编号或查询码不正确，请核对后重新输入。"
        return public_page(request, "ratings/follow.html", context)
    context.update(rating=rating, **_followed(rating))
    return public_page(request, "ratings/follow.html", context)


def _followed(rating: Rating) -> dict[str, Any]:
    rectification = getattr(rating, "rectification", None)
    return {
        "subject": rating.case.item.name if rating.case else rating.visit.service,  # type: ignore[union-attr]
        "criteria_labels": criteria_labels(rating.criteria),
        "rectification": rectification,
        "callbacks": list(rectification.callbacks.all()) if rectification else [],
    }


# --- staff ------------------------------------------------------------------------


def _rows(rectifications: Any) -> list[dict[str, Any]]:
    today, calendar = timesource.today(), current_calendar()
    return [
        {"r": r, "left": time_left(r, today, calendar), "subject": _subject(r.rating)}
        for r in rectifications
    ]


def _subject(rating: Rating) -> str:
    if rating.case_id and rating.case is not None:
        return f"{rating.case.item.name}（{rating.case.tracking_no}）"
    if rating.visit is not None:
        return f"窗口服务：{rating.visit.service}"
    return "—"


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """差评整改: the department's rectifications, open ones first by deadline."""
    require_perm(request, "rating.handle")
    status = request.GET.get("status", "pending")
    pages = paginate(request, rectifications_on_desk(request.user, status))
    context = {
        "rows": _rows(pages["page_obj"].object_list),
        **pages,
        "status": status,
        "statuses": RectificationStatus.choices,
        "open_count": open_rectification_count(request.user),
    }
    return render(request, "ratings/desk.html", context)


@login_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "rating.handle")
    try:
        row = rectification_for_actor(request.user, pk)
    except NotFound:
        raise Http404("整改事项不存在或无权查看") from None
    rating = row.rating
    context = {
        "r": row,
        "rating": rating,
        "subject": _subject(rating),
        "criteria_labels": criteria_labels(rating.criteria),
        "left": time_left(row, timesource.today(), current_calendar()),
        "callbacks": list(row.callbacks.all()),
        "results": CallBackResult.choices,
        "levels": list(LEVELS.items()),
        "appeal": getattr(rating, "appeal", None),
        "masked_rater": mask_name(rating.rater_name) if rating.rater_name else "匿名",
    }
    return render(request, "ratings/rectification.html", context)


def _act(request: HttpRequest, pk: int, fn: Any, done: str, **kwargs: Any) -> HttpResponse:
    return post_action(
        request,
        lambda: fn(actor=request.user, **kwargs),
        done,
        to="ratings:rectification",
        show_code=False,
        missing_is_404=True,
        pk=pk,
    )


@login_required
@require_POST
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "rating.handle")
    return _act(
        request,
        pk,
        actions.record_measures,
        "整改措施已登记",
        rectification_id=pk,
        measures=request.POST.get("measures", ""),
    )


@login_required
@require_POST
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "rating.handle")
    return _act(
        request,
        pk,
        actions.record_callback,
        "回访已记录",
        rectification_id=pk,
        result=request.POST.get("result", ""),
        satisfaction=request.POST.get("satisfaction") or None,
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "rating.handle")
    return _act(request, pk, actions.close_rectification, "整改已办结", rectification_id=pk)


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """File an appeal on the rating of rectification `pk`."""
    require_perm(request, "rating.handle")
    try:
        row = rectification_for_actor(request.user, pk)
    except NotFound:
        raise Http404 from None
    return _act(
        request,
        pk,
        actions.file_appeal,
        "申诉已提交，待督查室审核",
        rating_id=row.rating_id,
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    """登记窗口服务: the window issues a rating code and its link (for the QR)."""
    require_perm(request, "rating.handle")
    visit = None
    error = ""
    if request.method == "POST":
        try:
            visit = actions.register_visit(
                actor=request.user, service=request.POST.get("service", "")
            )
        except DomainError as exc:
            error = exc.message
    link = request.build_absolute_uri(reverse("ratings:visit", args=[visit.code])) if visit else ""
    return render(request, "ratings/visit_new.html", {"visit": visit, "link": link, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def appeals(request: HttpRequest) -> HttpResponse:
    """申诉审核 (督查室)."""
    require_perm(request, "rating.appeal.decide")
    if request.method == "POST":
        return post_action(
            request,
            lambda: actions.decide_appeal(
                actor=request.user,
                appeal_id=int(request.POST.get("appeal", "0") or 0),
                upheld=request.POST.get("decision") == "upheld",
                note=request.POST.get("note", ""),
            ),
            "审核意见已保存",
            to="ratings:appeals",
            show_code=False,
            missing_is_404=True,
        )
    qs = pending_first(appeals_for_actor(request.user))
    pages = paginate(request, qs)
    rows = [
        {
            "a": a,
            "subject": _subject(a.rating),
            "criteria": criteria_labels(a.rating.criteria),
            "rater": mask_name(a.rating.rater_name) if a.rating.rater_name else "匿名",
        }
        for a in pages["page_obj"].object_list
    ]
    return render(
        request,
        "ratings/appeals.html",
        {"rows": rows, **pages, "pending": AppealStatus.PENDING},
    )
