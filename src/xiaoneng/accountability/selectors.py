"""Reads of accountability cases, each scoped by the actor's authority.

- the supervision bureau (`accountability.manage` / `.decide`): its data scope;
- the organisation (`accountability.refer`): the cases referred to it;
- the unit (`accountability.respond`): its own cases, once it has been told
  (the investigation before the statement request is not shown);
- a person named as subject: the cases naming them, once told.
A person's record (their measures in force) is for `accountability.records`
and the person; everyone else is told it does not exist."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.errors import NotFound
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import INTERNAL_KINDS, has_perm, scope_q
from xiaoneng.org.models import Department, Role, User
from xiaoneng.system.params import get_param
from xiaoneng.web.lights import Light, lit, unlit

from .models import (
    DECIDED_STATUSES,
    AccountabilityCase,
    AppealOutcome,
    Authority,
    RectificationStatus,
)
from .vocabulary import case_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.scores.periods import Period
    from xiaoneng.scores.sources import SourceValue

BUREAU = ("accountability.manage", "accountability.decide")


def cases_for(actor: Actor) -> QuerySet[AccountabilityCase]:
    if not getattr(actor, "is_authenticated", False):
        return AccountabilityCase.objects.none()
    q = Q(pk__in=[])
    if any(has_perm(actor, p) for p in BUREAU):
        q |= scope_q(actor, dept_field="department")
    if has_perm(actor, "accountability.refer"):
        q |= Q(measure__authority=Authority.REFERRAL, referred_on__isnull=False)
    told = Q(statement_requested_on__isnull=False)
    if has_perm(actor, "accountability.respond"):
        q |= scope_q(actor, dept_field="department") & told
    q |= Q(subjects__user=actor.pk) & told
    return (
        AccountabilityCase.objects.filter(pk__in=AccountabilityCase.objects.filter(q).values("pk"))
        .select_related("department", "measure")
        .order_by("-id")
    )


def case_for(actor: Actor, case_id: int) -> AccountabilityCase:
    row = cases_for(actor).filter(pk=case_id).prefetch_related("subjects", "rules").first()
    if row is None:
        raise case_not_found()
    return row


def in_force() -> QuerySet[AccountabilityCase]:
    """Decided measures not revoked on appeal."""
    return AccountabilityCase.objects.filter(status__in=DECIDED_STATUSES).exclude(
        appeal_outcome=AppealOutcome.REVOKED
    )


def record_of(actor: Actor, user_id: int) -> tuple[User, QuerySet[AccountabilityCase]]:
    """个人问责记录: the measures in force naming the person."""
    own = getattr(actor, "pk", None) == user_id and getattr(actor, "is_authenticated", False)
    person = User.objects.filter(pk=user_id).first()
    if person is None or not (own or has_perm(actor, "accountability.records")):
        raise NotFound("没有该人员的问责记录或无权查看", code="accountability_person_not_found")
    rows = (
        in_force()
        .filter(subjects__user=person)
        .distinct()
        .select_related("department", "measure")
        .order_by("-decided_on", "-id")
    )
    return person, rows


def people_with_records() -> QuerySet[User]:
    """The persons named in measures in force (for `accountability.records`;
    the view checks the permission)."""
    ids = in_force().filter(subjects__user__isnull=False).values("subjects__user")
    return User.objects.filter(pk__in=ids).select_related("department").order_by("real_name", "pk")


def published_bulletins() -> QuerySet[AccountabilityCase]:
    """通报批评, public: decided and not revoked."""
    return (
        in_force()
        .filter(bulletin_published=True)
        .select_related("department", "measure")
        .prefetch_related("subjects")
        .order_by("-decided_on", "-id")
    )


def bulletin(case_id: int) -> AccountabilityCase:
    row = published_bulletins().filter(pk=case_id).first()
    if row is None:
        raise NotFound("通报不存在", code="accountability_case_not_found")
    return row


def deductions_by_unit(period: Period, level: str) -> dict[int, SourceValue]:
    """Metric source "accountability": the points deducted for measures
    decided within the period, per department (other levels: none)."""
    if level != "department":
        return {}
    rows = (
        in_force()
        .filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .values("department_id")
        .annotate(points=Sum("deduction"))
    )
    return {r["department_id"]: r["points"] for r in rows if r["points"]}


def unit_head_ids(department: Department) -> list[int]:
    """The users who answer for the unit (`accountability.respond`) in the
    unit itself or its internal organs (sections, windows)."""
    roles = [
        r.pk for r in Role.objects.filter(active=True) if "accountability.respond" in r.permissions
    ]
    if not roles:
        return []
    inside = Q(department=department) | Q(
        department__ancestors__startswith=department.path, department__kind__in=INTERNAL_KINDS
    )
    return list(
        User.objects.filter(inside, is_active=True, roles__in=roles)
        .distinct()
        .values_list("pk", flat=True)
    )


def rectification_light(row: AccountabilityCase, today: date, calendar: WorkCalendar) -> Light:
    """限期改正's light while it runs; its outcome once reported or verified."""
    if row.rectification == RectificationStatus.VERIFIED:
        return unlit("整改完成", due=row.rectification_due_on)
    if row.rectification == RectificationStatus.REPORTED:
        late = "（逾期报送）" if row.rectification_late else ""
        return unlit("已报送，待核实" + late, due=row.rectification_due_on)
    due = row.rectification_due_on
    if row.rectification != RectificationStatus.RUNNING or due is None:
        return unlit("—")
    remaining = calendar.workdays_between(today, due)
    if today > due:
        level = AlertLevel.OVERDUE
    elif remaining <= get_param("accountability.warning_days"):
        level = AlertLevel.WARNING
    else:
        level = AlertLevel.NORMAL
    return lit(level, remaining, due=due)
