"""Findings and their evidence: what a rule's query found on a case, and
how the case events and audit events that show it are chosen and loaded
(a few batched queries for the new findings only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases.models import CaseEvent
from xiaoneng.core.text import cn_date as chinese_date
from xiaoneng.supervision.models import Anomaly, AnomalyKind

CHUNK = 900

EventRow = Mapping[str, Any]  # seq, kind, on, at
AuditRow = Mapping[str, Any]  # seq, event_type, payload
Picker = Callable[[Sequence[EventRow], Sequence[AuditRow]], tuple[list[int], list[int]]]


def cn_date(d: date | None) -> str:
    return chinese_date(d) if d else "—"


def link_seq(audit: AuditRow) -> int | None:
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

    def choose(
        case_events: Sequence[EventRow], audits: Sequence[AuditRow]
    ) -> tuple[list[int], list[int]]:
        seqs = (
            sorted(set(events(case_events)))
            if events is not None
            else [e["seq"] for e in case_events if e["kind"] in kinds]
        )
        chosen = set(seqs)
        audit_seqs = [
            a["seq"]
            for a in audits
            if (a["event_type"].startswith("case.") and link_seq(a) in chosen)
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

    @classmethod
    def of_case(
        cls,
        row: Mapping[str, Any],
        kind: AnomalyKind,
        step: str,
        occurred_on: date | None,
        summary: str,
        evidence: Picker,
        facts: list[tuple[str, str]] | None = None,
    ) -> Finding:
        """A finding on a case read as `CASE_VALUES` (its pk, number, department)."""
        case = (row["pk"], row["tracking_no"], row["department_id"])
        return cls(*case, kind, step, occurred_on, summary, evidence, facts or [])


def these(seqs: list[int]) -> Callable[[Sequence[EventRow]], list[int]]:
    def choose(_events: Sequence[EventRow]) -> list[int]:
        return seqs

    return choose


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def events_by_case(case_ids: Iterable[int]) -> dict[int, list[EventRow]]:
    out: dict[int, list[EventRow]] = defaultdict(list)
    for ids in _chunks(sorted(set(case_ids))):
        for row in (
            CaseEvent.objects.filter(case_id__in=ids)
            .order_by("case_id", "seq")
            .values("case_id", "seq", "kind", "on", "at")
        ):
            out[row["case_id"]].append(row)
    return out


def audits_by_case(tracking_nos: Iterable[str]) -> dict[str, list[AuditRow]]:
    out: dict[str, list[AuditRow]] = defaultdict(list)
    for nos in _chunks(sorted(set(tracking_nos))):
        for row in (
            AuditEvent.objects.filter(object_type="case", object_id__in=nos)
            .order_by("seq")
            .values("seq", "object_id", "event_type", "payload")
        ):
            out[row["object_id"]].append(row)
    return out


def not_recorded(kind: AnomalyKind, step: str, case_ref: str = "pk") -> Exists:
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
