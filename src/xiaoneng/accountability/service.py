"""The steps after a decision (the only writers of them): service on the
subject (送达), appeal (申诉) and its decision, the 限期改正 deadline tracked
to closure, and closing the case. Same pattern as `actions`.

The appeal window (申诉期限) — the choice, and why:
- It is `accountability.appeal_days` WORKING days from service, default 15,
  because every deadline of this platform runs on the working-day calendar
  (a holiday never eats into it), and the 效能 measures the bureau decides
  (诫勉谈话、通报批评、限期改正) are not 处分 under the 行政机关公务员处分条例:
  no statute fixes their window, so the city sets it.
- The personnel measures (引咎辞职、组织纪律处理) are 人事处理 under the
  公务员法 (2018) art. 95, which allows 申诉 within 30 days of knowing of
  the decision (or review first, then 申诉 within 15 days of the review).
  For them the window is never shorter than 30 calendar days from service,
  whatever the parameter says, so the platform cannot cut a statutory right
  short; a longer parameter still applies.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.org.models import User
from xiaoneng.system.params import get_param

from .actions import PERSONNEL_APPEAL_DAYS, _answerer, _event, _locked, _notify, _save, _step, _text
from .models import (
    AccountabilityCase,
    AppealOutcome,
    Authority,
    MeasureKind,
    RectificationStatus,
    Status,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def appeal_due_for(served_on: date, authority: str) -> date:
    """The last day to appeal a decision served on `served_on`."""
    due = current_calendar().add_workdays(served_on, get_param("accountability.appeal_days"))
    if authority == Authority.REFERRAL:
        due = max(due, served_on + timedelta(days=PERSONNEL_APPEAL_DAYS))
    return due


@transaction.atomic(durable=True)
def serve_decision(
    *, actor: Actor, case_id: int, served_on: date | None = None
) -> AccountabilityCase:
    """送达: the appeal window and, for 限期改正, the deadline start here."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.DECIDED)
    assert row.measure is not None
    assert row.decided_on is not None
    today = timesource.today()
    day = served_on or today
    if type(day) is not date or day > today or day < row.decided_on:
        raise InvalidInput(
            "送达日期不能晚于今天，也不能早于决定日期", code="accountability_served_on_invalid"
        )
    row.served_on = day
    row.appeal_due_on = appeal_due_for(day, row.measure.authority)
    row.status = Status.SERVED
    fields = ["served_on", "appeal_due_on", "status"]
    if row.measure.has_deadline:
        row.rectification = RectificationStatus.RUNNING
        row.rectification_due_on = current_calendar().add_workdays(day, row.rectify_days)
        fields += ["rectification", "rectification_due_on"]
    _save(row, *fields)
    _event(
        user,
        row,
        "served",
        served_on=day,
        appeal_due_on=row.appeal_due_on,
        rectification_due_on=row.rectification_due_on,
    )
    order = row.rectification_due_on
    due = f"，限期改正期限{cn_date(order)}" if order is not None else ""
    _notify(
        row,
        f"问责决定书{row.decision_number}已送达",
        f"问责方式：{row.measure.name}{due}。如不服，可于{cn_date(row.appeal_due_on)}前提出申诉。",
    )
    return row


@transaction.atomic(durable=True)
def file_appeal(*, actor: Actor, case_id: int, reason: str) -> AccountabilityCase:
    """申诉: once, by the unit or a person named, within the window."""
    user, row = _answerer(actor, case_id)
    _step(row, Status.SERVED)
    if row.appealed_on is not None:
        raise Conflict("已提出申诉，不能重复申诉", code="accountability_appeal_exists")
    assert row.appeal_due_on is not None
    today = timesource.today()
    if today > row.appeal_due_on:
        raise Conflict(
            "申诉期限已过",
            code="accountability_appeal_closed",
            detail={"appeal_due_on": row.appeal_due_on.isoformat()},
        )
    row.appeal = _text(reason, "accountability_reason_required", "请填写申诉理由")
    row.appealed_on = today
    _save(row, "appeal", "appealed_on")
    _event(user, row, "appealed", on=today)
    return row


def _appeal_decider(actor: Actor, case_id: int) -> tuple[User, AccountabilityCase]:
    """The body that decided decides the appeal: the bureau for its measures,
    the organisation (registering the referred body's decision) for referrals."""
    row = AccountabilityCase.objects.filter(pk=case_id).select_related("measure").first()
    referral = (
        row is not None
        and row.measure is not None
        and (row.measure.authority == Authority.REFERRAL)
    )
    return _locked(actor, case_id, "accountability.refer" if referral else "accountability.decide")


@transaction.atomic(durable=True)
def decide_appeal(
    *, actor: Actor, case_id: int, outcome: str, note: str, measure_code: str = ""
) -> AccountabilityCase:
    user, row = _appeal_decider(actor, case_id)
    _step(row, Status.SERVED)
    if row.appealed_on is None or row.appeal_outcome:
        raise Conflict("没有待处理的申诉", code="accountability_no_appeal")
    if outcome not in AppealOutcome.values:
        raise InvalidInput("申诉处理结果不正确", code="accountability_appeal_outcome_invalid")
    assert row.measure is not None
    row.appeal_note = _text(note, "accountability_reason_required", "请填写申诉处理意见")
    fields = ["appeal_outcome", "appeal_note", "appeal_decided_on"]
    if outcome == AppealOutcome.VARIED:
        new = MeasureKind.objects.filter(code=measure_code, active=True).first()
        if new is None or new.authority != row.measure.authority or new.pk == row.measure.pk:
            raise InvalidInput(
                "请选择变更后的问责方式（同一决定机关的其他方式）",
                code="accountability_measure_invalid",
            )
        row.measure, row.deduction = new, new.score_deduction
        row.bulletin_published = row.bulletin_published and new.publishes_bulletin
        if not new.has_deadline:
            row.rectification, row.rectification_due_on = RectificationStatus.NONE, None
        fields += ["measure", "deduction", "bulletin_published"]
        fields += ["rectification", "rectification_due_on"]
    if outcome == AppealOutcome.REVOKED:
        row.bulletin_published = False
        row.rectification, row.rectification_due_on = RectificationStatus.NONE, None
        fields += ["bulletin_published", "rectification", "rectification_due_on"]
    row.appeal_outcome = outcome
    row.appeal_decided_on = timesource.today()
    _save(row, *fields)
    _event(user, row, "appeal_decided", outcome=outcome, measure=row.measure.code)
    return row


@transaction.atomic(durable=True)
def report_rectification(*, actor: Actor, case_id: int, report: str) -> AccountabilityCase:
    user, row = _answerer(actor, case_id)
    _step(row, Status.SERVED)
    if row.rectification != RectificationStatus.RUNNING:
        raise Conflict("没有进行中的限期改正", code="accountability_rectification_not_running")
    row.rectification_report = _text(
        report, "accountability_rectification_report_required", "请填写整改情况"
    )
    row.rectification_reported_on = timesource.today()
    row.rectification = RectificationStatus.REPORTED
    _save(row, "rectification_report", "rectification_reported_on", "rectification")
    _event(user, row, "rectification_reported", late=row.rectification_late)
    return row


@transaction.atomic(durable=True)
def verify_rectification(
    *, actor: Actor, case_id: int, accepted: bool, note: str = ""
) -> AccountabilityCase:
    """核实: done closes the order; not done sends it back, the deadline unchanged."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.SERVED)
    if row.rectification != RectificationStatus.REPORTED:
        raise Conflict("没有待核实的整改情况", code="accountability_rectification_not_running")
    if accepted:
        row.rectification = RectificationStatus.VERIFIED
        row.rectification_verified_on = timesource.today()
        _save(row, "rectification", "rectification_verified_on")
        _event(user, row, "rectification_verified", note=(note or "")[:500])
    else:
        row.rectification = RectificationStatus.RUNNING
        _save(row, "rectification")
        _event(user, row, "rectification_returned", note=(note or "")[:500])
    return row


@transaction.atomic(durable=True)
def close_case(*, actor: Actor, case_id: int, note: str = "") -> AccountabilityCase:
    """办结: after the appeal window (or the appeal's decision) and, for
    限期改正, once the rectification is verified."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.SERVED)
    assert row.appeal_due_on is not None
    today = timesource.today()
    if row.appealed_on is not None and not row.appeal_outcome:
        raise Conflict("申诉尚未处理", code="accountability_appeal_pending")
    if row.appealed_on is None and today <= row.appeal_due_on:
        raise Conflict("申诉期限未满，暂不能办结", code="accountability_appeal_window_open")
    if row.rectification in (RectificationStatus.RUNNING, RectificationStatus.REPORTED):
        raise Conflict("限期改正尚未核实完成", code="accountability_rectification_not_verified")
    row.status, row.closed_on = Status.CLOSED, today
    row.close_note = (note or "").strip()[:500]
    _save(row, "status", "closed_on", "close_note")
    _event(user, row, "closed")
    return row
