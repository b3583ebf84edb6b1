"""A case's timeline and opinions as people read them: each step named in
Chinese, with who, when, and what it carried (missing materials, procedure,
decision, competent authority)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from xiaoneng.cases.actions import SPECIAL_PROCEDURES
from xiaoneng.cases.labels import EVENT_LABELS
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, Decision
from xiaoneng.core.timesource import SHANGHAI


@dataclass
class Entry:
    event: CaseEvent
    label: str
    css: str
    recorded_at: datetime | None  # shown when it falls on the event's own day
    details: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # the materials of a notice
    note: str = ""


def _details(event: CaseEvent) -> tuple[list[tuple[str, str]], list[str], str]:
    """Label/value pairs from the payload; the note when it says more."""
    p: dict[str, Any] = event.payload or {}
    details: list[tuple[str, str]] = []
    items: list[str] = []
    note = event.note
    if event.kind == "received" and p.get("item_name"):
        details.append(("事项", str(p["item_name"])))
    elif event.kind == "supplement_notice":
        items = [str(m) for m in p.get("missing", [])]
        note = ""
    elif event.kind == "refused":
        details.append(("理由", str(p.get("reason") or event.note)))
        if p.get("competent_authority"):
            details.append(("有权机关", str(p["competent_authority"])))
        note = ""
    elif event.kind == "suspended":
        procedure = str(p.get("procedure", ""))
        details.append(("程序", SPECIAL_PROCEDURES.get(procedure, procedure)))
        if p.get("expected_days"):
            details.append(("预计所需时间", f"{p['expected_days']} 天"))
        reason = note.split("：", 1)[1] if "：" in note else ""
        note = reason
    elif event.kind == "extended":
        details.append(("延长", f"{event.days} 个工作日"))
        if p.get("reason"):
            details.append(("理由", str(p["reason"])))
        note = ""
    elif event.kind == "decided" and p.get("decision"):
        details.append(("决定", Decision(p["decision"]).label))
    return details, items, note


def timeline(case: Case) -> list[Entry]:
    entries = []
    for event in sorted(case.events.all(), key=lambda e: e.seq):
        label, css = EVENT_LABELS.get(event.kind, (event.kind, ""))
        local = event.at.astimezone(SHANGHAI) if event.at else None
        recorded = local if local is not None and local.date() == event.on else None
        details, items, note = _details(event)
        entries.append(Entry(event, label, css, recorded, details, items, note))
    return entries


@dataclass(frozen=True)
class OpinionRow:
    opinion: CaseOpinion
    state: str  # 待出具 / 已逾期 / 同意 / 不同意
    css: str


def opinion_rows(case: Case, today: date) -> list[OpinionRow]:
    rows = []
    for o in case.opinions.all():
        if o.given_on is None:
            overdue = o.due_on < today
            rows.append(
                OpinionRow(
                    o, "逾期未出具" if overdue else "待出具", "xn-tag-danger" if overdue else ""
                )
            )
        else:
            rows.append(
                OpinionRow(
                    o,
                    "同意" if o.agrees else "不同意",
                    "xn-tag-success" if o.agrees else "xn-tag-danger",
                )
            )
    return rows
