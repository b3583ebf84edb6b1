"""The only writers of ratings. Each action: one transaction, the permission
(public channels have none: the tracking number and query code, or the
visit's code, are the credential), the rule, one audit event; notices to
department heads go into the same transaction (the e-mail digest follows on
commit)."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent, CaseStatus
from xiaoneng.cases.selectors import case_by_query_code
from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput
from xiaoneng.core.text import cn_date, require_text
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import covers_department, require, signed_in, unit_of
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.system.params import get_param

from .criteria import CRITERIA, LEVELS, ONLINE, ONSITE, is_bad
from .models import (
    Appeal,
    AppealStatus,
    CallBack,
    CallBackResult,
    Channel,
    Rating,
    Rectification,
    RectificationStatus,
    Visit,
)
from .selectors import visit_by_code
from .vocabulary import appeal_not_found, rating_not_found, rectification_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FINISHED = (CaseStatus.DELIVERED, CaseStatus.REFUSED)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
COMMENT_MAX = 500

# rectification status → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    RectificationStatus.OPEN: {RectificationStatus.RECTIFIED, RectificationStatus.VOIDED},
    RectificationStatus.RECTIFIED: {RectificationStatus.CLOSED, RectificationStatus.VOIDED},
    RectificationStatus.CLOSED: set(),
    RectificationStatus.VOIDED: set(),
}


# --- validation ---------------------------------------------------------------------


def _level(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in LEVELS:
        raise InvalidInput(
            "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）",
            code="level_invalid",
            detail={"allowed": list(LEVELS)},
        )
    return level


def _criteria(values: Any, where: str) -> list[str]:
    codes = list(dict.fromkeys(str(v).strip() for v in (values or []) if str(v).strip()))
    unknown = [c for c in codes if c not in CRITERIA or where not in CRITERIA[c][1]]
    if unknown:
        raise InvalidInput("评价指标不正确", code="criteria_invalid", detail={"unknown": unknown})
    return codes


def _comment(value: str, level: int, criteria: list[str]) -> str:
    text = (value or "").strip()[:COMMENT_MAX]
    # A 差评 says what went wrong: a criterion ticked or a few words.
    if is_bad(level) and not text and not criteria:
        raise InvalidInput(
            "差评请勾选存在问题的评价指标或填写评价意见",
            code="bad_rating_reason_required",
        )
    return text


# A rating's texts are cut at 2,000 characters unless told.
_text = functools.partial(require_text, limit=2000)


def _move(row: Rectification, status: str) -> None:
    if status not in TRANSITIONS[row.status]:
        codes: dict[str, str] = {
            RectificationStatus.CLOSED: "rectification_closed",
            RectificationStatus.VOIDED: "rectification_voided",
        }
        raise Conflict(
            f"整改事项{row.get_status_display()}，不能再办理",
            code=codes.get(row.status, "rectification_bad_transition"),
            detail={"from": row.status, "to": status},
        )
    row.status = status


# --- who handled it ---------------------------------------------------------------------


def _handler_of(case: Case) -> tuple[Any, str, Department | None]:
    """The staff member who closed the case (decision or refusal; else the
    acceptance) and the window whose staff accepted it."""
    events = list(
        CaseEvent.objects.filter(case=case, kind__in=("accepted", "decided", "refused"))
        .select_related("actor__department")
        .order_by("seq")
    )
    handler_event = next(
        (e for e in reversed(events) if e.kind in ("decided", "refused") and e.actor_id), None
    ) or next((e for e in events if e.kind == "accepted" and e.actor_id), None)
    window = None
    accepted = next((e for e in events if e.kind == "accepted" and e.actor_id), None)
    if accepted is not None and accepted.actor is not None:
        dept = accepted.actor.department
        if dept is not None and dept.kind == DepartmentKind.WINDOW:
            window = dept
    if handler_event is None:
        return None, "", window
    return handler_event.actor, handler_event.actor_name, window


# --- rating ---------------------------------------------------------------------


def _open_rectification(rating: Rating) -> Rectification:
    calendar = current_calendar()
    today = rating.rated_on
    days = get_param("rating.rectify_days")
    due = calendar.add_workdays(today, days)
    row = Rectification.objects.create(
        rating=rating,
        department=rating.department,
        handler=rating.handler,
        opened_on=today,
        limit_days=days,
        due_on=due,
        provisional=calendar.span_is_provisional(today, due),
    )
    heads = department_heads([rating.department_id]).get(rating.department_id, [])
    subject = (
        rating.case.item.name if rating.case else (rating.visit.service if rating.visit else "")
    )
    notify(
        recipients=heads,
        kind="rating.rectification",
        title=f"差评整改：{subject}（{rating.get_level_display()}），{due:%Y-%m-%d} 前整改",
        body=(
            f"{rating.department.name}收到一条“{rating.get_level_display()}”评价，"
            f"请于 {cn_date(due)} 前完成整改并回访评价人。"
        ),
        link=f"/ratings/rectifications/{row.pk}/",
    )
    return row


def _save_rating(
    *,
    actor: Actor | None,
    channel: str,
    level: Any,
    criteria: Any,
    comment: str,
    where: str,
    case: Case | None = None,
    visit: Visit | None = None,
) -> Rating:
    lvl = _level(level)
    codes = _criteria(criteria, where)
    text = _comment(comment, lvl, codes)
    today = timesource.today()
    if case is not None:
        if case.status not in FINISHED:
            raise Conflict(
                "办件尚未办结，办结后才能评价",
                code="case_not_finished",
                detail={"status": case.status},
            )
        if Rating.objects.filter(case=case).exists():
            raise Conflict("该办件已评价，一事一评", code="rating_exists")
        handler, handler_name, window = _handler_of(case)
        fields: dict[str, Any] = {
            "case": case,
            "department": case.department,
            "window": window,
            "handler": handler,
            "handler_name": handler_name,
            "rater_name": case.applicant_name,
        }
    else:
        assert visit is not None
        if Rating.objects.filter(visit=visit).exists():
            raise Conflict("本次服务已评价，一次一评", code="rating_exists")
        fields = {
            "visit": visit,
            "department": visit.department,
            "window": visit.window,
            "handler": visit.staff,
            "handler_name": visit.staff_name,
        }
    user = user_of(actor)
    try:
        with transaction.atomic():  # a savepoint: a racing twin becomes a Conflict, not a 500
            rating = Rating.objects.create(
                level=lvl,
                criteria=codes,
                comment=text,
                channel=channel,
                rater=user,
                rated_on=today,
                **fields,
            )
    except IntegrityError:
        raise Conflict("该办件或本次服务已评价", code="rating_exists") from None
    rectification = _open_rectification(rating) if is_bad(lvl) else None
    record_event(
        actor=user,
        event_type="rating.rated",
        object_type="rating",
        object_id=rating.pk,
        payload={
            "case": case.tracking_no if case else None,
            "visit": visit.code if visit else None,
            "level": lvl,
            "criteria": codes,
            "channel": channel,
            "department": rating.department.code,
            "handler": rating.handler_name,
            "rectification_due": rectification.due_on if rectification else None,
        },
    )
    return rating


def _cases_to_rate() -> QuerySet[Case]:
    """Locked (one rating per case), with the department and item a rating copies."""
    return Case.objects.select_for_update(of=("self",)).select_related("department", "item")


@transaction.atomic
def rate_case_online(
    *, tracking_no: str, query_code: str, level: Any, criteria: Any = (), comment: str = ""
) -> Rating:
    """网上评价: after tracking a case with its number and query code."""
    found = case_by_query_code(tracking_no or "", query_code or "")  # not_found for a wrong pair
    case = _cases_to_rate().get(pk=found.pk)
    return _save_rating(
        actor=None,
        channel=Channel.ONLINE,
        level=level,
        criteria=criteria,
        comment=comment,
        where=ONLINE,
        case=case,
    )


@transaction.atomic(durable=True)
def rate_case_by_account(
    *, actor: Actor, case_id: int, level: Any, criteria: Any = (), comment: str = ""
) -> Rating:
    """申请人账号评价: the applicant (or the agent who filed it) rates its own case."""
    require(actor, "case.apply")
    case = _cases_to_rate().filter(pk=case_id).first()
    if case is None or actor.pk not in (case.applicant_id, case.agent_id):
        raise case_not_found("办件不存在或无权评价")
    return _save_rating(
        actor=actor,
        channel=Channel.ACCOUNT,
        level=level,
        criteria=criteria,
        comment=comment,
        where=ONLINE,
        case=case,
    )


@transaction.atomic(durable=True)
def rate_visit(*, code: str, level: Any, criteria: Any = (), comment: str = "") -> Rating:
    """窗口评价: the visitor rates a window service by its code (一次一评)."""
    found = visit_by_code(code)
    visit = Visit.objects.select_for_update(of=("self",)).get(pk=found.pk)
    return _save_rating(
        actor=None,
        channel=Channel.WINDOW,
        level=level,
        criteria=criteria,
        comment=comment,
        where=ONSITE,
        visit=visit,
    )


@transaction.atomic(durable=True)
def register_visit(*, actor: Actor, service: str) -> Visit:
    """登记窗口服务: window staff issue the visit's rating code (for the QR link)."""
    actor = require(actor, "rating.handle")
    window = actor.department
    if window is None or window.kind != DepartmentKind.WINDOW:
        raise DomainError("只有窗口工作人员可以登记窗口服务", code="not_a_window")
    unit = unit_of(actor) or window
    text = _text(service, code="service_required", message="请填写服务内容", limit=200)
    for _ in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Visit.objects.filter(code=code).exists():
            break
    visit = Visit.objects.create(
        code=code,
        window=window,
        department=unit,
        staff=actor,
        staff_name=actor.display_name,
        service=text,
        visited_on=timesource.today(),
    )
    record_event(
        actor=actor,
        event_type="rating.visit_registered",
        object_type="rating_visit",
        object_id=visit.code,
        payload={"window": window.code, "service": text},
    )
    return visit


# --- rectification ---------------------------------------------------------------------


def _locked_rectification(actor: Actor, rectification_id: int) -> Rectification:
    require(actor, "rating.handle")
    row = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("rating", "department")
        .filter(pk=rectification_id)
        .first()
    )
    if row is None or not covers_department(actor, row.department_id):
        raise rectification_not_found()
    return row


@transaction.atomic(durable=True)
def record_measures(*, actor: Actor, rectification_id: int, measures: str) -> Rectification:
    """登记整改措施: what the department changed."""
    row = _locked_rectification(actor, rectification_id)
    text = _text(measures, code="measures_required", message="请填写整改措施")
    _move(row, RectificationStatus.RECTIFIED)
    row.measures = text
    row.rectified_on = timesource.today()
    row.save(update_fields=["status", "measures", "rectified_on", "updated_at"])
    record_event(
        actor=actor,
        event_type="rating.rectified",
        object_type="rating_rectification",
        object_id=row.pk,
        payload={"rating": row.rating_id, "measures": text[:500]},
    )
    return row


@transaction.atomic(durable=True)
def record_callback(
    *,
    actor: Actor,
    rectification_id: int,
    result: str,
    satisfaction: Any = None,
    note: str = "",
    called_at: datetime | None = None,
) -> CallBack:
    """回访: after the rectification, the rater is called and asked again."""
    actor = signed_in(actor)
    row = _locked_rectification(actor, rectification_id)
    if row.status == RectificationStatus.OPEN:
        raise Conflict("请先登记整改措施，整改后再回访", code="not_rectified_yet")
    if not row.is_open:
        _move(row, RectificationStatus.CLOSED)  # raises rectification_closed / _voided
    if result not in CallBackResult.values:
        raise InvalidInput(
            "回访结果不正确",
            code="callback_result_invalid",
            detail={"allowed": CallBackResult.values},
        )
    level = None
    if result == CallBackResult.REACHED:
        level = _level(satisfaction)
    when = called_at or timezone.now()
    if timezone.is_naive(when):
        raise InvalidInput("回访时间须带时区", code="callback_time_invalid")
    if when > timezone.now():
        raise InvalidInput("回访时间不能晚于现在", code="callback_time_invalid")
    callback = CallBack.objects.create(
        rectification=row,
        called_by=actor,
        caller_name=actor.display_name,
        called_at=when,
        result=result,
        satisfaction=level,
        note=(note or "").strip()[:500],
    )
    record_event(
        actor=actor,
        event_type="rating.called_back",
        object_type="rating_rectification",
        object_id=row.pk,
        payload={"result": result, "satisfaction": level, "called_at": when.isoformat()},
    )
    return callback


@transaction.atomic(durable=True)
def close_rectification(*, actor: Actor, rectification_id: int) -> Rectification:
    """办结整改: only with the call-back on record."""
    row = _locked_rectification(actor, rectification_id)
    _move(row, RectificationStatus.CLOSED)
    if not CallBack.objects.filter(rectification=row).exists():
        raise Conflict("办结整改须先回访评价人", code="callback_required")
    today = timesource.today()
    row.closed_on = today
    row.closed_by = user_of(actor)
    row.on_time = (row.rectified_on or today) <= row.due_on
    row.save(update_fields=["status", "closed_on", "closed_by", "on_time", "updated_at"])
    record_event(
        actor=actor,
        event_type="rating.rectification_closed",
        object_type="rating_rectification",
        object_id=row.pk,
        payload={"on_time": row.on_time, "due_on": row.due_on},
    )
    return row


# --- appeals ---------------------------------------------------------------------


@transaction.atomic(durable=True)
def file_appeal(*, actor: Actor, rating_id: int, reason: str) -> Appeal:
    """恶意差评申诉: the rated department asks the supervision office to exclude it."""
    actor = require(actor, "rating.handle")
    rating = Rating.objects.select_for_update().filter(pk=rating_id).first()
    if rating is None or not covers_department(actor, rating.department_id):
        raise rating_not_found()
    if not rating.is_bad:
        raise Conflict("只能对差评提出申诉", code="appeal_only_for_bad_rating")
    if Appeal.objects.filter(rating=rating).exists():
        raise Conflict("该差评已申诉，不能重复申诉", code="appeal_exists")
    text = _text(reason, code="appeal_reason_required", message="请说明申诉理由（恶意差评的事实）")
    appeal = Appeal.objects.create(
        rating=rating,
        department_id=rating.department_id,
        reason=text,
        filed_by=actor,
        filed_on=timesource.today(),
    )
    record_event(
        actor=actor,
        event_type="rating.appeal_filed",
        object_type="rating_appeal",
        object_id=appeal.pk,
        payload={"rating": rating.pk, "reason": text[:500]},
    )
    return appeal


@transaction.atomic(durable=True)
def decide_appeal(*, actor: Actor, appeal_id: int, upheld: bool, note: str) -> Appeal:
    """申诉审核: upheld → the rating stays, flagged and excluded from the
    statistics, and its rectification is voided; rejected → nothing changes."""
    actor = require(actor, "rating.appeal.decide")
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("rating", "department")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None or not covers_department(actor, appeal.department_id):
        raise appeal_not_found()
    if appeal.status != AppealStatus.PENDING:
        raise Conflict("该申诉已审核", code="appeal_already_decided")
    text = _text(note, code="decision_note_required", message="请填写审核意见")
    today = timesource.today()
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decided_by = actor
    appeal.decided_on = today
    appeal.decision_note = text
    appeal.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    voided = False
    if upheld:
        rating = Rating.objects.select_for_update().get(pk=appeal.rating_id)
        rating.excluded = True
        rating.excluded_on = today
        rating.save(update_fields=["excluded", "excluded_on"])
        row = Rectification.objects.select_for_update().filter(rating=rating).first()
        if row is not None and row.is_open:
            _move(row, RectificationStatus.VOIDED)
            row.save(update_fields=["status", "updated_at"])
            voided = True
    heads = department_heads([appeal.department_id]).get(appeal.department_id, [])
    notify(
        recipients=[*heads, appeal.filed_by_id],
        kind="rating.appeal_decided",
        title=f"差评申诉{appeal.get_status_display()}",
        body=text[:500],
        link="/ratings/desk/",
    )
    record_event(
        actor=actor,
        event_type="rating.appeal_decided",
        object_type="rating_appeal",
        object_id=appeal.pk,
        payload={
            "rating": appeal.rating_id,
            "upheld": upheld,
            "note": text[:500],
            "rectification_voided": voided,
        },
    )
    return appeal
