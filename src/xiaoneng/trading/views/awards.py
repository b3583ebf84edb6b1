"""Part D's desks under /trading/awards/: the runner's objections to answer
(`trading:objections`), the regulator's complaints with suspension and
decision (`trading:complaints`), the candidates' publication POST, and the
project page's awards section. The forms (award, contract, a bidder's
objection and complaint) are in `awards_forms`. Every POST calls one
action; a refusal comes back as the rule's message and code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from xiaoneng.core.text import cn_date
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.actions import awards as award_actions
from xiaoneng.trading.actions import complaints as complaint_actions
from xiaoneng.trading.actions import objections as objection_actions
from xiaoneng.trading.common import AGENCY, REGULATE, SUPERVISE, SUPERVISE_VIEW, TENDER
from xiaoneng.trading.models import Project
from xiaoneng.trading.selectors import awards as read
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action

from . import awards_forms


def project_section(request: HttpRequest, project: Project) -> dict[str, Any]:
    """What the project page's awards section shows to this user (its template:
    trading/project/_awards.html); empty when the user may see none of it."""
    return read.section(request.user, project)  # type: ignore[arg-type]


@login_required
def objections(request: HttpRequest) -> HttpResponse:
    """异议（质疑）答复: the unanswered objections of the projects this user runs."""
    require_perm(request, TENDER, AGENCY)
    rows = read.objections_to_answer(request.user)
    return render(request, "trading/awards/objections.html", {"rows": rows})


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    return post_action(
        request,
        lambda: objection_actions.answer_objection(
            request.user,
            pk,
            reply=post.get("reply", ""),
            upheld=post.get("upheld", ""),
            correction=post.get("correction", ""),
        ),
        "已答复并公开答复内容",
        to="trading:objections",
        follow_next=True,
        missing_is_404=True,
    )


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    """投诉处理: complaints of the regulated kinds with their decision's
    due day, the suspended projects, the decision and suspension forms."""
    require_perm(request, REGULATE, SUPERVISE, SUPERVISE_VIEW)
    context = {
        "rows": read.complaint_rows(request.user, open_only=request.GET.get("all") != "1"),
        "suspended": read.suspended_projects(request.user),
        "show_all": request.GET.get("all") == "1",
        "can_decide": has_perm(request.user, REGULATE),
    }
    return render(request, "trading/awards/complaints.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    return post_action(
        request,
        lambda: complaint_actions.decide_complaint(
            request.user, pk, decision=post.get("decision", ""), upheld=post.get("upheld", "")
        ),
        "已作出投诉处理决定",
        to="trading:complaints",
        follow_next=True,
        missing_is_404=True,
    )


@login_required
@require_POST
def suspend(request: HttpRequest, pk: int) -> HttpResponse:
    return post_action(
        request,
        lambda: complaint_actions.suspend_project(request.user, pk, request.POST.get("reason", "")),
        "项目已暂停",
        to="trading:complaints",
        follow_next=True,
        missing_is_404=True,
    )


@login_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    return post_action(
        request,
        lambda: complaint_actions.resume_project(request.user, pk),
        "项目已恢复交易",
        to="trading:complaints",
        follow_next=True,
        missing_is_404=True,
    )


@login_required
@require_POST
def publish_candidates(request: HttpRequest, round_id: int) -> HttpResponse:
    return post_action(
        request,
        lambda: award_actions.publish_candidates(request.user, round_id),
        lambda r: (
            "中标候选人已公示"
            + (f"，公示期至{cn_date(r.publicity_ends_on)}" if r.publicity_ends_on else "")
        ),
        to="trading:projects",
        follow_next=True,
        missing_is_404=True,
    )


urlpatterns: list[URLPattern] = [
    path("objections/", objections, name="objections"),
    path("objections/<int:pk>/answer/", answer, name="objection_answer"),
    path("complaints/", complaints, name="complaints"),
    path("complaints/<int:pk>/decide/", decide, name="complaint_decide"),
    path("projects/<int:pk>/suspend/", suspend, name="project_suspend"),
    path("projects/<int:pk>/resume/", resume, name="project_resume"),
    path("rounds/<int:round_id>/candidates/", publish_candidates, name="publish_candidates"),
    path("rounds/<int:round_id>/award/", awards_forms.award, name="award"),
    path("awards/<int:pk>/contract/", awards_forms.contract, name="contract"),
    path("rounds/<int:round_id>/objection/", awards_forms.objection_new, name="objection_new"),
    path("projects/<int:project_id>/complaint/", awards_forms.complaint_new, name="complaint_new"),
]
