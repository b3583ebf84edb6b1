"""Reads of electronic supervision, always through the actor's data scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from xiaoneng.cases.models import Case, CaseOpinion
from xiaoneng.core.clock import AlertLevel
from xiaoneng.org.authority import INTERNAL_KINDS, has_perm, scope_q
from xiaoneng.org.models import Department

from .levels import AlertContext, opinions_with_alert_level, with_alert_level
from .models import CardColour, Notification, OrderStatus, SupervisionCard, SupervisionOrder

LEVELS = frozenset(level.value for level in AlertLevel)


def may_view(actor: Any) -> bool:
    """The supervision lists: the bureau (view) and the departments answering (reply)."""
    return has_perm(actor, "supervision.view") or has_perm(actor, "supervision.reply")


@dataclass(frozen=True)
class AlertFilter:
    department: int | None = None
    item: str = ""  # item code, or part of its name
    level: str = ""  # an AlertLevel value; "" = any
    received_from: date | None = None
    received_to: date | None = None
    q: str = ""  # tracking number or applicant


def open_cases_in_scope(actor: Any) -> QuerySet[Case]:
    return Case.objects.filter(scope_q(actor, dept_field="department"), is_open=True)


def alert_cases(
    actor: Any, filters: AlertFilter | None = None, context: AlertContext | None = None
) -> QuerySet[Any]:
    """The actor's open cases with `alert_level`, `alert_rank` and `step`
    annotated, filtered in the database, most severe and most urgent first."""
    f = filters or AlertFilter()
    qs = open_cases_in_scope(actor)
    if f.department:
        dept = Department.objects.filter(pk=f.department).only("pk", "ancestors").first()
        qs = (
            qs.filter(Q(department_id=dept.pk) | Q(department__ancestors__startswith=dept.path))
            if dept
            else qs.none()
        )
    if item := f.item.strip():
        qs = qs.filter(Q(item__code=item) | Q(item__name__icontains=item))
    if text := f.q.strip():
        qs = qs.filter(Q(tracking_no__icontains=text) | Q(applicant_name__icontains=text))
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    context = context or AlertContext.build(qs)
    if f.level in LEVELS:
        qs = qs.filter(context.level_q(f.level))
    return (
        with_alert_level(qs, context)
        .select_related("item", "department")
        .order_by("-alert_rank", F("due_on").asc(nulls_last=True), "id")
    )


def level_counts(actor: Any, context: AlertContext | None = None) -> dict[str, int]:
    """How many of the actor's open cases are at each level (one grouped query)."""
    qs = open_cases_in_scope(actor)
    rows = (
        with_alert_level(qs, context or AlertContext.build(qs))
        .order_by()
        .values("alert_level")
        .annotate(n=Count("pk"))
    )
    counts = {level.value: 0 for level in AlertLevel}
    for row in rows:
        counts[row["alert_level"]] = row["n"]
    return counts


def opinion_alerts(actor: Any, level: str = "") -> QuerySet[Any]:
    """Open co-department opinion steps of the actor's cases (lead or co-department)."""
    scope = scope_q(actor, dept_field="case__department") | scope_q(actor, dept_field="department")
    owed = CaseOpinion.objects.filter(scope, given_on__isnull=True, case__is_open=True)
    qs = opinions_with_alert_level(owed)
    if level:
        qs = qs.filter(alert_level=level)
    return qs.select_related("case__item", "case__department", "department").order_by(
        "-alert_rank", "due_on", "id"
    )


def cards_for_actor(
    actor: Any, *, colour: str = "", open_only: bool = False, department: int | None = None
) -> QuerySet[SupervisionCard]:
    qs = SupervisionCard.objects.filter(scope_q(actor, dept_field="department"))
    if colour in CardColour.values:
        qs = qs.filter(colour=colour)
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    if department:
        qs = qs.filter(department_id=department)
    return qs.select_related("case__item", "department", "replied_by")


def orders_for_actor(
    actor: Any, *, status: str = "", kind: str = "", department: int | None = None
) -> QuerySet[SupervisionOrder]:
    qs = SupervisionOrder.objects.filter(scope_q(actor, dept_field="department"))
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if department:
        qs = qs.filter(department_id=department)
    return qs.select_related("case__item", "department", "issued_by", "replied_by")


def order_for_actor(actor: Any, order_id: int) -> SupervisionOrder | None:
    return orders_for_actor(actor).filter(pk=order_id).first()


def notifications_for(actor: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=actor)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(actor: Any) -> int:
    return notifications_for(actor, unread_only=True).count()


def departments_for_filter(actor: Any) -> QuerySet[Department]:
    """The departments the actor may pick in a filter (its scope)."""
    return (
        Department.objects.filter(scope_q(actor, dept_field=""), active=True)
        .exclude(kind__in=INTERNAL_KINDS)
        .order_by("sort", "code")
    )
