"""Complaints (投诉) to the kind's regulator and the regulator's own steps.

A bidder of the project complains within `tendering.complaint_until`:
10 days of knowing (实施条例 art. 60), or — procurement — 15 working days
after its challenge was answered or the answer's period ended (政府采购法
art. 55: a complaint without a prior challenge is refused, and one while
the answer's period still runs waits). Construction complaints name their
matter: one about the tender documents, the opening or the evaluation
result (实施条例 art. 22, 44, 54) must follow an objection to the tenderer
(art. 60 ¶2) and is counted, like procurement's, from its answer. The regulator decides within
`complaint_decide_due` (30 working days) and may suspend the project
meanwhile (实施条例 art. 62; 政府采购法 art. 57); a suspended project
refuses every other step (`locked_project`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import inputs, timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict, NotFound, PermissionDenied
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.trading.checks import as_bool
from xiaoneng.trading.common import (
    REGULATOR,
    event,
    locked_project,
    missing_project,
    party_of,
)
from xiaoneng.trading.models import Bid, Complaint, Kind, Objection, Project

from .objections import CODE

if TYPE_CHECKING:
    from datetime import date

    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


# What a construction complaint is about; the first three need an objection
# to the tenderer first (实施条例 art. 60 ¶2).
MATTERS: dict[str, str] = {
    "documents": "资格预审文件或招标文件（实施条例第二十二条）",
    "opening": "开标（实施条例第四十四条）",
    "result": "评标结果（实施条例第五十四条）",
    "other": "其他违法行为",
}
OBJECTION_FIRST = ("documents", "opening", "result")


def _matter(project: Project, value: Any) -> str:
    if project.kind != Kind.CONSTRUCTION and value in (None, ""):
        return ""
    return inputs.choice(
        value, tuple(MATTERS), code="trading_complaint_matter_invalid", label="投诉针对的事项"
    )


def _basis(project: Project, objection: Objection | None, known: date, matter: str) -> date:
    """The day the complaint period runs from: the day of knowing, or the
    prior objection's (challenge's) answer or reply due day."""
    if project.kind == Kind.PROCUREMENT:
        first, pending, asked = "trading_challenge_first", "trading_challenge_reply_pending", "质疑"
        if objection is None:
            raise Conflict(
                "政府采购投诉须先就同一事项依法提出质疑（政府采购法第五十五条）", code=first
            )
    elif project.kind == Kind.CONSTRUCTION and matter in OBJECTION_FIRST:
        first, pending, asked = "trading_objection_first", "trading_objection_reply_pending", "异议"
        if objection is None:
            raise Conflict(
                f"就{MATTERS[matter]}投诉的，须先向招标人提出异议（实施条例第六十条第二款）",
                code=first,
            )
    else:
        return known
    if objection.replied_at is not None:
        return inputs.local_day(objection.replied_at)
    if timesource.today() <= objection.reply_due:
        raise Conflict(
            f"{asked}答复期限至{cn_date(objection.reply_due)}，届满未答复的方可投诉",
            code=pending,
            detail={"reply_due": objection.reply_due},
        )
    return objection.reply_due


@transaction.atomic
def file_complaint(
    actor: Actor | None,
    project_id: Any,
    *,
    text: Any,
    known_on: Any = None,
    objection_id: Any = None,
    matter: Any = None,
) -> Complaint:
    user, party = party_of(actor)
    project = (
        Project.objects.select_for_update(of=("self",)).filter(pk=as_int(project_id) or 0).first()
    )
    if project is None or not Bid.objects.filter(round__project=project, bidder=party).exists():
        # Not a bidder: the project's internal rows are not its to see.
        raise (
            missing_project()
            if project is None
            else PermissionDenied("不是本项目的投标人", code="trading_not_a_bidder")
        )
    objection = None
    if objection_id not in (None, ""):
        objection = Objection.objects.filter(
            pk=as_int(objection_id) or 0, round__project=project, party=party
        ).first()
        if objection is None:
            raise NotFound("异议（质疑）不存在或无权查看", code="trading_objection_not_found")
    body = inputs.text(text, code=CODE, label="投诉事项")
    known = inputs.a_date(
        known_on, code="trading_objection_known_invalid", label="知道之日", default_today=True
    )
    about = _matter(project, matter)
    calendar = current_calendar()
    basis = _basis(project, objection, known, about)
    until = tendering.complaint_until(project.kind, basis, calendar)
    today = timesource.today()
    if today > until:
        raise Conflict(
            f"投诉期限已于{cn_date(until)}届满",
            code="trading_complaint_late",
            detail={"until": until},
        )
    row = Complaint.objects.create(
        project=project,
        party=party,
        submitted_by=user,
        objection=objection,
        # The model has no field for the matter: it heads the text the regulator reads.
        text=f"针对事项：{MATTERS[about]}\n{body}" if about else body,
        known_on=known,
        decide_due=tendering.complaint_decide_due(project.kind, today, calendar),
    )
    event(
        user,
        project,
        "complaint_filed",
        complaint=row.pk,
        party=party.pk,
        objection=objection.pk if objection else None,
        matter=about,
        decide_due=row.decide_due,
    )
    return row


@transaction.atomic
def suspend_project(actor: Actor | None, pk: Any, reason: Any) -> Project:
    user, project = locked_project(actor, pk, REGULATOR, allow_suspended=True)
    if project.suspended_at is not None:
        raise Conflict("项目已处于暂停状态", code="trading_already_suspended")
    why = inputs.text(reason, code=CODE, label="暂停原因", limit=200)
    project.suspended_at, project.suspended_reason = timesource.now(), why
    project.save(update_fields=["suspended_at", "suspended_reason"])
    event(user, project, "project_suspended", reason=why)
    return project


@transaction.atomic
def resume_project(actor: Actor | None, pk: Any) -> Project:
    user, project = locked_project(actor, pk, REGULATOR, allow_suspended=True)
    if project.suspended_at is None:
        raise Conflict("项目未被暂停", code="trading_not_suspended")
    project.suspended_at, project.suspended_reason = None, ""
    project.save(update_fields=["suspended_at", "suspended_reason"])
    event(user, project, "project_resumed")
    return project


def _locked_complaint(actor: Actor | None, complaint_id: Any) -> tuple[User, Complaint]:
    pk = as_int(complaint_id) or 0
    project_id = Complaint.objects.filter(pk=pk).values_list("project_id", flat=True).first()
    if project_id is None:
        raise NotFound("投诉不存在或无权查看", code="trading_complaint_not_found")
    user, _ = locked_project(actor, project_id, REGULATOR, allow_suspended=True)
    return user, Complaint.objects.select_for_update(of=("self",)).select_related("project").get(
        pk=pk
    )


@transaction.atomic
def decide_complaint(
    actor: Actor | None, complaint_id: Any, *, decision: Any, upheld: Any
) -> Complaint:
    """投诉处理决定 by the kind's regulator (the suspension it lifts itself)."""
    user, row = _locked_complaint(actor, complaint_id)
    if row.decided_at is not None:
        raise Conflict("投诉已经处理", code="trading_complaint_decided")
    text = inputs.text(decision, code=CODE, label="处理决定")
    right = as_bool(upheld, code=CODE, label="投诉是否成立")
    row.decision, row.upheld = text, right
    row.decided_at, row.decided_by = timesource.now(), user
    row.save(update_fields=["decision", "upheld", "decided_at", "decided_by"])
    event(user, row.project, "complaint_decided", complaint=row.pk, upheld=right)
    return row
