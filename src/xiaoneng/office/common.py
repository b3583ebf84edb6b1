"""What every part of daily government work shares: who the city's leaders
are for a unit, the audit event, the supervision subject, the row locked for
an action, and the numbering of the registers (会议, 请假, 突发事件).

Who acts where:
- a unit's office (`office.*` "本单位" permissions within the user's data
  scope over the row's unit) drafts, submits, rosters and confirms;
- the unit's head signs (签发) and asks leave;
- the city leader in charge of the unit (`LeaderPortfolio`) approves what
  the seed reserves to them; the mayor what is his (`meeting.approve`);
- the government office (`gov_office`) keeps the reporting calendar, the
  meetings register, spot checks and the emergency desk;
- the supervision bureau reads all and receives the findings.
Seeing a row is not acting on it: each action checks its own permission
and place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Max, Q

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import INTERNAL_KINDS, covers_department, unit_of
from xiaoneng.org.models import Department, DepartmentKind, LeaderPortfolio, Role, User
from xiaoneng.supervision.subjects import Subject

M = TypeVar("M", bound=models.Model)

MAYOR_ROLE = "mayor"
# The units that keep holiday duty and whose principal leaders ask leave.
DUTY_KINDS = (DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)


def leader_in_charge(department_id: int) -> User | None:
    """The active city leader whose portfolio holds the unit (or the unit
    above it, for a section), or None."""
    ids = [department_id]
    dept = Department.objects.filter(pk=department_id).only("ancestors").first()
    if dept is not None:
        ids += [int(i) for i in reversed(dept.ancestors.strip("/").split("/")) if i]
    portfolio = {
        p.department_id: p.leader
        for p in LeaderPortfolio.objects.filter(
            department_id__in=ids, leader__is_active=True
        ).select_related("leader")
    }
    for pk in ids:
        if pk in portfolio:
            return portfolio[pk]
    return None


def mayor() -> User | None:
    return (
        User.objects.filter(is_active=True, roles__code=MAYOR_ROLE, roles__active=True)
        .order_by("pk")
        .first()
    )


def approver_for(department_id: int) -> User | None:
    """The leader in charge of the unit, or the mayor where no one is."""
    return leader_in_charge(department_id) or mayor()


def holders(unit_ids: Iterable[int], *permissions: str) -> dict[int, list[int]]:
    """unit → its active users (in the unit itself or one of its sections and
    windows) holding any of `permissions`, in user order: whom a unit's
    reminder or notice goes to. Two queries whatever the number of units."""
    ids = set(unit_ids)
    roles = [
        r.pk
        for r in Role.objects.filter(active=True)
        if "*" in r.permissions or any(p in r.permissions for p in permissions)
    ]
    if not ids or not roles:
        return {}
    rows = (
        User.objects.filter(is_active=True, roles__in=roles)
        .filter(
            Q(department_id__in=ids)
            | Q(department__kind__in=INTERNAL_KINDS, department__parent_id__in=ids)
        )
        .values_list("pk", "department_id", "department__parent_id")
        .distinct()
        .order_by("pk")
    )
    found: dict[int, list[int]] = defaultdict(list)
    for user_id, dept_id, parent_id in rows:
        unit = dept_id if dept_id in ids else parent_id
        if unit is not None and user_id not in found[unit]:
            found[unit].append(user_id)
    return dict(found)


def is_member(user: User, unit_id: int) -> bool:
    """An active user whose unit (its department, or the bureau of its
    section or window) is `unit_id`."""
    if not user.is_active:
        return False
    dept = user.department
    if dept is None:
        return False
    if dept.pk == unit_id:
        return True
    return (
        dept.kind in INTERNAL_KINDS and (unit := unit_of(user)) is not None and unit.pk == unit_id
    )


def is_county(department: Department) -> bool:
    return department.kind == DepartmentKind.COUNTY


def locked_row(
    model: type[M],
    pk: Any,
    *,
    unit: Callable[[M], int],
    missing: Callable[[], NotFound],
    actor: User,
    anywhere: bool = False,
) -> M:
    """The row (locked), if the actor's data scope covers its unit (or
    `anywhere`: a city-wide desk); otherwise it is not there (404)."""
    row = model._default_manager.select_for_update(of=("self",)).filter(pk=as_int(pk) or 0).first()
    if row is None or not (anywhere or covers_department(actor, unit(row))):
        raise missing()
    return row


def next_number(model: type[models.Model], prefix: str, year: int) -> str:
    """ "PREFIX-2026-0001": the next of the year, under the caller's lock (the
    caller holds a row lock that serialises registrations; the unique
    column refuses a duplicate in any case)."""
    head = f"{prefix}-{year}-"
    last = (
        model._default_manager.filter(number__startswith=head).aggregate(m=Max("number"))["m"]
        or f"{head}0000"
    )
    return f"{head}{int(last.rsplit('-', 1)[1]) + 1:04d}"


def event(user: User | None, kind: str, pk: int, what: str, **payload: Any) -> None:
    """The audit event `office.<what>` on the row `kind`/`pk` (e.g. "dispatch")."""
    record_event(
        actor=user,
        event_type=f"office.{what}",
        object_type=f"office_{kind}",
        object_id=pk,
        payload=payload,
    )


def subject(kind: str, ref: int, title: str, url: str, department_id: int) -> Subject:
    """A row handed to supervision (its kind a key of `SUBJECT_KINDS`)."""
    return Subject(kind=kind, ref=ref, title=title, url=url, department_id=department_id)
