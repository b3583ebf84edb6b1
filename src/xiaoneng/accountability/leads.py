"""问责线索: the matters that may open an accountability case and have none
yet — substantiated complaints (the result in force, after a re-examination),
red cards, check findings notified to their unit and target tasks still open
past their deadline — newest first, each
with the reference the opening form takes. Read by the bureau only
(`accountability.manage`), within its data scope; a complaint appears by its
number, unit and title, never by who complained."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from xiaoneng.checks.models import Finding
from xiaoneng.complaints.models import Complaint
from xiaoneng.core import timesource
from xiaoneng.org.authority import departments_in_scope, has_perm
from xiaoneng.supervision.models import CardColour, SupervisionCard
from xiaoneng.targets.models import Task, TaskStatus

from .models import AccountabilityCase, SourceKind, Status
from .sources import SUBSTANTIATED

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@dataclass(frozen=True)
class Lead:
    kind: str
    kind_label: str
    ref: str
    label: str
    department: str
    on: date | None


def _scoped(rows: Any, scope: frozenset[int] | None) -> Any:
    return rows if scope is None else rows.filter(department_id__in=scope)


def _complaints(scope: frozenset[int] | None, limit: int) -> Iterable[Lead]:
    in_force = Q(reexamination_outcome__in=SUBSTANTIATED) | Q(
        reexamination_outcome="", outcome__in=SUBSTANTIATED
    )
    rows = _scoped(Complaint.objects.filter(in_force), scope).select_related("department")
    for c in rows.only("number", "title", "department__name", "closed_on").order_by("-id")[:limit]:
        yield Lead(
            SourceKind.COMPLAINT, "效能投诉", c.number, c.title, c.department.name, c.closed_on
        )


def _red_cards(scope: frozenset[int] | None, limit: int) -> Iterable[Lead]:
    rows = _scoped(SupervisionCard.objects.filter(colour=CardColour.RED), scope)
    for card in rows.select_related("department").order_by("-issued_on", "-id")[:limit]:
        yield Lead(
            SourceKind.CARD, "红牌", str(card.pk), card.reason, card.department.name, card.issued_on
        )


def _findings(scope: frozenset[int] | None, limit: int) -> Iterable[Lead]:
    rows = _scoped(Finding.objects.filter(notified_on__isnull=False), scope)
    for f in rows.select_related("department").order_by("-notified_on", "-id")[:limit]:
        label = f"{f.get_kind_display()}（{f.place}）"
        yield Lead(
            SourceKind.FINDING, "明察暗访", f.number, label, f.department.name, f.notified_on
        )


def _failed_targets(scope: frozenset[int] | None, limit: int) -> Iterable[Lead]:
    rows = Task.objects.filter(
        is_leaf=True, status=TaskStatus.OPEN, deadline__lt=timesource.today()
    )
    if scope is not None:
        rows = rows.filter(lead_department_id__in=scope)
    for t in rows.select_related("lead_department").order_by("-deadline", "-id")[:limit]:
        yield Lead(
            SourceKind.TARGET,
            "目标责任未完成",
            str(t.pk),
            f"{t.code} {t.title}",
            t.lead_department.name if t.lead_department else "",
            t.deadline,
        )


def open_leads(actor: Actor, *, limit: int = 20) -> list[Lead]:
    """Up to `limit` of each kind not yet taken by a case (a dismissed case
    frees its source), newest first; empty for anyone but the bureau."""
    if not has_perm(actor, "accountability.manage"):
        return []
    scope = departments_in_scope(actor)
    taken = set(
        AccountabilityCase.objects.exclude(status=Status.DISMISSED).values_list(
            "source_kind", "source_ref"
        )
    )
    found = [
        *_complaints(scope, limit),
        *_red_cards(scope, limit),
        *_findings(scope, limit),
        *_failed_targets(scope, limit),
    ]
    fresh = [lead for lead in found if (lead.kind, lead.ref) not in taken]
    return sorted(fresh, key=lambda lead: lead.on or date.min, reverse=True)
