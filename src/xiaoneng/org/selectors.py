"""Reads of the organisation, scoped by the actor's authority."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .actor import user_of
from .authority import require, scope_q
from .models import Department, DepartmentKind, Position, User

if TYPE_CHECKING:
    from .actor import Actor


def public_departments() -> QuerySet[Department]:
    """The published organisation: every active unit except applicants' pseudo-units."""
    return Department.objects.filter(active=True).exclude(kind=DepartmentKind.EXTERNAL)


def published_positions(department: Department | None = None) -> QuerySet[Position]:
    """Positions and duties published under 岗位责任制 (public information)."""
    qs = Position.objects.filter(public=True).select_related("department")
    return qs.filter(department=department) if department is not None else qs


def staff_for_actor(actor: Actor) -> QuerySet[User]:
    """Staff the actor may see: scoped by the actor's data scope over departments;
    仅本人 sees only itself."""
    require(actor, "org.view")
    return (
        User.objects.filter(scope_q(actor, dept_field="department", owner_field="pk"))
        .select_related("department")
        .prefetch_related("roles")
    )


def departments_in_charge(actor: Actor) -> QuerySet[Department]:
    """The departments a leader is in charge of (分管)."""
    return Department.objects.filter(leaders__leader=user_of(actor)).order_by("sort")
