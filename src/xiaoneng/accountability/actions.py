"""The only writers of accountability cases (问责). Each step: one durable
transaction, the permission of THAT step, the row locked, the procedure
refusing an impossible step with its stable code, one audit event.

Who does what: the supervision bureau opens, investigates, asks for the
statement, proposes, decides the bureau's measures (诫勉谈话、通报批评、
限期改正; `accountability.decide`), refers the others (引咎辞职、组织纪律处理)
whose result the organisation registers (`accountability.refer`), serves
the decision and closes the case. The unit (`accountability.respond`, its
own department) and a person named as subject answer: statement, appeal,
rectification report. Notifications go to the unit's heads (and the named
persons) when the statement is requested and when the decision is served."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date, require_text
from xiaoneng.notifications.actions import notify
from xiaoneng.org.authority import covers_department, has_perm, require, signed_in, unit_of
from xiaoneng.org.models import Department, User
from xiaoneng.system.params import get_param

from . import sources
from .models import (
    OPEN_STATUSES,
    AccountabilityCase,
    Authority,
    DecisionCounter,
    MeasureKind,
    Rule,
    Status,
    Subject,
    SubjectKind,
)
from .selectors import unit_head_ids
from .vocabulary import case_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

DECISION_SERIES = "张监问"
# Personnel measures (引咎辞职, 组织纪律处理) are 人事处理 under 公务员法 art. 95:
# 申诉 within 30 days of knowing of it. The working-day parameter never
# shortens that statutory window (see appeal_due_for).
PERSONNEL_APPEAL_DAYS = 30
NOTIFY_KIND = "accountability"


def _text(value: str | None, code: str, message: str, limit: int = 4000) -> str:
    return require_text(value, code=code, message=message, limit=limit)


def _event(actor: User, row: AccountabilityCase, kind: str, **payload: Any) -> None:
    record_event(
        actor=actor,
        event_type=f"accountability.{kind}",
        object_type="accountability_case",
        object_id=row.number,
        payload={"status": row.status, **payload},
    )


def _locked(actor: Actor, case_id: int, permission: str) -> tuple[User, AccountabilityCase]:
    user = require(actor, permission)
    row = (
        AccountabilityCase.objects.select_for_update(of=("self",))
        .select_related("measure", "department")
        .filter(pk=case_id)
        .first()
    )
    if row is None or not covers_department(user, row.department_id):
        raise case_not_found()
    return user, row


def _step(row: AccountabilityCase, *allowed: str) -> None:
    if row.status not in allowed:
        if row.status not in OPEN_STATUSES:
            raise Conflict("问责案件已办结", code="accountability_case_closed")
        raise Conflict(
            f"当前环节（{row.get_status_display()}）不能办理此事项",
            code="accountability_case_step_invalid",
            detail={"status": row.status},
        )


def _save(row: AccountabilityCase, *fields: str) -> None:
    row.save(update_fields=[*fields, "updated_at"])


def _notify(row: AccountabilityCase, title: str, body: str) -> None:
    people = list(row.subjects.exclude(user=None).values_list("user_id", flat=True))
    recipients = [*unit_head_ids(row.department), *(p for p in people if p is not None)]
    notify(
        recipients=recipients,
        kind=NOTIFY_KIND,
        title=title,
        body=body,
        link=f"/accountability/{row.pk}/",
    )


# --- opening --------------------------------------------------------------------


def _subjects(items: Any, department: Department) -> list[Subject]:
    rows = []
    for item in items or ():
        kind = str((item or {}).get("kind", ""))
        if kind not in SubjectKind.values:
            raise InvalidInput("问责对象类型不正确", code="accountability_subject_invalid")
        user_id = item.get("user_id")
        user = None
        if user_id:
            user = User.objects.filter(pk=user_id, is_active=True).first()
            if user is None:
                raise InvalidInput("问责对象用户不存在", code="accountability_subject_invalid")
        name = str(item.get("name") or "").strip() or (
            department.name if kind == SubjectKind.UNIT else (user.display_name if user else "")
        )
        if not name:
            raise InvalidInput("请填写问责对象姓名", code="accountability_subject_invalid")
        position = str(item.get("position") or "").strip() or (user.title if user else "")
        rows.append(Subject(kind=kind, user=user, name=name[:100], position=position[:100]))
    if not rows:
        raise InvalidInput("请至少填写一个问责对象", code="accountability_subjects_required")
    return rows


def _rules(rule_ids: Any) -> list[Rule]:
    ids = [int(i) for i in rule_ids or () if str(i).isdigit()]
    found = list(Rule.objects.filter(pk__in=ids, active=True))
    if len(found) != len(set(ids)) or len(ids) != len(list(rule_ids or ())):
        raise InvalidInput("问责依据不正确", code="accountability_rule_invalid")
    return found


def _department(source: sources.Source, department_id: Any) -> Department:
    if source.department is not None:
        return source.department
    try:
        pk = int(department_id)
    except (TypeError, ValueError):
        pk = 0
    dept = Department.objects.filter(pk=pk, active=True).first()
    if dept is None:
        raise InvalidInput("请选择被问责单位", code="accountability_department_invalid")
    return dept


@transaction.atomic(durable=True)
def open_case(
    *,
    actor: Actor,
    source_kind: str,
    source_ref: Any,
    title: str,
    facts: str,
    subjects: Any,
    rule_ids: Any = (),
    department_id: Any = None,
) -> AccountabilityCase:
    """立案: always from a source, linked (or 直接立案 with what it rests on)."""
    user = require(actor, "accountability.manage")
    source = sources.resolve(source_kind, source_ref)
    if source.department is not None:  # a linked row: one case per source
        taken = (
            AccountabilityCase.objects.filter(source_kind=source.kind, source_ref=source.ref)
            .exclude(status=Status.DISMISSED)
            .values_list("number", flat=True)
            .first()
        )
        if taken:
            raise Conflict(
                f"该来源已立案（{taken}）",
                code="accountability_source_taken",
                detail={"case": taken},
            )
    dept = _department(source, department_id)
    if not covers_department(user, dept.pk):
        raise InvalidInput("请选择被问责单位", code="accountability_department_invalid")
    head = _text(title, "accountability_title_required", "请填写案由", limit=200)
    body = _text(facts, "accountability_facts_required", "请填写问题事实")
    people = _subjects(subjects, dept)
    rules = _rules(rule_ids)
    today = timesource.today()
    row = AccountabilityCase.objects.create(
        number=f"tmp-{timesource.now().timestamp()}-{user.pk}",
        source_kind=source.kind,
        source_ref=source.ref,
        source_label=source.label,
        department=dept,
        title=head,
        facts=body,
        status=Status.INVESTIGATING,
        opened_on=today,
        opened_by=user,
    )
    row.number = f"WZ{today:%Y%m%d}{row.pk:05d}"
    _save(row, "number")
    for person in people:
        person.case = row
    Subject.objects.bulk_create(people)
    row.rules.set(rules)
    _event(user, row, "opened", source=source.kind, source_ref=source.ref, department=dept.code)
    return row


# --- statement ------------------------------------------------------------------


@transaction.atomic(durable=True)
def request_statement(*, actor: Actor, case_id: int) -> AccountabilityCase:
    """告知陈述申辩: the unit and the persons named are told, with the deadline."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.INVESTIGATING)
    today = timesource.today()
    row.status = Status.STATEMENT
    row.statement_requested_on = today
    row.statement_due_on = current_calendar().add_workdays(
        today, get_param("accountability.statement_days")
    )
    _save(row, "status", "statement_requested_on", "statement_due_on")
    _event(user, row, "statement_requested", due_on=row.statement_due_on)
    _notify(
        row,
        f"问责案件{row.number}：请陈述申辩",
        f"案由：{row.title}。请于{cn_date(row.statement_due_on)}前提交陈述申辩意见。",
    )
    return row


def _answerer(actor: Actor, case_id: int) -> tuple[User, AccountabilityCase]:
    """The unit (`accountability.respond`, its own department) or a person
    named as subject; anyone else does not see the case."""
    user = signed_in(actor)
    row = (
        AccountabilityCase.objects.select_for_update(of=("self",))
        .select_related("measure", "department")
        .filter(pk=case_id)
        .first()
    )
    if row is None or row.statement_requested_on is None:
        raise case_not_found()
    unit = has_perm(user, "accountability.respond") and covers_department(user, row.department_id)
    person = row.subjects.filter(user=user).exists()
    if not (unit or person):
        raise case_not_found()
    return user, row


@transaction.atomic(durable=True)
def submit_statement(*, actor: Actor, case_id: int, text: str) -> AccountabilityCase:
    user, row = _answerer(actor, case_id)
    _step(row, Status.STATEMENT)
    if row.statement_on is not None:
        raise Conflict("已提交陈述申辩意见", code="accountability_statement_exists")
    row.statement = _text(text, "accountability_statement_required", "请填写陈述申辩意见")
    row.statement_on = timesource.today()
    _save(row, "statement", "statement_on")
    _event(user, row, "statement_submitted", on=row.statement_on)
    return row


# --- proposal, decision, referral ----------------------------------------------------


def _measure(code: str) -> MeasureKind:
    measure = MeasureKind.objects.filter(code=code, active=True).first()
    if measure is None:
        raise InvalidInput(
            "问责方式不正确",
            code="accountability_measure_invalid",
            detail={
                "allowed": list(
                    MeasureKind.objects.filter(active=True).values_list("code", flat=True)
                )
            },
        )
    return measure


@transaction.atomic(durable=True)
def propose_measure(
    *,
    actor: Actor,
    case_id: int,
    measure_code: str,
    proposal: str,
    rectify_days: int | None = None,
) -> AccountabilityCase:
    """拟定问责方式: after the statement, or once its deadline has passed."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.STATEMENT)
    today = timesource.today()
    assert row.statement_due_on is not None
    if row.statement_on is None and today <= row.statement_due_on:
        raise Conflict(
            "陈述申辩期限未满，且尚未收到陈述申辩意见",
            code="accountability_statement_pending",
            detail={"statement_due_on": row.statement_due_on.isoformat()},
        )
    measure = _measure(measure_code)
    days = 0
    if measure.has_deadline:
        days = get_param("accountability.rectify_days") if rectify_days is None else rectify_days
        if type(days) is not int or not 1 <= days <= 120:
            raise InvalidInput(
                "整改期限应为 1–120 个工作日", code="accountability_rectify_days_invalid"
            )
    row.measure = measure
    row.proposal = _text(proposal, "accountability_proposal_required", "请填写拟处理意见")
    row.proposed_on = today
    row.rectify_days = days
    row.status = Status.PROPOSED
    _save(row, "measure", "proposal", "proposed_on", "rectify_days", "status")
    _event(user, row, "proposed", measure=measure.code, rectify_days=days)
    return row


def _next_number(year: int) -> tuple[int, str]:
    """The year's next 张监问〔YYYY〕N号, from the year's counter row, locked
    until the decision commits (created in a savepoint; a concurrent creator
    loses the insert and waits on the lock instead)."""
    try:
        with transaction.atomic():
            last = AccountabilityCase.objects.filter(decision_year=year).aggregate(
                m=Max("decision_seq")
            )["m"]
            DecisionCounter.objects.get_or_create(year=year, defaults={"last": last or 0})
    except IntegrityError:
        pass  # another decision created it first
    counter = DecisionCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, f"{DECISION_SERIES}〔{year}〕{counter.last}号"


def _decide(row: AccountabilityCase, user: User, body: str, text: str) -> None:
    """The decision in force: numbered in the year's series, the deduction
    fixed as configured that day, a 通报 published when the measure is one."""
    assert row.measure is not None
    today = timesource.today()
    row.decision_seq, row.decision_number = _next_number(today.year)
    row.decision_year = today.year
    row.decided_on = today
    row.decided_by = user
    row.decision_body = body[:100]
    row.decision_text = text
    row.deduction = row.measure.score_deduction
    row.bulletin_published = row.measure.publishes_bulletin
    row.status = Status.DECIDED
    _save(
        row,
        "decision_seq",
        "decision_number",
        "decision_year",
        "decided_on",
        "decided_by",
        "decision_body",
        "decision_text",
        "deduction",
        "bulletin_published",
        "status",
    )


def _body_of(user: User) -> str:
    unit = unit_of(user)
    return unit.name if unit is not None else ""


@transaction.atomic(durable=True)
def decide_measure(*, actor: Actor, case_id: int, decision_text: str = "") -> AccountabilityCase:
    """批准 a bureau measure (诫勉谈话、通报批评、限期改正)."""
    user, row = _locked(actor, case_id, "accountability.decide")
    _step(row, Status.PROPOSED)
    assert row.measure is not None
    if row.measure.authority != Authority.BUREAU:
        raise Conflict(
            "该问责方式须移送组织、纪检机关处理", code="accountability_measure_needs_referral"
        )
    text = (decision_text or "").strip()[:4000] or row.proposal
    _decide(row, user, _body_of(user), text)
    _event(user, row, "decided", measure=row.measure.code, number=row.decision_number)
    return row


@transaction.atomic(durable=True)
def refer_case(*, actor: Actor, case_id: int, referred_to: str) -> AccountabilityCase:
    """移送: 引咎辞职、组织纪律处理 go to the organisation/discipline bodies."""
    user, row = _locked(actor, case_id, "accountability.manage")
    _step(row, Status.PROPOSED)
    assert row.measure is not None
    if row.measure.authority != Authority.REFERRAL:
        raise Conflict(
            "该问责方式由监察局批准，不需移送", code="accountability_measure_needs_bureau"
        )
    row.referred_to = _text(
        referred_to, "accountability_referral_body_required", "请填写移送的组织、纪检机关", 100
    )
    row.referred_on = timesource.today()
    row.status = Status.REFERRED
    _save(row, "referred_to", "referred_on", "status")
    _event(user, row, "referred", to=row.referred_to, measure=row.measure.code)
    return row


@transaction.atomic(durable=True)
def register_referral_result(
    *, actor: Actor, case_id: int, adopted: bool, decision_body: str, decision_text: str
) -> AccountabilityCase:
    """The organisation registers what the body it was referred to decided."""
    user, row = _locked(actor, case_id, "accountability.refer")
    _step(row, Status.REFERRED)
    body = _text(
        decision_body, "accountability_decision_body_required", "请填写作出处理决定的机关", 100
    )
    text = _text(decision_text, "accountability_reason_required", "请填写处理结果", 4000)
    if adopted:
        _decide(row, user, body, text)
    else:
        row.status, row.closed_on = Status.DISMISSED, timesource.today()
        row.decision_body, row.close_note = body, text[:500]
        _save(row, "status", "closed_on", "decision_body", "close_note")
    _event(user, row, "referral_registered", adopted=adopted, number=row.decision_number)
    return row


@transaction.atomic(durable=True)
def dismiss_case(*, actor: Actor, case_id: int, reason: str) -> AccountabilityCase:
    """不予问责: the facts do not warrant a measure."""
    user, row = _locked(actor, case_id, "accountability.decide")
    _step(row, Status.INVESTIGATING, Status.STATEMENT, Status.PROPOSED)
    row.close_note = _text(reason, "accountability_reason_required", "请填写理由", 500)
    row.status, row.closed_on = Status.DISMISSED, timesource.today()
    _save(row, "close_note", "status", "closed_on")
    _event(user, row, "dismissed")
    return row
