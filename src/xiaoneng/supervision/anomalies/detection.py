"""The sweep (a periodic task): every rule's findings, their evidence, rows
in with `bulk_create(ignore_conflicts=True)` on the unique (case, kind,
step) — so a second or concurrent run records nothing twice — and one audit
event and one message to the heads per department and run."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case
from xiaoneng.core import timesource
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.supervision.levels import AlertContext
from xiaoneng.supervision.models import Anomaly, AnomalyKind

from .evidence import Finding, audits_by_case, events_by_case
from .findings import (
    late_acceptances,
    late_deliveries,
    late_notices,
    late_opinions,
    missed_notices,
    overdue_cases,
    refusals_on_record_without_reason,
)
from .outside_system import outside_system

LISTED = 20


@dataclass(frozen=True)
class DetectionRun:
    run: str
    created: int
    by_kind: dict[str, int]


@transaction.atomic(durable=True)
def detect_anomalies() -> DetectionRun:
    """Record every anomaly not yet recorded, with its evidence (domain
    rules §3). Idempotent: the unique (case, kind, step) and conflicts ignored.
    One audit event and one message to the heads per department and run."""
    today = timesource.today()
    calendar = current_calendar()
    context = AlertContext.build(Case.objects.filter(is_open=True), today=today, calendar=calendar)
    findings = [
        *overdue_cases(today, calendar, context),
        *late_notices(),
        *late_acceptances(today),
        *late_deliveries(today),
        *late_opinions(today),
        *missed_notices(),
        *refusals_on_record_without_reason(),
        *outside_system(today, calendar),
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
    events = events_by_case(f.case_id for f in findings)
    audits = audits_by_case(f.tracking_no for f in findings)
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
