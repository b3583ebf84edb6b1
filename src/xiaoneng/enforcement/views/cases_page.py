"""The penalty case's page (`enforcement:case`): the party (masked; its
handlers may reveal it, audited), the running deadline's light, the
首违不罚 box when it may apply, evidence with downloads, statements,
hearing, reviews, extensions, the decision, the timeline (every audit
event), the forms of the steps the actor may take now only
(`selectors.cases.next_steps`), and the money part's section. Each form
posts to one action (`case_step`); a refusal comes back as a message with
its code."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.enforcement import actions, gates
from xiaoneng.enforcement.actions.hearing import investigators
from xiaoneng.enforcement.actions.party import may_reveal
from xiaoneng.enforcement.common import ACT, DECIDE, case_for
from xiaoneng.enforcement.models import (
    EvidenceKind,
    ExtensionStage,
    Grade,
    Outcome,
    PenaltyCase,
    PenaltyKind,
)
from xiaoneng.enforcement.selectors import cases as read
from xiaoneng.enforcement.selectors.money import money_context
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action, run_record_step

from .cases_tabs import case_tabs


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _flag(post: Any, name: str) -> bool:
    return post.get(name) in ("1", "on", "true", "yes")


def _benchmarks(case: PenaltyCase) -> list[dict[str, Any]]:
    return [
        {"grade": b.grade, "label": b.get_grade_display(), "min": b.fine_min, "max": b.fine_max}
        for b in case.item.benchmarks.all()
    ]


def case_context(request: HttpRequest, pk: int, *, revealed: bool = False) -> dict[str, Any]:
    try:
        case = case_for(request.user, pk)
    except NotFound:
        raise Http404("案件不存在或无权查看") from None
    today = timesource.today()
    facts = read.facts_of(case)
    steps = read.next_steps(request.user, case)
    case_file = read.reads_case_file(request.user, case)  # finance: the money section only
    hearing = case.hearing  # the current notice's (an earlier one lapsed with its notice)
    return {
        "c": case,
        "case_file": case_file,
        "today": today,
        "light": read.case_light(case, today, current_calendar()),
        "party": read.party_view(case, revealed=revealed),
        "revealed": revealed,
        "may_reveal": may_reveal(request.user, case),
        "first_offence": read.first_offence(case),
        "facts": facts,
        "grounds": [gates.REVIEW_GROUNDS[g] for g in gates.review_grounds(facts)],
        "missing": [gates.MISSING[m] for m in gates.decision_missing(facts, today, penalty=True)],
        "intended_words": read.penalty_words(case.intended_penalties, case.intended_fine),
        "penalty_words": read.penalty_words(case.penalties, case.fine),
        "steps": steps,
        "evidence": list(case.evidence.prefetch_related("files", "officers")) if case_file else [],
        "statements": list(case.statements.select_related("recorded_by")) if case_file else [],
        "hearing": hearing,
        "reviews": list(case.reviews.select_related("submitted_by", "reviewer")),
        "extensions": list(case.extensions.select_related("approved_by")),
        "officers_of_case": list(case.officers.all()),
        "timeline": read.timeline(case) if case_file else [],
        "choices": _choices(case, steps, today),
        **money_context(request.user, case),
        **case_tabs(request),
    }


def _choices(case: PenaltyCase, steps: set[str], today: date) -> dict[str, Any]:
    listed = set(case.item.penalties)
    return {
        "penalty_kinds": [(v, label) for v, label in PenaltyKind.choices if v in listed],
        "grades": Grade.choices,
        "benchmarks": _benchmarks(case),
        "outcomes": Outcome.choices,
        "evidence_kinds": EvidenceKind.choices,
        "service_methods": actions.SERVICE_METHODS,
        "officers": read.certified_on(case.body_id, today) if "evidence" in steps else [],
        "hosts": read.host_choices(case, investigators(case))
        if "schedule_hearing" in steps
        else [],
        "extension_stages": ExtensionStage.choices,
    }


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *read.READ_PERMISSIONS)
    return render(request, "enforcement/cases/case.html", case_context(request, pk))


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """查看当事人完整信息: the reveal is recorded, then the page shows it once."""
    require_perm(request, ACT, DECIDE)
    try:
        actions.reveal_party(actor=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    return render(request, "enforcement/cases/case.html", case_context(request, pk, revealed=True))


def _evidence_fields(post: Any) -> dict[str, Any]:
    return {
        "kind": post.get("kind", ""),
        "description": post.get("description", ""),
        "taken_at": post.get("taken_at", ""),
        "place": post.get("place", ""),
        "latitude": post.get("latitude"),
        "longitude": post.get("longitude"),
        "officer_ids": post.getlist("officer_ids"),
    }


@login_required
@require_POST
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """调查取证 with its files (multipart)."""
    require_perm(request, ACT)
    fields = _evidence_fields(request.POST)
    return post_action(
        request,
        lambda: actions.record_evidence(
            actor=request.user, case_id=pk, files=request.FILES.getlist("files"), **fields
        ),
        "已登记证据",
        to="enforcement:case",
        missing_is_404=True,
        pk=pk,
    )


STEPS: dict[str, tuple[Any, ...]] = {
    "register": (actions.register_case, "已立案", lambda p: {"grave": _flag(p, "grave")}),
    "decline": (
        actions.decline_registration,
        "已决定不予立案",
        lambda p: {"reason": p.get("reason", "")},
    ),
    "extend_registration": (
        actions.extend_registration,
        "已延长立案期限",
        lambda p: {"days": p.get("days", ""), "reason": p.get("reason", "")},
    ),
    "extend_decision": (
        actions.extend_decision,
        "已延长办案期限",
        lambda p: {"days": p.get("days", ""), "reason": p.get("reason", "")},
    ),
    "flag_major": (
        actions.flag_major,
        "已确定为重大执法决定",
        lambda p: {"reason": p.get("reason", "")},
    ),
    "order_correction": (
        actions.order_correction,
        "已责令改正",
        lambda p: {"due_on": parse_date(p.get("due_on")) or p.get("due_on", "")},
    ),
    "record_correction": (
        actions.record_correction,
        "已登记改正情况",
        lambda p: {"corrected_on": p.get("corrected_on", "")},
    ),
    "notify": (
        actions.notify_intended_penalty,
        "已告知拟处罚",
        lambda p: {
            "penalties": p.getlist("penalties"),
            "grade": p.get("grade", ""),
            "fine": p.get("fine", ""),
            "confiscated": p.get("confiscated", ""),
            "notified_on": p.get("notified_on", ""),
        },
    ),
    "statement": (
        actions.record_statement,
        "已记录陈述申辩",
        lambda p: {"content": p.get("content", ""), "received_on": p.get("received_on", "")},
    ),
    "waiver": (
        actions.record_waiver,
        "已登记书面放弃",
        lambda p: {"waived_on": p.get("waived_on", "")},
    ),
    "request_hearing": (
        actions.request_hearing,
        "已登记听证申请",
        lambda p: {"requested_on": p.get("requested_on", "")},
    ),
    "schedule_hearing": (
        actions.schedule_hearing,
        "已通知听证",
        lambda p: {
            "scheduled_on": p.get("scheduled_on", ""),
            "place": p.get("place", ""),
            "host_id": p.get("host_id", ""),
            "notified_on": p.get("notified_on", ""),
        },
    ),
    "record_hearing": (
        actions.record_hearing,
        "已登记听证情况",
        lambda p: {
            "held": p.get("held") != "no",
            "record": p.get("record", ""),
            "held_on": p.get("held_on", ""),
        },
    ),
    "submit_review": (
        actions.submit_review,
        "已提请法制审核",
        lambda p: {"outside_reason": p.get("outside_reason", "")},
    ),
    "decide": (
        actions.decide,
        "已作出决定",
        lambda p: {
            "outcome": p.get("outcome", ""),
            "penalties": p.getlist("penalties"),
            "grade": p.get("grade", ""),
            "fine": p.get("fine", ""),
            "confiscated": p.get("confiscated", ""),
            "outside_reason": p.get("outside_reason", ""),
            "decision_text": p.get("decision_text", ""),
        },
    ),
    "serve": (
        actions.serve_decision,
        "已登记送达",
        lambda p: {"how": p.get("how", ""), "served_on": p.get("served_on", "")},
    ),
}


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, ACT, DECIDE)
    return run_record_step(request, STEPS, name, key="case_id", pk=pk, to="enforcement:case")


@login_required
@require_POST
def answer_statement(request: HttpRequest, pk: int, statement: int) -> HttpResponse:
    require_perm(request, ACT)
    post = request.POST
    return post_action(
        request,
        lambda: actions.answer_statement(
            actor=request.user,
            statement_id=statement,
            adopted=_flag(post, "adopted"),
            answer=post.get("answer", ""),
        ),
        "已复核陈述申辩",
        to="enforcement:case",
        missing_is_404=True,
        pk=pk,
    )
