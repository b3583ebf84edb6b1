"""Reads of the organisation, scoped by the actor's authority."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from xiaoneng.audit.pii import pii_digest

from .actor import user_of
from .authority import require, scope_q
from .models import Department, DepartmentKind, Position, Role, User, department_and_below

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


# --- User administration (系统管理) ----------------------------------------------


def department_outline(actor: Actor, *, active_only: bool = False) -> list[tuple[Department, int]]:
    """The department tree in order, each node with its depth (0 for a root):
    for indented lists and pickers. Nodes outside the actor's scope are left
    out, their in-scope children moving up."""
    require(actor, "org.view")
    nodes = Department.objects.filter(scope_q(actor, dept_field=""))
    if active_only:
        nodes = nodes.filter(active=True)
    listed = list(nodes.order_by("sort", "id"))
    ids = {d.pk for d in listed}
    children: dict[int | None, list[Department]] = {}
    for dept in listed:
        parent = dept.parent_id if dept.parent_id in ids else None
        children.setdefault(parent, []).append(dept)
    outline: list[tuple[Department, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for dept in children.get(parent, []):
            outline.append((dept, depth))
            walk(dept.pk, depth + 1)

    walk(None, 0)
    return outline


def users_for_admin(
    actor: Actor,
    *,
    text: str = "",
    phone: str = "",
    department: Department | None = None,
    status: str = "",
) -> QuerySet[User]:
    """用户管理's list: the accounts in the actor's scope, searched by user
    name or name, the whole phone number (sealed: found by its digest, never
    by a part), unit (with its sub-units) and status (active, disabled,
    locked)."""
    require(actor, "org.manage")
    qs = (
        User.objects.filter(scope_q(actor, dept_field="department", owner_field="pk"))
        .select_related("department")
        .prefetch_related("roles", "positions")
        .order_by(F("department__sort").asc(nulls_last=True), "department_id", "id")
    )
    if text:
        qs = qs.filter(Q(username__icontains=text) | Q(real_name__icontains=text))
    if phone:
        qs = qs.filter(phone_digest=pii_digest(phone))
    if department is not None:
        qs = qs.filter(department_and_below(department))
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "disabled":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(locked_until__gt=timezone.now())
    return qs


def user_for_admin(actor: Actor, user_id: int) -> User | None:
    return users_for_admin(actor).filter(pk=user_id).first()


def roles_for_admin(actor: Actor) -> QuerySet[Role]:
    require(actor, "org.manage")
    return Role.objects.prefetch_related("custom_departments").annotate(
        holders=Count("users", filter=Q(users__is_active=True))
    )


def positions_for_admin(actor: Actor, department: Department | None = None) -> QuerySet[Position]:
    require(actor, "org.manage")
    qs = Position.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department"
    )
    qs = qs.annotate(holder_count=Count("holders", filter=Q(holders__is_active=True)))
    return qs.filter(department=department) if department is not None else qs
