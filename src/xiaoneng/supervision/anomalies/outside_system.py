"""Not handled in the system (未在系统内办理): four checks, one query each —
no acceptance step, steps out of order, steps without their audit link, and
steps entered long after the date they record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import DateField, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncDate

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.supervision.models import AnomalyKind

from .evidence import (
    CASE_VALUES,
    AuditRow,
    EventRow,
    Finding,
    cn_date,
    link_seq,
    not_recorded,
    pick,
    these,
)
from .rules import BACKDATE_WORKDAYS

KIND = AnomalyKind.OUTSIDE_SYSTEM


def outside_system(today: date, calendar: WorkCalendar) -> list[Finding]:
    return [
        *_no_acceptance(),
        *_out_of_order(),
        *_unaudited(),
        *_backdated(today, calendar),
    ]


def _events_of(*kinds: str) -> Exists:
    return Exists(CaseEvent.objects.filter(case_id=OuterRef("pk"), kind__in=kinds))


def _no_acceptance() -> list[Finding]:
    """Decided or delivered with no acceptance (and not deemed accepted)."""
    rows = (
        Case.objects.filter(Q(decided_on__isnull=False) | _events_of("decided", "delivered"))
        .filter(deemed_accepted=False)
        .exclude(_events_of("accepted"))
        .exclude(not_recorded(KIND, "no_acceptance"))
        .values(*CASE_VALUES)
    )
    return [
        Finding.of_case(
            r,
            KIND,
            "no_acceptance",
            r["decided_on"],
            "办件已作出决定或送达，但系统中没有受理环节（也不是视为受理）",
            pick("received", "decided", "delivered"),
        )
        for r in rows
    ]


def _disorder(events: Sequence[EventRow]) -> list[int]:
    seqs = [e["seq"] for e in events[:1] if e["kind"] != "received"]
    latest: EventRow | None = None
    for e in events:
        if latest is not None and e["on"] < latest["on"]:
            return [*seqs, latest["seq"], e["seq"]]
        if latest is None or e["on"] >= latest["on"]:
            latest = e
    return seqs


def _out_of_order() -> list[Finding]:
    """A later step dated before an earlier one, or a first step that is not
    the receipt."""
    earlier_later = CaseEvent.objects.filter(
        case_id=OuterRef("case_id"), seq__lt=OuterRef("seq"), on__gt=OuterRef("on")
    )
    backwards = CaseEvent.objects.filter(case_id=OuterRef("pk")).filter(Exists(earlier_later))
    bad_first = CaseEvent.objects.filter(case_id=OuterRef("pk"), seq=1).exclude(kind="received")
    rows = (
        Case.objects.filter(Exists(backwards) | Exists(bad_first))
        .exclude(not_recorded(KIND, "out_of_order"))
        .values(*CASE_VALUES)
    )
    return [
        Finding.of_case(
            r,
            KIND,
            "out_of_order",
            None,
            "办件环节的日期前后颠倒，或首个环节不是收件：环节不是按实际顺序在系统中办理的",
            pick(events=_disorder),
        )
        for r in rows
    ]


def _without_link(
    events: Sequence[EventRow], audits: Sequence[AuditRow]
) -> tuple[list[int], list[int]]:
    linked_seqs = {link_seq(a) for a in audits if a["event_type"].startswith("case.")}
    return [e["seq"] for e in events if e["seq"] not in linked_seqs], []


def _unaudited() -> list[Finding]:
    """A step without its audit link (every step `advance` takes writes one)."""
    linked = (
        AuditEvent.objects.filter(object_type="case", object_id=OuterRef("case__tracking_no"))
        .annotate(link_seq=Cast(KeyTextTransform("seq", "payload"), IntegerField()))
        .filter(link_seq=OuterRef("seq"), event_type__startswith="case.")
    )
    unlinked = CaseEvent.objects.filter(case_id=OuterRef("pk")).exclude(Exists(linked))
    rows = (
        Case.objects.filter(Exists(unlinked))
        .exclude(not_recorded(KIND, "unaudited"))
        .values(*CASE_VALUES)
    )
    return [
        Finding.of_case(
            r,
            KIND,
            "unaudited",
            None,
            "办件环节没有对应的审计链记录：不是经系统办理写入的",
            _without_link,
        )
        for r in rows
    ]


def _backdated(today: date, calendar: WorkCalendar) -> list[Finding]:
    """Entered long after the date it records. Only entries made by today's
    end can be judged (a clock moved back for a test or a replay cannot)."""
    end_of_today = datetime.combine(today + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    rows = (
        CaseEvent.objects.annotate(entered=TruncDate("at", tzinfo=SHANGHAI))
        .filter(
            at__lt=end_of_today,
            entered__gt=ExpressionWrapper(
                F("on") + timedelta(days=BACKDATE_WORKDAYS), output_field=DateField()
            ),
        )
        .exclude(not_recorded(KIND, "backdated", case_ref="case_id"))
        .order_by("case_id", "seq")
        .values("case_id", "case__tracking_no", "case__department_id", "seq", "on", "entered")
    )
    late: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        if calendar.workdays_between(r["on"], r["entered"]) > BACKDATE_WORKDAYS:
            late[r["case_id"]].append(r)
    findings = []
    for case_id, entries in late.items():
        first = entries[0]
        seqs = [e["seq"] for e in entries]
        findings.append(
            Finding(
                case_id,
                first["case__tracking_no"],
                first["case__department_id"],
                KIND,
                "backdated",
                first["on"],
                f"{len(entries)} 个环节在其日期 {BACKDATE_WORKDAYS} 个工作日以后才录入系统"
                f"（如第 {first['seq']} 号环节日期{cn_date(first['on'])}，"
                f"{cn_date(first['entered'])}录入）",
                pick(events=these(seqs)),
                [("环节日期", cn_date(first["on"])), ("录入日期", cn_date(first["entered"]))],
            )
        )
    return findings
