"""The rules of domain rules §3, one query each over the stored cases,
their events and co-department opinions, excluding what is already recorded
(the not-in-the-system rule is in `outside_system`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat

from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, CaseStatus
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.supervision.levels import AlertContext
from xiaoneng.supervision.models import Anomaly, AnomalyKind

from .evidence import (
    CASE_VALUES,
    DECISION_EVENTS,
    AuditRow,
    EventRow,
    Finding,
    cn_date,
    not_recorded,
    pick,
)


def overdue_cases(today: date, calendar: WorkCalendar, context: AlertContext) -> list[Finding]:
    running = Q(is_open=True, status__in=(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED))
    rows = (
        Case.objects.filter((running & context.overdue_q()) | Q(on_time=False))
        .exclude(not_recorded(AnomalyKind.OVERDUE_CASE, "decision"))
        .values(*CASE_VALUES)
    )
    findings = []
    for r in rows:
        due = r["decision_due_on"] or r["due_on"]
        if r["decided_on"]:
            late = calendar.workdays_between(due, r["decided_on"]) if due else 0
            summary = (
                f"办结期限{cn_date(due)}，{cn_date(r['decided_on'])}才作出决定，"
                f"超期 {late} 个工作日"
            )
            last = ("决定日期", cn_date(r["decided_on"]))
        else:
            summary = f"办结期限{cn_date(due)}已过，至今（{cn_date(today)}）未作出决定"
            last = ("检测日期", cn_date(today))
        findings.append(
            Finding.of_case(
                r,
                AnomalyKind.OVERDUE_CASE,
                "decision",
                due,
                summary,
                pick(*DECISION_EVENTS, audit_types=("case.deemed_accepted",)),
                [("受理日期", cn_date(r["accepted_on"])), ("办结期限", cn_date(due)), last],
            )
        )
    return findings


def late_notices() -> list[Finding]:
    rows = (
        Case.objects.filter(notice_late=True)
        .exclude(not_recorded(AnomalyKind.LATE_STEP, "notice"))
        .values(*CASE_VALUES, "notice_on")
    )
    return [
        Finding.of_case(
            r,
            AnomalyKind.LATE_STEP,
            "notice",
            r["notice_due_on"],
            f"一次性告知期限{cn_date(r['notice_due_on'])}，{cn_date(r['notice_on'])}才发出补正告知",
            pick("received", "supplement_notice"),
            [
                ("收件日期", cn_date(r["received_on"])),
                ("告知期限", cn_date(r["notice_due_on"])),
                ("告知日期", cn_date(r["notice_on"])),
            ],
        )
        for r in rows
    ]


def late_acceptances(today: date) -> list[Finding]:
    evidence = pick("supplement_notice", "supplemented", "accepted")
    pending = (
        Case.objects.filter(status=CaseStatus.SUPPLEMENTED, is_open=True, due_on__lt=today)
        .exclude(not_recorded(AnomalyKind.LATE_STEP, "acceptance"))
        .values(*CASE_VALUES)
    )
    findings = [
        Finding.of_case(
            r,
            AnomalyKind.LATE_STEP,
            "acceptance",
            r["due_on"],
            f"补正后受理期限{cn_date(r['due_on'])}已过，至今（{cn_date(today)}）未作出受理决定",
            evidence,
            [("受理期限", cn_date(r["due_on"])), ("检测日期", cn_date(today))],
        )
        for r in pending
    ]
    # Accepted late: the clock's own flag and deadline, stored on the row.
    done = (
        Case.objects.filter(acceptance_late=True)
        .exclude(not_recorded(AnomalyKind.LATE_STEP, "acceptance"))
        .values(*CASE_VALUES, "supplemented_on", "acceptance_due_on")
    )
    for r in done:
        due, supp_on, acc_on = r["acceptance_due_on"], r["supplemented_on"], r["accepted_on"]
        findings.append(
            Finding.of_case(
                r,
                AnomalyKind.LATE_STEP,
                "acceptance",
                due,
                f"{cn_date(supp_on)}补正，受理期限{cn_date(due)}，{cn_date(acc_on)}才受理",
                evidence,
                [
                    ("补正日期", cn_date(supp_on)),
                    ("受理期限", cn_date(due)),
                    ("受理日期", cn_date(acc_on)),
                ],
            )
        )
    return findings


def late_deliveries(today: date) -> list[Finding]:
    evidence = pick("decided", "delivered")
    pending = (
        Case.objects.filter(status=CaseStatus.DECIDED, is_open=True, due_on__lt=today)
        .exclude(not_recorded(AnomalyKind.LATE_STEP, "delivery"))
        .values(*CASE_VALUES)
    )
    findings = [
        Finding.of_case(
            r,
            AnomalyKind.LATE_STEP,
            "delivery",
            r["due_on"],
            f"{cn_date(r['decided_on'])}作出决定，送达期限{cn_date(r['due_on'])}已过，至今未送达",
            evidence,
            [
                ("决定日期", cn_date(r["decided_on"])),
                ("送达期限", cn_date(r["due_on"])),
                ("检测日期", cn_date(today)),
            ],
        )
        for r in pending
    ]
    delivered = (
        Case.objects.filter(delivery_on_time=False)
        .exclude(not_recorded(AnomalyKind.LATE_STEP, "delivery"))
        .values(*CASE_VALUES, "delivery_due_on")
    )
    for r in delivered:
        due = r["delivery_due_on"]
        findings.append(
            Finding.of_case(
                r,
                AnomalyKind.LATE_STEP,
                "delivery",
                due,
                f"{cn_date(r['decided_on'])}作出决定，送达期限{cn_date(due)}，"
                f"{cn_date(r['delivered_on'])}才送达",
                evidence,
                [
                    ("决定日期", cn_date(r["decided_on"])),
                    ("送达期限", cn_date(due)),
                    ("送达日期", cn_date(r["delivered_on"])),
                ],
            )
        )
    return findings


def late_opinions(today: date) -> list[Finding]:
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
            summary = f"{name}会签意见期限{cn_date(r['due_on'])}，{cn_date(r['given_on'])}才出具"
            last = ("出具日期", cn_date(r["given_on"]))
        else:
            summary = (
                f"{name}会签意见期限{cn_date(r['due_on'])}已过，至今（{cn_date(today)}）未出具"
            )
            last = ("检测日期", cn_date(today))
        findings.append(
            Finding(
                r["case_id"],
                r["case__tracking_no"],
                r["department_id"],
                AnomalyKind.LATE_STEP,
                str(r["c_step"]),
                r["due_on"],
                summary,
                pick("accepted", audit_types=("case.opinion_given",), where=of_department(name)),
                [("会签部门", name), ("意见期限", cn_date(r["due_on"])), last],
            )
        )
    return findings


def of_department(name: str) -> Callable[[AuditRow], bool]:
    def match(audit: AuditRow) -> bool:
        payload = audit["payload"]
        return isinstance(payload, dict) and payload.get("department") == name

    return match


def missed_notices() -> list[Finding]:
    rows = (
        Case.objects.filter(deemed_accepted=True)
        .exclude(not_recorded(AnomalyKind.MISSED_NOTICE, "notice"))
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
            Finding.of_case(
                r,
                AnomalyKind.MISSED_NOTICE,
                "notice",
                notice_due,
                f"{cn_date(r['received_on'])}收件，至{cn_date(notice_due)}既未一次性告知也未作出受理决定，"
                "依法视为自收件之日起受理",
                pick(audit_types=("case.deemed_accepted",), events=first_after),
                [("收件日期", cn_date(r["received_on"])), ("告知期限", cn_date(notice_due))],
            )
        )
    return findings


def refusals_on_record_without_reason() -> list[Finding]:
    """A refusal event with no reason can only have been written outside the
    action (which refuses it): still the anomaly of the rule."""
    bare = CaseEvent.objects.filter(case_id=OuterRef("pk"), kind="refused", note="")
    rows = (
        Case.objects.filter(Exists(bare))
        .exclude(not_recorded(AnomalyKind.REFUSAL_WITHOUT_REASON, "refusal"))
        .values(*CASE_VALUES)
    )
    return [
        Finding.of_case(
            r,
            AnomalyKind.REFUSAL_WITHOUT_REASON,
            "refusal",
            None,
            "办件记录的不予受理环节没有说明理由",
            pick("received", "refused"),
        )
        for r in rows
    ]
