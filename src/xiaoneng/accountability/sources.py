"""Where an accountability case comes from: one small function per source
kind, each validating the reference and returning the source's unit and a
label to link it by. accountability sits above complaints, checks, ratings,
targets and supervision in the layers, so it reads their rows here — and only here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xiaoneng.checks.models import Finding
from xiaoneng.complaints.models import Complaint
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department
from xiaoneng.ratings.models import Appeal, AppealStatus
from xiaoneng.supervision.models import Anomaly, CardColour, SupervisionCard
from xiaoneng.targets.models import Task, TaskStatus

from .models import SourceKind

# Complaint outcomes that may open a case (属实 / 部分属实).
SUBSTANTIATED = ("substantiated", "partly")


@dataclass(frozen=True)
class Source:
    kind: str
    ref: str
    label: str
    department: Department | None  # None: the caller names the unit (target, direct)


def _pk(ref: Any) -> int:
    try:
        pk = int(str(ref).strip())
    except (TypeError, ValueError):
        pk = 0
    if pk <= 0:
        raise source_invalid("请填写来源编号")
    return pk


def source_invalid(message: str, **detail: Any) -> InvalidInput:
    return InvalidInput(message, code="accountability_source_invalid", detail=detail)


def from_card(ref: Any) -> Source:
    card = SupervisionCard.objects.select_related("department", "case").filter(pk=_pk(ref)).first()
    if card is None or card.colour != CardColour.RED:
        raise source_invalid("只有红牌可以启动问责", kind=SourceKind.CARD)
    label = f"红牌（办件{card.case.tracking_no}，{card.get_step_display()}）：{card.reason}"
    return Source(SourceKind.CARD, str(card.pk), label[:300], card.department)


def from_anomaly(ref: Any) -> Source:
    row = Anomaly.objects.select_related("department", "case").filter(pk=_pk(ref)).first()
    if row is None:
        raise source_invalid("异常记录不存在", kind=SourceKind.ANOMALY)
    label = f"异常（{row.subject_label}，{row.get_kind_display()}）：{row.summary}"
    return Source(SourceKind.ANOMALY, str(row.pk), label[:300], row.department)


def from_rating_appeal(ref: Any) -> Source:
    row = Appeal.objects.select_related("department").filter(pk=_pk(ref)).first()
    if row is None or row.status == AppealStatus.PENDING:
        raise source_invalid("好差评申诉不存在或尚未审核", kind=SourceKind.RATING_APPEAL)
    label = f"好差评申诉（{row.get_status_display()}，{row.filed_on:%Y-%m-%d}）"
    return Source(SourceKind.RATING_APPEAL, str(row.pk), label, row.department)


def from_complaint(ref: Any) -> Source:
    """A substantiated or partly substantiated complaint, by id or number.
    The label names the complaint, never who complained."""
    text = str(ref or "").strip()
    rows = Complaint.objects.select_related("department")
    row = rows.filter(number=text).first() if not text.isdigit() else None
    if row is None and text.isdigit():
        row = rows.filter(pk=int(text)).first()
    if row is None or row.outcome not in SUBSTANTIATED:
        raise source_invalid("只有属实或部分属实的效能投诉可以启动问责", kind=SourceKind.COMPLAINT)
    label = f"{row.number}（{row.get_outcome_display()}）：{row.title}"
    return Source(SourceKind.COMPLAINT, row.number, label[:300], row.department)


def from_finding(ref: Any) -> Source:
    """A check finding, by number or id; the label names no staff."""
    text = str(ref or "").strip()
    found = Finding.objects.select_related("department")
    row = found.filter(number=text).first() if text else None
    if row is None and text.isdigit():
        row = found.filter(pk=int(text)).first()
    if row is None:
        raise source_invalid("明察暗访发现的问题不存在", kind=SourceKind.FINDING)
    label = f"明察暗访（{row.get_kind_display()}，{row.place}）：{row.description}"
    return Source(SourceKind.FINDING, row.number, label[:300], row.department)


def from_target(ref: Any) -> Source:
    """目标责任未完成: a task of a target book by its number (a leaf task
    still open past its deadline; its lead unit is held to account), or a
    free reference to a target kept outside the system (the unit named by
    the caller)."""
    text = str(ref or "").strip()
    if not text:
        raise source_invalid("请填写未完成的目标任务（编号或名称）", kind=SourceKind.TARGET)
    if not text.isdigit():
        return Source(SourceKind.TARGET, text, f"目标责任未完成：{text}", None)
    task = (
        Task.objects.select_related("lead_department", "book")
        .filter(pk=int(text), is_leaf=True)
        .first()
    )
    if task is None:
        raise source_invalid("目标任务不存在", kind=SourceKind.TARGET)
    if task.status != TaskStatus.OPEN or not task.deadline or task.deadline >= timesource.today():
        raise source_invalid(
            "只有超过完成时限仍未完成的目标任务可以启动问责", kind=SourceKind.TARGET
        )
    label = (
        f"目标责任未完成：{task.book.year}年 {task.code} {task.title}（完成时限 {task.deadline}）"
    )
    return Source(SourceKind.TARGET, text, label[:300], task.lead_department)


def direct(ref: Any) -> Source:
    """直接立案 (e.g. a leader's instruction, a press report): what it rests on."""
    text = str(ref or "").strip()[:64]
    if not text:
        raise source_invalid("请写明直接立案的依据（如领导批示、媒体报道）", kind=SourceKind.DIRECT)
    return Source(SourceKind.DIRECT, text, f"直接立案：{text}", None)


RESOLVERS: dict[str, Callable[[Any], Source]] = {
    SourceKind.COMPLAINT: from_complaint,
    SourceKind.CARD: from_card,
    SourceKind.ANOMALY: from_anomaly,
    SourceKind.FINDING: from_finding,
    SourceKind.TARGET: from_target,
    SourceKind.RATING_APPEAL: from_rating_appeal,
    SourceKind.DIRECT: direct,
}


def resolve(kind: str, ref: Any) -> Source:
    resolver = RESOLVERS.get(kind)
    if resolver is None:
        raise InvalidInput(
            "案件来源不正确",
            code="accountability_source_kind_invalid",
            detail={"allowed": list(RESOLVERS)},
        )
    return resolver(ref)
