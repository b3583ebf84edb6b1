"""The tender period, run by the tenderer or its agency (RUNNER): 发布招标公告
and the documents (`announce`), 澄清或修改 (`clarify`) and 变更投标截止时间
(`change_deadline`). Every date rule is `core.clock.procedures.tendering`'s
on the house calendar; each step publishes an OCDS release.

Rounds: `announce` opens the round numbered `project.round_no`. It never
increments it — the bids part, when a round fails (too few bids), sets the
round FAILED, the project RETENDER and `project.round_no += 1`; the
re-tender's `announce` then opens that next round (the same ocid, a new
tender id)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import inputs, timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.trading.checks import a_day_or_none, a_moment
from xiaoneng.trading.common import RUNNER, event, locked_project, step_refused
from xiaoneng.trading.models import (
    Notice,
    NoticeFile,
    NoticeKind,
    Project,
    Round,
    RoundStatus,
    Status,
)
from xiaoneng.trading.ocds.publish import publish

from .projects import reason_text, tell_bidders

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def a_deadline(value: Any, label: str = "投标截止时间") -> datetime:
    """A moment to come (aware, or naive in Beijing time, or "YYYY-MM-DDTHH:MM")."""
    moment = a_moment(value, code="trading_deadline_invalid", label=label)
    if moment <= timesource.now():
        raise InvalidInput(f"{label}应晚于现在", code="trading_deadline_invalid")
    return moment


def deadline_day(moment: datetime) -> date:
    return inputs.local_day(moment)


def when(moment: datetime) -> str:
    """A moment in words: 2026年10月9日 09:30."""
    return f"{cn_date(deadline_day(moment))} {moment.astimezone(timesource.SHANGHAI):%H:%M}"


def check_deadline(project: Project, documents_from: date, deadline: datetime) -> None:
    """The law's tender period and a working day for the opening."""
    calendar = current_calendar()
    problem = tendering.deadline_problem(
        project.kind, documents_from, deadline_day(deadline), calendar
    )
    if problem == "trading_tender_period_too_short":
        earliest = tendering.earliest_deadline(project.kind, documents_from, calendar)
        rules = tendering.rules_for(project.kind)
        days = f"{rules.tender_days}{'个工作日' if rules.tender_in_workdays else '日'}"
        raise InvalidInput(
            f"自招标文件发出之日至投标截止不得少于{days}，最早可定于{cn_date(earliest)}",
            code=problem,
            detail={"earliest": earliest},
        )
    if problem is not None:
        raise InvalidInput(
            f"投标截止（开标）时间须在工作日，{cn_date(deadline_day(deadline))}不是工作日",
            code=problem,
            detail={"earliest": calendar.next_workday_on_or_after(deadline_day(deadline))},
        )


def _documents_from(value: Any) -> date:
    day = a_day_or_none(value)
    if day is None:
        raise InvalidInput("招标文件发出日期不正确", code="trading_documents_from_past")
    if day < timesource.today():
        raise InvalidInput("招标文件发出日期不能早于今天", code="trading_documents_from_past")
    return day


def _notice(
    user: User, project: Project, round_: Round, kind: str, title: str, body: str
) -> Notice:
    return Notice.objects.create(
        project=project, round=round_, kind=kind, title=title, body=body, published_by=user
    )


@transaction.atomic(durable=True)
def announce(
    actor: Actor,
    pk: Any,
    *,
    documents_from: Any,
    bid_deadline: Any,
    announcement: Any,
    documents: Any,
    files: Iterable[Any] = (),
) -> Round:
    """发布招标公告 and issue the documents: the round `project.round_no`
    opens for bids until `bid_deadline` (see the module's docstring)."""
    user, project = locked_project(actor, pk, RUNNER)
    if project.status not in (Status.ACCEPTED, Status.RETENDER):
        raise step_refused(project, "发布招标公告")
    first = project.status == Status.ACCEPTED
    issued = _documents_from(documents_from)
    deadline = a_deadline(bid_deadline)
    check_deadline(project, issued, deadline)
    text = inputs.text(announcement, code="trading_announcement_required", label="招标公告正文")
    docs = inputs.text(documents, code="trading_documents_required", label="招标文件内容")
    checked = [uploads.check_file(f) for f in files]
    round_, created = Round.objects.get_or_create(project=project, number=project.round_no)
    if not created and round_.status != RoundStatus.DRAFT:
        raise Conflict(
            f"第{round_.number}轮招标已公告",
            code="trading_round_exists",
            detail={"round": round_.pk},
        )
    round_.status = RoundStatus.OPEN
    round_.announced_at = timesource.now()
    round_.documents_from, round_.bid_deadline = issued, deadline
    round_.save()
    again = "" if first else f"（第{round_.number}次）"
    _notice(user, project, round_, NoticeKind.ANNOUNCEMENT, f"{project.title}招标公告{again}", text)
    papers = _notice(
        user, project, round_, NoticeKind.DOCUMENTS, f"{project.title}招标文件{again}", docs
    )
    stored = uploads.store_checked(
        NoticeFile, checked, f"trading/{project.pk}/{round_.number}", notice=papers
    )
    project.status = Status.TENDERING
    project.version += 1
    project.save(update_fields=["status", "version"])
    publish(project, ["tender"] if first else ["tenderUpdate"])
    event(
        user,
        project,
        "project_announced",
        round=round_.number,
        documents_from=issued,
        bid_deadline=deadline,
        files=[f.pk for f in stored],
    )
    return round_


def open_round(project: Project) -> Round:
    """The project's current round taking bids (its deadline still to come)."""
    round_ = project.rounds.filter(number=project.round_no).first()
    if project.status != Status.TENDERING or round_ is None or round_.status != RoundStatus.OPEN:
        raise Conflict("本轮招标不在接受投标阶段", code="trading_round_not_open")
    assert round_.bid_deadline is not None
    assert round_.documents_from is not None
    if round_.bid_deadline <= timesource.now():
        raise Conflict("投标截止时间已过", code="trading_deadline_passed")
    return round_


def _later_deadline(project: Project, round_: Round, value: Any) -> datetime:
    new = a_deadline(value, "新的投标截止时间")
    assert round_.bid_deadline is not None
    assert round_.documents_from is not None
    if new <= round_.bid_deadline:
        raise InvalidInput(
            "投标截止时间只能延后，不能提前",
            code="trading_deadline_not_later",
            detail={"current": round_.bid_deadline},
        )
    check_deadline(project, round_.documents_from, new)
    return new


def _move(round_: Round, deadline: datetime) -> datetime:
    old = round_.bid_deadline
    assert old is not None
    round_.bid_deadline = deadline
    round_.save(update_fields=["bid_deadline"])
    return old


@transaction.atomic(durable=True)
def clarify(actor: Actor, pk: Any, *, text: Any, new_deadline: Any = None) -> Notice:
    """澄清或修改: at least 15 days before the deadline (招标投标法 art. 23),
    else only with the deadline moved so that it is (`new_deadline`)."""
    user, project = locked_project(actor, pk, RUNNER)
    round_ = open_round(project)
    body = inputs.text(text, code="trading_clarification_required", label="澄清或修改内容")
    deadline = round_.bid_deadline
    assert deadline is not None
    if new_deadline not in (None, ""):
        deadline = _later_deadline(project, round_, new_deadline)
    today = timesource.today()
    latest = tendering.clarification_latest(project.kind, deadline_day(deadline))
    if today > latest:
        rules = tendering.rules_for(project.kind)
        need = today.toordinal() + rules.clarify_days
        raise Conflict(
            f"澄清或修改应在投标截止时间至少{rules.clarify_days}日前发出；"
            f"今日发出须将投标截止时间顺延至{cn_date(date.fromordinal(need))}或以后",
            code="trading_clarification_too_late",
            detail={"latest": latest, "deadline_not_before": date.fromordinal(need)},
        )
    moved = deadline != round_.bid_deadline
    old = _move(round_, deadline) if moved else None
    words = f"\n\n投标截止时间顺延至{when(deadline)}。" if moved else ""
    notice = _notice(
        user, project, round_, NoticeKind.CLARIFICATION, f"{project.title}澄清或修改", body + words
    )
    project.version += 1
    project.save(update_fields=["version"])
    publish(project, ["tenderAmendment"])
    tell_bidders(project, round_, "发布澄清或修改", body + words)
    event(
        user,
        project,
        "project_clarified",
        round=round_.number,
        notice=notice.pk,
        old_deadline=old,
        bid_deadline=deadline if moved else None,
    )
    return notice


@transaction.atomic(durable=True)
def change_deadline(actor: Actor, pk: Any, *, new_deadline: Any, reason: Any) -> Round:
    """变更投标截止时间: only later, never earlier; still a working day."""
    user, project = locked_project(actor, pk, RUNNER)
    round_ = open_round(project)
    deadline = _later_deadline(project, round_, new_deadline)
    why = reason_text(reason, "变更理由")
    old = _move(round_, deadline)
    body = f"投标截止时间（开标时间）变更为{when(deadline)}。\n\n{why}"
    _notice(user, project, round_, NoticeKind.DEADLINE, f"{project.title}投标截止时间变更", body)
    project.version += 1
    project.save(update_fields=["version"])
    publish(project, ["tenderAmendment"])
    tell_bidders(project, round_, "投标截止时间变更", body)
    event(
        user,
        project,
        "deadline_changed",
        round=round_.number,
        old_deadline=old,
        bid_deadline=deadline,
        reason=why,
    )
    return round_
