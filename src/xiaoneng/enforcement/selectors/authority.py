"""Reads of the enforcement list, benchmarks and certificates, scoped by the
actor's authority.

- Items: the body's officers (`enforcement.act`), its head
  (`enforcement.decide` / `enforcement.manage`) within their data scope;
  the legal office (`enforcement.legality`) and the supervision bureau
  (`supervision.manage`) every body's.
- Certificates: the legal office and the supervision bureau all of them; a
  body's head those of the bodies in his scope; an officer his own."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY, MANAGE, SUPERVISE
from xiaoneng.enforcement.models import Benchmark, Certificate, Grade, Item
from xiaoneng.org.authority import INTERNAL_KINDS, has_perm, scope_q
from xiaoneng.org.models import Department, DepartmentKind, Role, User

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

ITEM_READERS = (ACT, DECIDE, MANAGE, LEGALITY, SUPERVISE)
CERTIFICATE_READERS = (ACT, DECIDE, MANAGE, LEGALITY, SUPERVISE)
EXPIRING_DAYS = 30  # the desk warns this many days before a certificate runs out
GRADE_RANK = {g: n for n, g in enumerate(Grade.values)}


def with_benchmarks(qs: QuerySet[Item]) -> QuerySet[Item]:
    """Items with their benchmark grades prefetched (in 减轻→从重 order by `ordered`)."""
    return qs.select_related("body").prefetch_related(
        Prefetch("benchmarks", queryset=Benchmark.objects.order_by("fine_min", "id"))
    )


def ordered(benchmarks: Any) -> list[Benchmark]:
    """Benchmark rows in the order of the grades (减轻, 从轻, 一般, 从重)."""
    return sorted(benchmarks, key=lambda b: GRADE_RANK.get(b.grade, 9))


def items_for(actor: Actor | None) -> QuerySet[Item]:
    """The enforcement items the actor may read (see the module's docstring)."""
    qs = with_benchmarks(Item.objects.all()).order_by("body__sort", "code")
    if has_perm(actor, LEGALITY) or has_perm(actor, SUPERVISE):
        return qs
    if any(has_perm(actor, p) for p in (ACT, DECIDE, MANAGE)):
        return qs.filter(scope_q(actor, dept_field="body"))
    return qs.none()


def item_for(actor: Actor | None, pk: Any) -> Item:
    row = items_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("执法事项不存在或无权查看", code="enforcement_item_not_found")
    return row


def bodies_for(actor: Actor | None) -> QuerySet[Department]:
    """The enforcement bodies whose list the actor keeps (`enforcement.manage`
    over them): the head's own unit, every body for an administrator."""
    if not has_perm(actor, MANAGE):
        return Department.objects.none()
    return enforcing_bodies().filter(scope_q(actor, dept_field=""))


def enforcing_bodies() -> QuerySet[Department]:
    """Units that can be an enforcement body (not an internal section, a
    window or the applicants' pseudo-unit)."""
    return (
        Department.objects.filter(active=True)
        .exclude(kind__in=(*INTERNAL_KINDS, DepartmentKind.EXTERNAL))
        .order_by("sort", "id")
    )


def certificates_for(actor: Actor | None) -> QuerySet[Certificate]:
    """The certificates the actor may read (see the module's docstring)."""
    qs = Certificate.objects.select_related("officer", "body").order_by("body__sort", "number")
    if has_perm(actor, LEGALITY) or has_perm(actor, SUPERVISE):
        return qs
    q = Q(pk__in=[])
    if has_perm(actor, DECIDE) or has_perm(actor, MANAGE):
        q |= scope_q(actor, dept_field="body")
    if has_perm(actor, ACT) and actor is not None:
        q |= Q(officer_id=actor.pk)
    return qs.filter(q)


def certificate_for(actor: Actor | None, pk: Any) -> Certificate:
    row = certificates_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("执法证不存在", code="enforcement_certificate_not_found")
    return row


def valid_on(on: date) -> Q:
    """Certificates valid on `on` (the same test as `common.valid_certificate`)."""
    return Q(issued_on__lte=on, valid_until__gte=on) & (Q(revoked_on=None) | Q(revoked_on__gt=on))


def expiring_certificates(
    actor: Actor | None, today: date, within: int = EXPIRING_DAYS
) -> QuerySet[Certificate]:
    """Certificates valid today that run out within `within` days, whose
    officer holds no later certificate of the body (not yet renewed)."""
    renewed = Certificate.objects.filter(
        officer=OuterRef("officer"),
        body=OuterRef("body"),
        valid_until__gt=OuterRef("valid_until"),
        revoked_on=None,
    )
    return (
        certificates_for(actor)
        .filter(valid_on(today), valid_until__lte=today + timedelta(days=within))
        .filter(~Exists(renewed))
        .order_by("valid_until", "number")
    )


def certificate_state(row: Certificate, today: date) -> str:
    """有效 / 已注销 / 已过期 / 未生效, as of today."""
    if row.revoked_on is not None and row.revoked_on <= today:
        return "已注销"
    if row.valid_until < today:
        return "已过期"
    if row.issued_on > today:
        return "未生效"
    return "有效"


def enforcement_officers() -> QuerySet[User]:
    """Active users holding the officer's function (`enforcement.act`), for the
    issue form; the action checks the one chosen again."""
    roles = [r.pk for r in Role.objects.filter(active=True) if ACT in r.permissions]
    return (
        User.objects.filter(is_active=True, roles__in=roles)
        .select_related("department")
        .distinct()
        .order_by("department__sort", "username")
    )
