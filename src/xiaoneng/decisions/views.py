"""重大行政决策 desks. The sponsor unit (`decision.sponsor`): its decisions,
the registration form and each decision's page with the five gates as a
step bar (done / next / missing), every record so far, and the forms of the
next gate only (later gates say 待完成前序环节; a step posted out of order
all the same is refused with its code and recorded); the legal office
(`decision.legality`): the review desk with due dates and lights; the
government office: the catalogue (`decision.catalog`) and the meetings
(`decision.meeting`); the supervision bureau and the city's leaders read.
Public pages are in public_views.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import year_param
from xiaoneng.web.outcome import post_action, run_record_step
from xiaoneng.web.paging import paginate

from . import actions, gates
from .models import Category, Outcome, RiskLevel, Stage
from .selectors import (
    CATALOG,
    LEGALITY,
    MEETING,
    READ_PERMISSIONS,
    SPONSOR,
    decision_for,
    decisions_for,
    done_of,
    in_procedure_order,
    latest_discussion,
    open_opinion_file,
    opinion_file_for,
    published_catalogue,
    review_light,
    reviews_for,
)


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _error(exc: DomainError) -> dict[str, str]:
    return {"code": exc.code or "", "message": exc.message}


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    """The unit's decisions (the office, supervision and leaders: those in scope)."""
    require_perm(request, *READ_PERMISSIONS)
    year = year_param(request)
    qs = in_procedure_order(decisions_for(request.user).filter(year=year))
    pages = paginate(request, qs)
    rows = [{"d": d, "bar": gates.bar(done_of(d))} for d in pages["page_obj"].object_list]
    context = {**pages, "rows": rows, "year": year, "can_register": has_perm(request.user, SPONSOR)}
    return render(request, "decisions/decisions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest) -> HttpResponse:
    """登记决策: a catalogue entry of the unit, or a new one."""
    require_perm(request, SPONSOR)
    error = None
    form = {
        k: request.POST.get(k, "")
        for k in ("title", "legal_basis", "category", "draft", "explanation", "decision_id")
    }
    if request.method == "POST":
        # A catalogue entry keeps its published title, basis and category:
        # only the draft and the explanation are taken.
        given = (
            {k: form[k] for k in ("decision_id", "draft", "explanation")}
            if form["decision_id"]
            else {k: v for k, v in form.items() if k != "decision_id"}
        )
        try:
            row = actions.register_decision(actor=request.user, **given)
        except DomainError as exc:
            error = _error(exc)
        else:
            return redirect("decisions:decision", pk=row.pk)
    listed = decisions_for(request.user).filter(stage=Stage.LISTED, registered_on=None)
    context = {"form": form, "error": error, "categories": Category.choices, "listed": listed}
    return render(request, "decisions/decision_new.html", context)


COMMENTS_PER_PAGE = 20


def _detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    try:
        d = decision_for(request.user, pk)
    except NotFound:
        raise Http404("决策事项不存在或无权查看") from None
    done = done_of(d)
    user = request.user
    today = timesource.today()
    calendar = current_calendar()
    reviews = [{"r": r, "light": review_light(r, today, calendar)} for r in d.reviews.all()]
    frozen = d.stage == Stage.ARCHIVED
    meetings = list(d.discussions.prefetch_related("speeches"))
    latest = meetings[-1] if meetings else None
    last_review = d.reviews.order_by("-round").first()
    return {
        "d": d,
        "done": done,
        "bar": gates.bar(done),
        "next": gates.next_gate(done),
        "c": getattr(d, "consultation", None),
        # A page of the comments (a consultation may gather ten thousand):
        # the archive prints them all.
        **paginate(
            request,
            d.comments.only("received_on", "channel", "content"),
            per_page=COMMENTS_PER_PAGE,
        ),
        "opinions": list(d.opinions.prefetch_related("files")),
        "upload_accept": uploads.ACCEPT,
        "risks": list(d.risks.all()),
        "reviews": reviews,
        "m": latest,
        "speeches": list(latest.speeches.all()) if latest else [],
        "meetings": meetings,
        "can_revise": last_review is None or last_review.result == "failed",
        "can_sponsor": has_perm(user, SPONSOR) and not frozen,
        "can_review": has_perm(user, LEGALITY) and not frozen,
        "can_meet": has_perm(user, MEETING) and not frozen,
        "risk_levels": RiskLevel.choices,
        "outcomes": Outcome.choices,
        "today": today,
    }


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    return render(request, "decisions/decision.html", _detail_context(request, pk))


def _bool(post: Any, name: str) -> bool:
    return post.get(name) in ("1", "on", "true", "yes")


def _speeches(post: Any) -> list[dict[str, Any]]:
    """One speech a line: "发言人：要点"; the line marked "市长" last is the head's."""
    heads = set(post.getlist("head_line"))
    out = []
    for n, line in enumerate(post.get("speeches", "").splitlines(), start=1):
        if not line.strip():
            continue
        speaker, _, summary = line.replace(":", "：").partition("：")
        out.append(
            {
                "speaker": speaker.strip(),
                "summary": summary.strip(),
                "is_head": str(n) in heads or speaker.strip() == post.get("head", "").strip(),
            }
        )
    return out


STEPS: dict[str, tuple[Any, ...]] = {
    "publish_draft": (
        actions.publish_draft,
        "征求意见稿已公布",
        lambda p: {
            "closes_on": parse_date(p.get("closes_on")),
            "short_reason": p.get("short_reason", ""),
            "hearing_required": _bool(p, "hearing_required"),
        },
    ),
    "offline_comment": (
        actions.record_offline_comment,
        "已录入线下意见",
        lambda p: {
            "content": p.get("content", ""),
            "received_on": parse_date(p.get("received_on")),
            "commenter": p.get("commenter", ""),
            "contact": p.get("contact", ""),
        },
    ),
    "hearing": (
        actions.record_hearing,
        "已登记听证",
        lambda p: {"held_on": parse_date(p.get("held_on")), "record": p.get("record", "")},
    ),
    "adoption": (
        actions.publish_adoption,
        "意见采纳情况已公布",
        lambda p: {"adoption": p.get("adoption", "")},
    ),
    "risk": (
        actions.record_risk_assessment,
        "已登记风险评估",
        lambda p: {
            "level": p.get("level", ""),
            "controllable": _bool(p, "controllable"),
            "report": p.get("report", ""),
        },
    ),
    "revise": (
        actions.revise_draft,
        "草案已修改",
        lambda p: {"draft": p.get("draft", ""), "explanation": p.get("explanation", "")},
    ),
    "submit_review": (
        actions.submit_for_review,
        "已送请合法性审查",
        lambda p: {"due_on": parse_date(p.get("due_on"))},
    ),
    "meeting": (
        actions.record_meeting,
        "已登记集体讨论决定",
        lambda p: {
            "session": p.get("session", ""),
            "held_on": parse_date(p.get("held_on")),
            "attendees": p.get("attendees", ""),
            "speeches": _speeches(p),
            "dissent": p.get("dissent", ""),
            "outcome": p.get("outcome", ""),
        },
    ),
    "publish": (
        actions.publish_decision,
        "决策已公布",
        lambda p: {
            "text_published": p.get("text_published", ""),
            "explanation": p.get("explanation", ""),
        },
    ),
    "evaluation": (
        actions.record_evaluation,
        "已登记决策后评估",
        lambda p: {"report": p.get("report", "")},
    ),
}


@login_required
@require_POST
def decision_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, SPONSOR, MEETING)
    return run_record_step(request, STEPS, name, key="decision_id", pk=pk, to="decisions:decision")


@login_required
@require_POST
def opinion_step(request: HttpRequest, pk: int) -> HttpResponse:
    """专家论证意见, with the signed opinion's scan (optional upload)."""
    require_perm(request, SPONSOR)
    post = request.POST
    return post_action(
        request,
        lambda: actions.record_expert_opinion(
            actor=request.user,
            decision_id=pk,
            expert=post.get("expert", ""),
            affiliation=post.get("affiliation", ""),
            opinion=post.get("opinion", ""),
            signed_on=parse_date(post.get("signed_on")),
            file=request.FILES.get("file"),
        ),
        "已登记专家论证意见",
        to="decisions:decision",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def opinion_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = opinion_file_for(request.user, pk, file)
        stream = open_opinion_file(row)
    except NotFound:
        raise Http404("附件不存在或无权查看") from None
    return FileResponse(
        stream, as_attachment=True, filename=row.filename, content_type=row.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """案卷: every record of the file with its date; 归档 (the office)."""
    require_perm(request, *READ_PERMISSIONS)
    if request.method == "POST":
        return post_action(
            request,
            lambda: actions.archive_decision(actor=request.user, decision_id=pk),
            "已归档",
            to="decisions:archive",
            missing_is_404=True,
            pk=pk,
        )
    context = _detail_context(request, pk)
    context["comments"] = list(context["d"].comments.all())
    context["can_archive"] = (
        has_perm(request.user, MEETING) and context["d"].stage != Stage.ARCHIVED
    )
    return render(request, "decisions/archive.html", context)


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    """合法性审查台: rounds with their due dates and lights."""
    require_perm(request, LEGALITY)
    today = timesource.today()
    calendar = current_calendar()
    pages = paginate(request, reviews_for(request.user))
    rows = [
        {"r": r, "light": review_light(r, today, calendar)} for r in pages["page_obj"].object_list
    ]
    return render(request, "decisions/reviews.html", {**pages, "rows": rows})


@login_required
@require_POST
def review_step(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, LEGALITY)
    passed = request.POST.get("result") == "passed"
    return post_action(
        request,
        lambda: actions.review_draft(
            actor=request.user, review_id=pk, passed=passed, opinion=request.POST.get("opinion", "")
        ),
        "已出具审查意见",
        to="decisions:reviews",
        missing_is_404=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """决策事项目录 (the government office): add entries, publish the year's catalogue."""
    require_perm(request, CATALOG)
    year = year_param(request)
    if request.method == "POST":
        post = request.POST
        if post.get("publish"):
            call: Any = lambda: actions.publish_catalogue(actor=request.user, year=post.get("year"))  # noqa: E731
            done = "目录已公布"
        else:
            fields = {
                k: post.get(k, "")
                for k in ("year", "title", "sponsor_id", "legal_basis", "category")
            }
            call = lambda: actions.add_catalogue_item(actor=request.user, **fields)  # noqa: E731
            done = "已列入目录"
        return post_action(request, call, done, to=f"{request.path}?year={post.get('year', year)}")
    rows = decisions_for(request.user).filter(year=year, in_catalogue=True).order_by("id")
    publication, _ = published_catalogue(year)
    context = {
        "year": year,
        "rows": rows,
        "publication": publication,
        "categories": Category.choices,
        "units": Department.objects.filter(active=True).order_by("sort", "id"),
    }
    return render(request, "decisions/catalogue.html", context)


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    """常务会议: decisions awaiting collective discussion, and those discussed."""
    require_perm(request, MEETING)
    qs = decisions_for(request.user).exclude(stage=Stage.LISTED).order_by("-id")
    waiting, discussed = [], []
    for d in qs:
        latest = latest_discussion(d)
        if latest is not None and latest.outcome != Outcome.DEFERRED:
            discussed.append({"d": d, "m": latest})
        elif done_of(d).legality:
            waiting.append(d)
    return render(request, "decisions/meetings.html", {"waiting": waiting, "discussed": discussed})
