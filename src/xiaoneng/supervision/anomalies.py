"""Anomalies (异常) of domain rules §3, recorded automatically with the
evidence that shows them.

Two ways in:

- **Detection** (`detect_anomalies`, a periodic task): one query per rule over
  the stored cases, their events and co-department opinions, excluding what
  is already recorded; the evidence (case event seqs, audit seqs, the facts
  compared) is resolved for the new findings only, in a few batched queries;
  rows go in with `bulk_create(ignore_conflicts=True)` on the unique
  (case, kind, step), so a second or concurrent run records nothing twice.
- **Refused attempts** (`record_refused_attempt`): a second supplement notice
  or a refusal without reasons is refused by the case action and rolls back
  with its transaction, so nothing of it would remain. `cases.steps.
  records_refused_attempts` sends `attempt_refused` after the rollback; the
  receiver (connected in `apps.py`) writes the attempt to the audit chain and
  the anomaly in a transaction of its own.

`RULES` states each rule as it is checked; `docs/decisions.md` ("Supervision")
says why.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat, TruncDate
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.core.workdays import WorkCalendar

from .levels import AlertContext
from .models import Anomaly, AnomalyKind, Notification
from .notify import department_heads, notify, notify_many

BACKDATE_WORKDAYS = 3  # an event entered more than this after its date was not handled here
CHUNK = 900
LISTED = 20


@dataclass(frozen=True)
class Rule:
    kind: AnomalyKind
    definition: str
    applicable: bool = True
    note: str = ""


RULES: tuple[Rule, ...] = (
    Rule(
        AnomalyKind.OVERDUE_CASE,
        "办结期限（受理日起承诺时限 + 批准延期 + 特别程序）已过仍未作出决定，"
        "或作出决定之日晚于办结期限。",
    ),
    Rule(
        AnomalyKind.LATE_STEP,
        "环节超时：会签部门出具意见晚于意见期限或逾期未出具；一次性告知晚于收件后 5 个工作日；"
        "补正后 5 个工作日内未受理；决定后 10 个工作日内未送达。办件整体仍在期限内也记录。",
    ),
    Rule(
        AnomalyKind.MISSED_NOTICE,
        "收件后 5 个工作日内既未一次性告知也未作出受理决定，依法视为受理（办件“视为受理”）。",
    ),
    Rule(
        AnomalyKind.SECOND_NOTICE,
        "已发出一次性告知后再次尝试发出补正告知（系统拒绝，尝试本身记入审计链）。",
    ),
    Rule(
        AnomalyKind.REFUSAL_WITHOUT_REASON,
        "尝试不予受理而未说明理由（系统拒绝并记录）；或办件记录中不予受理环节没有理由。",
    ),
    Rule(
        AnomalyKind.FEE_OUTSIDE_CATALOG,
        "收费项目不在收费目录中，或收费高于目录标准的下限而未经批准。",
        applicable=False,
        note="暂不适用：收费目录尚未建立，办件也未记录实际收费（项目、金额、批准），"
        "无从比对。收费目录建立后在 catalog/fees.py 登记校验器，并在办件上记录收费，"
        "本规则随之启用；在此之前不产生任何记录。",
    ),
    Rule(
        AnomalyKind.OUTSIDE_SYSTEM,
        "未在系统内办理：已作出决定或送达而没有受理环节（也非视为受理）；环节日期前后颠倒"
        "或首个环节不是收件；环节没有对应的审计链记录；环节在其日期 3 个工作日以后才录入。",
    ),
)
RULE_OF: dict[str, Rule] = {rule.kind.value: rule for rule in RULES}

# Step keys of OUTSIDE_SYSTEM, and their labels (the others are supervision Steps).
STEP_LABELS: dict[str, str] = {
    "notice": "受理（一次性告知）",
    "acceptance": "补正后受理",
    "decision": "办结",
    "delivery": "送达",
    "refusal": "不予受理",
    "no_acceptance": "无受理环节",
    "out_of_order": "环节顺序",
    "unaudited": "无审计记录",
    "backdated": "事后补录",
}


def step_label(step: str) -> str:
    if step.startswith("opinion:"):
        return "会签意见"
    return STEP_LABELS.get(step, step or "—")


# --- findings and their evidence ---------------------------------------------------

EventRow = Mapping[str, Any]  # seq, kind, on, at
AuditRow = Mapping[str, Any]  # seq, event_type, payload
Picker = Callable[[Sequence[EventRow], Sequence[AuditRow]], tuple[list[int], list[int]]]


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _link_seq(audit: AuditRow) -> int | None:
    value = audit["payload"].get("seq") if isinstance(audit["payload"], dict) else None
    return value if isinstance(value, int) else None


def pick(
    *kinds: str,
    audit_types: Iterable[str] = (),
    where: Callable[[AuditRow], bool] | None = None,
    events: Callable[[Sequence[EventRow]], Iterable[int]] | None = None,
) -> Picker:
    """The evidence of a finding: the case events of `kinds` (or those
    `events` chooses), each with its audit link (the audit event `advance`
    wrote for it), and the case's audit events of `audit_types` (narrowed by
    `where`)."""
    wanted_types = frozenset(audit_types)

    def choose(case_events: Sequence[EventRow], audits: Sequence[AuditRow]) -> tuple[list, list]:
        seqs = (
            sorted(set(events(case_events)))
            if events is not None
            else [e["seq"] for e in case_events if e["kind"] in kinds]
        )
        chosen = set(seqs)
        audit_seqs = [
            a["seq"]
            for a in audits
            if (a["event_type"].startswith("case.") and _link_seq(a) in chosen)
            or (a["event_type"] in wanted_types and (where is None or where(a)))
        ]
        return seqs, sorted(set(audit_seqs))

    return choose


@dataclass
class Finding:
    case_id: int
    tracking_no: str
    department_id: int
    kind: AnomalyKind
    step: str
    occurred_on: date | None
    summary: str
    evidence: Picker
    facts: list[tuple[str, str]] = field(default_factory=list)


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _events_by_case(case_ids: Iterable[int]) -> dict[int, list[EventRow]]:
    out: dict[int, list[EventRow]] = defaultdict(list)
    for ids in _chunks(sorted(set(case_ids))):
        for row in (
            CaseEvent.objects.filter(case_id__in=ids)
            .order_by("case_id", "seq")
            .values("case_id", "seq", "kind", "on", "at")
        ):
            out[row["case_id"]].append(row)
    return out


def _audits_by_case(tracking_nos: Iterable[str]) -> dict[str, list[AuditRow]]:
    out: dict[str, list[AuditRow]] = defaultdict(list)
    for nos in _chunks(sorted(set(tracking_nos))):
        for row in (
            AuditEvent.objects.filter(object_type="case", object_id__in=nos)
            .order_by("seq")
            .values("seq", "object_id", "event_type", "payload")
        ):
            out[row["object_id"]].append(row)
    return out


def _not_recorded(kind: AnomalyKind, step: str, case_ref: str = "pk") -> Exists:
    return Exists(Anomaly.objects.filter(case_id=OuterRef(case_ref), kind=kind, step=step))


CASE_VALUES = (
    "pk",
    "tracking_no",
    "department_id",
    "status",
    "received_on",
    "notice_due_on",
    "accepted_on",
    "decision_due_on",
    "due_on",
    "decided_on",
    "delivered_on",
)

DECISION_EVENTS = ("received", "accepted", "suspended", "resumed", "extended", "decided")


# --- the rules, one query each -------------------------------------------------------


def _overdue_cases(today: date, calendar: WorkCalendar, context: AlertContext) -> list[Finding]:
    running = Q(is_open=True, status__in=(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED))
    rows = (
        Case.objects.filter((running & context.overdue_q()) | Q(on_time=False))
        .exclude(_not_recorded(AnomalyKind.OVERDUE_CASE, "decision"))
        .values(*CASE_VALUES)
    )
    findings = []
    for r in rows:
        due = r["decision_due_on"] or r["due_on"]
        if r["decided_on"]:
            late = calendar.workdays_between(due, r["decided_on"]) if due else 0
            summary = f"办结期限{_cn(due)}，{_cn(r['decided_on'])}才作出决定，超期 {late} 个工作日"
            last = ("决定日期", _cn(r["decided_on"]))
        else:
            summary = f"办结期限{_cn(due)}已过，至今（{_cn(today)}）未作出决定"
            last = ("检测日期", _cn(today))
        findings.append(
            Finding(
                r["pk"],
                r["tracking_no"],
                r["department_id"],
                AnomalyKind.OVERDUE_CASE,
                "decision",
                due,
                summary,
                pick(*DECISION_EVENTS, audit_types=("case.deemed_accepted",)),
                [("受理日期", _cn(r["accepted_on"])), ("办结期限", _cn(due)), last],
            )
        )
    return findings


def _late_notices() -> list[Finding]:
    rows = (
        Case.objects.filter(notice_late=True)
        .exclude(_not_recorded(AnomalyKind.LATE_STEP, "notice"))
        .values(*CASE_VALUES, "notice_on")
    )
    return [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            AnomalyKind.LATE_STEP,
            "notice",
            r["notice_due_on"],
            f"一次性告知期限{_cn(r['notice_due_on'])}，{_cn(r['notice_on'])}才发出补正告知",
            pick("received", "supplement_notice"),
            [
                ("收件日期", _cn(r["received_on"])),
                ("告知期限", _cn(r["notice_due_on"])),
                ("告知日期", _cn(r["notice_on"])),
            ],
        )
        for r in rows
    ]


def _late_acceptances(today: date) -> list[Finding]:
    evidence = pick("supplement_notice", "supplemented", "accepted")
    pending = (
        Case.objects.filter(status=CaseStatus.SUPPLEMENTED, is_open=True, due_on__lt=today)
        .exclude(_not_recorded(AnomalyKind.LATE_STEP, "acceptance"))
        .values(*CASE_VALUES)
    )
    findings = [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            AnomalyKind.LATE_STEP,
            "acceptance",
            r["due_on"],
            f"补正后受理期限{_cn(r['due_on'])}已过，至今（{_cn(today)}）未作出受理决定",
            evidence,
            [("受理期限", _cn(r["due_on"])), ("检测日期", _cn(today))],
        )
        for r in pending
    ]
    # Accepted late: the clock's own flag and deadline, stored on the row.
    done = (
        Case.objects.filter(acceptance_late=True)
        .exclude(_not_recorded(AnomalyKind.LATE_STEP, "acceptance"))
        .values(*CASE_VALUES, "supplemented_on", "acceptance_due_on")
    )
    for r in done:
        due, supp_on, acc_on = r["acceptance_due_on"], r["supplemented_on"], r["accepted_on"]
        findings.append(
            Finding(
                r["pk"],
                r["tracking_no"],
                r["department_id"],
                AnomalyKind.LATE_STEP,
                "acceptance",
                due,
                f"{_cn(supp_on)}补正，受理期限{_cn(due)}，{_cn(acc_on)}才受理",
                evidence,
                [("补正日期", _cn(supp_on)), ("受理期限", _cn(due)), ("受理日期", _cn(acc_on))],
            )
        )
    return findings


def _late_deliveries(today: date) -> list[Finding]:
    evidence = pick("decided", "delivered")
    pending = (
        Case.objects.filter(status=CaseStatus.DECIDED, is_open=True, due_on__lt=today)
        .exclude(_not_recorded(AnomalyKind.LATE_STEP, "delivery"))
        .values(*CASE_VALUES)
    )
    findings = [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            AnomalyKind.LATE_STEP,
            "delivery",
            r["due_on"],
            f"{_cn(r['decided_on'])}作出决定，送达期限{_cn(r['due_on'])}已过，至今未送达",
            evidence,
            [
                ("决定日期", _cn(r["decided_on"])),
                ("送达期限", _cn(r["due_on"])),
                ("检测日期", _cn(today)),
            ],
        )
        for r in pending
    ]
    delivered = (
        Case.objects.filter(delivery_on_time=False)
        .exclude(_not_recorded(AnomalyKind.LATE_STEP, "delivery"))
        .values(*CASE_VALUES, "delivery_due_on")
    )
    for r in delivered:
        due = r["delivery_due_on"]
        findings.append(
            Finding(
                r["pk"],
                r["tracking_no"],
                r["department_id"],
                AnomalyKind.LATE_STEP,
                "delivery",
                due,
                f"{_cn(r['decided_on'])}作出决定，送达期限{_cn(due)}，"
                f"{_cn(r['delivered_on'])}才送达",
                evidence,
                [
                    ("决定日期", _cn(r["decided_on"])),
                    ("送达期限", _cn(due)),
                    ("送达日期", _cn(r["delivered_on"])),
                ],
            )
        )
    return findings


def _late_opinions(today: date) -> list[Finding]:
    rows = (
        CaseOpinion.objects.filter(
            Q(given_on__gt=F("due_on"))
            | Q(given_on__isnull=True, due_on__lt=today, case__is_open=True)
        )
        .annotate(c_step=Concat(Value("opinion:"), Cast("department_id", CharField())))
        .exclude(
            Exists(
                Anomaly.objects.filter(
                    case_id=OuterRef("case_id"),
                    kind=AnomalyKind.LATE_STEP,
                    step=OuterRef("c_step"),
                )
            )
        )
        .values(
            "case_id",
            "case__tracking_no",
            "department_id",
            "department__name",
            "due_on",
            "given_on",
            "c_step",
        )
    )
    findings = []
    for r in rows:
        name = r["department__name"]
        if r["given_on"]:
            summary = f"{name}会签意见期限{_cn(r['due_on'])}，{_cn(r['given_on'])}才出具"
            last = ("出具日期", _cn(r["given_on"]))
        else:
            summary = f"{name}会签意见期限{_cn(r['due_on'])}已过，至今（{_cn(today)}）未出具"
            last = ("检测日期", _cn(today))
        findings.append(
            Finding(
                r["case_id"],
                r["case__tracking_no"],
                r["department_id"],
                AnomalyKind.LATE_STEP,
                str(r["c_step"]),
                r["due_on"],
                summary,
                pick("accepted", audit_types=("case.opinion_given",), where=_of_department(name)),
                [("会签部门", name), ("意见期限", _cn(r["due_on"])), last],
            )
        )
    return findings


def _of_department(name: str) -> Callable[[AuditRow], bool]:
    def match(audit: AuditRow) -> bool:
        payload = audit["payload"]
        return isinstance(payload, dict) and payload.get("department") == name

    return match


def _these(seqs: list[int]) -> Callable[[Sequence[EventRow]], list[int]]:
    def choose(_events: Sequence[EventRow]) -> list[int]:
        return seqs

    return choose


def _missed_notices() -> list[Finding]:
    rows = (
        Case.objects.filter(deemed_accepted=True)
        .exclude(_not_recorded(AnomalyKind.MISSED_NOTICE, "notice"))
        .values(*CASE_VALUES)
    )
    findings = []
    for r in rows:
        notice_due = r["notice_due_on"]

        def first_after(events: Sequence[EventRow], due: date = notice_due) -> list[int]:
            received = [e["seq"] for e in events if e["kind"] == "received"]
            after = [e["seq"] for e in events if e["on"] > due][:1]
            return received + after

        findings.append(
            Finding(
                r["pk"],
                r["tracking_no"],
                r["department_id"],
                AnomalyKind.MISSED_NOTICE,
                "notice",
                notice_due,
                f"{_cn(r['received_on'])}收件，至{_cn(notice_due)}既未一次性告知也未作出受理决定，"
                "依法视为自收件之日起受理",
                pick(audit_types=("case.deemed_accepted",), events=first_after),
                [("收件日期", _cn(r["received_on"])), ("告知期限", _cn(notice_due))],
            )
        )
    return findings


def _refusals_on_record_without_reason() -> list[Finding]:
    """A refusal event with no reason can only have been written outside the
    action (which refuses it): still the anomaly of the rule."""
    bare = CaseEvent.objects.filter(case_id=OuterRef("pk"), kind="refused", note="")
    rows = (
        Case.objects.filter(Exists(bare))
        .exclude(_not_recorded(AnomalyKind.REFUSAL_WITHOUT_REASON, "refusal"))
        .values(*CASE_VALUES)
    )
    return [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            AnomalyKind.REFUSAL_WITHOUT_REASON,
            "refusal",
            None,
            "办件记录的不予受理环节没有说明理由",
            pick("received", "refused"),
        )
        for r in rows
    ]


def _outside_system(today: date, calendar: WorkCalendar) -> list[Finding]:
    findings: list[Finding] = []
    kind = AnomalyKind.OUTSIDE_SYSTEM

    def events_of(*kinds: str) -> Exists:
        return Exists(CaseEvent.objects.filter(case_id=OuterRef("pk"), kind__in=kinds))

    # 1. Decided or delivered with no acceptance (and not deemed accepted).
    rows = (
        Case.objects.filter(Q(decided_on__isnull=False) | events_of("decided", "delivered"))
        .filter(deemed_accepted=False)
        .exclude(events_of("accepted"))
        .exclude(_not_recorded(kind, "no_acceptance"))
        .values(*CASE_VALUES)
    )
    findings += [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            kind,
            "no_acceptance",
            r["decided_on"],
            "办件已作出决定或送达，但系统中没有受理环节（也不是视为受理）",
            pick("received", "decided", "delivered"),
        )
        for r in rows
    ]

    # 2. Out of order: a later step dated before an earlier one, or a first step
    #    that is not the receipt.
    earlier_later = CaseEvent.objects.filter(
        case_id=OuterRef("case_id"), seq__lt=OuterRef("seq"), on__gt=OuterRef("on")
    )
    backwards = CaseEvent.objects.filter(case_id=OuterRef("pk")).filter(Exists(earlier_later))
    bad_first = CaseEvent.objects.filter(case_id=OuterRef("pk"), seq=1).exclude(kind="received")
    rows = (
        Case.objects.filter(Exists(backwards) | Exists(bad_first))
        .exclude(_not_recorded(kind, "out_of_order"))
        .values(*CASE_VALUES)
    )

    def disorder(events: Sequence[EventRow]) -> list[int]:
        seqs = [e["seq"] for e in events[:1] if e["kind"] != "received"]
        latest: EventRow | None = None
        for e in events:
            if latest is not None and e["on"] < latest["on"]:
                return [*seqs, latest["seq"], e["seq"]]
            if latest is None or e["on"] >= latest["on"]:
                latest = e
        return seqs

    findings += [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            kind,
            "out_of_order",
            None,
            "办件环节的日期前后颠倒，或首个环节不是收件：环节不是按实际顺序在系统中办理的",
            pick(events=disorder),
        )
        for r in rows
    ]

    # 3. A step without its audit link (every step `advance` takes writes one).
    linked = (
        AuditEvent.objects.filter(object_type="case", object_id=OuterRef("case__tracking_no"))
        .annotate(link_seq=Cast(KeyTextTransform("seq", "payload"), IntegerField()))
        .filter(link_seq=OuterRef("seq"), event_type__startswith="case.")
    )
    unlinked = CaseEvent.objects.filter(case_id=OuterRef("pk")).exclude(Exists(linked))
    rows = (
        Case.objects.filter(Exists(unlinked))
        .exclude(_not_recorded(kind, "unaudited"))
        .values(*CASE_VALUES)
    )

    def without_link(events: Sequence[EventRow], audits: Sequence[AuditRow]) -> tuple[list, list]:
        linked_seqs = {_link_seq(a) for a in audits if a["event_type"].startswith("case.")}
        return [e["seq"] for e in events if e["seq"] not in linked_seqs], []

    findings += [
        Finding(
            r["pk"],
            r["tracking_no"],
            r["department_id"],
            kind,
            "unaudited",
            None,
            "办件环节没有对应的审计链记录：不是经系统办理写入的",
            without_link,
        )
        for r in rows
    ]

    # 4. Entered long after the date it records. Only entries made by today's
    #    end can be judged (a clock moved back for a test or a replay cannot).
    end_of_today = datetime.combine(today + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    rows = (
        CaseEvent.objects.annotate(entered=TruncDate("at", tzinfo=SHANGHAI))
        .filter(
            at__lt=end_of_today,
            entered__gt=ExpressionWrapper(
                F("on") + timedelta(days=BACKDATE_WORKDAYS), output_field=DateField()
            ),
        )
        .exclude(_not_recorded(kind, "backdated", case_ref="case_id"))
        .order_by("case_id", "seq")
        .values("case_id", "case__tracking_no", "case__department_id", "seq", "on", "entered")
    )
    late: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        if calendar.workdays_between(r["on"], r["entered"]) > BACKDATE_WORKDAYS:
            late[r["case_id"]].append(r)
    for case_id, entries in late.items():
        first = entries[0]
        seqs = [e["seq"] for e in entries]
        findings.append(
            Finding(
                case_id,
                first["case__tracking_no"],
                first["case__department_id"],
                kind,
                "backdated",
                first["on"],
                f"{len(entries)} 个环节在其日期 {BACKDATE_WORKDAYS} 个工作日以后才录入系统"
                f"（如第 {first['seq']} 号环节日期{_cn(first['on'])}，"
                f"{_cn(first['entered'])}录入）",
                pick(events=_these(seqs)),
                [("环节日期", _cn(first["on"])), ("录入日期", _cn(first["entered"]))],
            )
        )
    return findings


# --- the sweep -----------------------------------------------------------------------


@dataclass(frozen=True)
class DetectionRun:
    run: str
    created: int
    by_kind: dict[str, int]


@transaction.atomic
def detect_anomalies() -> DetectionRun:
    """Record every anomaly not yet recorded, with its evidence (domain
    rules §3). Idempotent: the unique (case, kind, step) and conflicts ignored.
    One audit event and one message to the heads per department and run."""
    today = timesource.today()
    calendar = current_calendar()
    context = AlertContext.build(Case.objects.filter(is_open=True), today=today, calendar=calendar)
    findings = [
        *_overdue_cases(today, calendar, context),
        *_late_notices(),
        *_late_acceptances(today),
        *_late_deliveries(today),
        *_late_opinions(today),
        *_missed_notices(),
        *_refusals_on_record_without_reason(),
        *_outside_system(today, calendar),
    ]
    run = uuid.uuid4().hex
    rows = _with_evidence(findings, today, run)
    Anomaly.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    created = list(
        Anomaly.objects.filter(run=run).values("pk", "department_id", "kind", "case__tracking_no")
    )
    _report(created)
    by_kind: dict[str, int] = defaultdict(int)
    for row in created:
        by_kind[row["kind"]] += 1
    return DetectionRun(run, len(created), dict(by_kind))


def _with_evidence(findings: Sequence[Finding], today: date, run: str) -> list[Anomaly]:
    events = _events_by_case(f.case_id for f in findings)
    audits = _audits_by_case(f.tracking_no for f in findings)
    rows, seen = [], set()
    for f in findings:
        key = (f.case_id, f.kind.value, f.step)
        if key in seen:
            continue
        seen.add(key)
        case_seqs, audit_seqs = f.evidence(events.get(f.case_id, []), audits.get(f.tracking_no, []))
        rows.append(
            Anomaly(
                kind=f.kind,
                step=f.step,
                case_id=f.case_id,
                department_id=f.department_id,
                detected_on=today,
                occurred_on=f.occurred_on,
                summary=f.summary[:500],
                evidence={
                    "case_events": case_seqs,
                    "audit_events": audit_seqs,
                    "facts": [list(pair) for pair in f.facts],
                },
                run=run,
            )
        )
    return rows


def _report(rows: Sequence[Mapping[str, Any]]) -> None:
    by_dept: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_dept[row["department_id"]].append(row)
    if not by_dept:
        return
    heads = department_heads(by_dept)
    link = reverse("supervision:anomalies")
    messages = []
    for dept_id, found in sorted(by_dept.items()):
        counts: dict[str, int] = defaultdict(int)
        for row in found:
            counts[row["kind"]] += 1
        numbers = sorted({row["case__tracking_no"] for row in found})
        record_event(
            actor=None,
            event_type="supervision.anomalies_detected",
            object_type="department",
            object_id=dept_id,
            payload={"count": len(found), "kinds": dict(counts), "cases": numbers},
        )
        body = "、".join(f"{AnomalyKind(k).label} {n} 项" for k, n in sorted(counts.items()))
        body += "。办件：" + "、".join(numbers[:LISTED]) + ("等" if len(numbers) > LISTED else "")
        body += "。请核实并提交情况说明。"
        messages += [
            Notification(
                recipient_id=user_id,
                kind="anomaly",
                title=f"异常：本部门新发现 {len(found)} 项异常",
                body=body,
                link=f"{link}?department={dept_id}&status=open",
            )
            for user_id in heads.get(dept_id, [])
        ]
    notify_many(messages)


# --- refused attempts ------------------------------------------------------------------

# The refusal codes whose attempt is an anomaly: code → (kind, step).
REFUSED_ATTEMPTS: dict[str, tuple[AnomalyKind, str]] = {
    "supplement_notice_already_issued": (AnomalyKind.SECOND_NOTICE, "notice"),
    "refusal_reason_required": (AnomalyKind.REFUSAL_WITHOUT_REASON, "refusal"),
}


def record_refused_attempt(*, actor: Any, case_id: int, action: str, error: DomainError) -> Any:
    """Keep a refused attempt (its own transaction: the action's rolled back):
    one audit event `case.attempt_refused` on the case's trail, and the
    anomaly — created on the first attempt, the later attempts added to its
    evidence. Returns the anomaly, or None for a code that is not kept."""
    if error.code not in REFUSED_ATTEMPTS:
        return None
    kind, step = REFUSED_ATTEMPTS[error.code]
    today = timesource.today()
    with transaction.atomic():
        case = Case.objects.filter(pk=case_id).values("pk", "tracking_no", "department_id").first()
        if case is None:
            return None
        who = getattr(actor, "display_name", "") or "系统"
        audit = record_event(
            actor=actor,
            event_type="case.attempt_refused",
            object_type="case",
            object_id=case["tracking_no"],
            payload={
                "action": action,
                "code": error.code,
                "message": error.message,
                "anomaly": kind.value,
            },
        )
        existing = (
            Anomaly.objects.select_for_update(of=("self",))
            .filter(case_id=case_id, kind=kind, step=step)
            .first()
        )
        if existing is not None:
            evidence = dict(existing.evidence)
            evidence["audit_events"] = sorted({*evidence.get("audit_events", []), audit.seq})
            evidence["attempts"] = int(evidence.get("attempts", 1)) + 1
            existing.evidence = evidence
            existing.save(update_fields=["evidence", "updated_at"])
            return existing
        kinds = ("supplement_notice",) if kind == AnomalyKind.SECOND_NOTICE else ("received",)
        seqs = list(
            CaseEvent.objects.filter(case_id=case_id, kind__in=kinds)
            .order_by("seq")
            .values_list("seq", flat=True)
        )
        if kind == AnomalyKind.SECOND_NOTICE:
            summary = f"{who}于{_cn(today)}再次尝试发出补正告知（一次性告知已发出），系统已拒绝"
        else:
            summary = f"{who}于{_cn(today)}尝试不予受理而未说明理由，系统已拒绝"
        anomaly = Anomaly.objects.create(
            kind=kind,
            step=step,
            case_id=case_id,
            department_id=case["department_id"],
            detected_on=today,
            occurred_on=today,
            summary=summary,
            evidence={
                "case_events": seqs,
                "audit_events": [audit.seq],
                "facts": [["尝试操作", action], ["拒绝代码", error.code], ["操作人", who]],
                "attempts": 1,
            },
            run=f"attempt-{audit.seq}",
        )
        notify(
            recipients=department_heads([case["department_id"]]).get(case["department_id"], []),
            kind="anomaly",
            title=f"异常：{kind.label}（办件 {case['tracking_no']}）",
            body=summary,
            link=reverse("supervision:anomaly", args=[anomaly.pk]),
        )
        return anomaly


def on_attempt_refused(sender: Any, **kwargs: Any) -> None:
    error = kwargs.get("error")
    if isinstance(error, DomainError):
        record_refused_attempt(
            actor=kwargs.get("actor"),
            case_id=kwargs["case_id"],
            action=str(kwargs.get("action", "")),
            error=error,
        )
