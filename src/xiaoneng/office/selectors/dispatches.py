"""Reads of outgoing documents, always through the actor's authority.

- Documents: those whose issuer is in the actor's data scope (a unit's
  office and head: their unit; the city leader: his portfolio; the mayor,
  the government office and supervision: all), and the issued ones
  addressed (主送, 抄送) to a unit in that scope.
- The leader's queue: documents awaiting the city leader's approval, of
  the issuers in his portfolio (the mayor: all).
- Statistics per unit and year (少发文、发短文): issued count, total and
  average length, the cap, ranked fewest and shortest first.
- Which steps the actor may take on a document now (the buttons); the
  actions check the same again on the locked row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.common import MAYOR_ROLE, leader_in_charge
from xiaoneng.office.models import Dispatch, DispatchStatus, Opinion
from xiaoneng.office.params import DISPATCH_CAP, DISPATCH_MAX_CHARS
from xiaoneng.org.authority import (
    INTERNAL_KINDS,
    covers_department,
    has_perm,
    role_codes,
    scope_q,
)
from xiaoneng.org.models import Department, LeaderPortfolio, User
from xiaoneng.system.params import get_param

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

DRAFT = "dispatch.draft"
SIGN = "dispatch.sign"
LEADER = "leader.approve"
MANAGE = "report.manage"
SUPERVISE = "supervision.view"
READ_PERMISSIONS = (DRAFT, SIGN, LEADER, MANAGE, SUPERVISE)
STATS_PERMISSIONS = (MANAGE, SUPERVISE)


def dispatch_not_found() -> NotFound:
    return NotFound("公文不存在或无权查看", code="office_dispatch_not_found")


def in_unit(user: User, unit_id: int) -> bool:
    """The user belongs to the unit itself (or one of its sections)."""
    dept = user.department
    if dept is None:
        return False
    return dept.pk == unit_id or (dept.kind in INTERNAL_KINDS and dept.parent_id == unit_id)


def may_approve(user: User, row: Dispatch) -> bool:
    """The city leader in charge of the issuer, or the mayor."""
    if MAYOR_ROLE in role_codes(user):
        return True
    charge = leader_in_charge(row.issuer_id)
    return charge is not None and charge.pk == user.pk


def dispatches_for(actor: Actor | None) -> QuerySet[Dispatch]:
    qs = Dispatch.objects.select_related("issuer", "drafted_by")
    if not any(has_perm(actor, p) for p in READ_PERMISSIONS):
        return qs.none()
    q = scope_q(actor, dept_field="issuer")
    units = Department.objects.filter(scope_q(actor, dept_field="")).values("pk")
    q |= Q(status=DispatchStatus.ISSUED) & (Q(recipients__in=units) | Q(copies__in=units))
    ids = Dispatch.objects.filter(q).values("pk")
    return qs.filter(pk__in=ids)


def dispatch_for(actor: Actor | None, pk: Any) -> Dispatch:
    row = dispatches_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise dispatch_not_found()
    return row


def search(
    qs: QuerySet[Dispatch], *, status: str = "", text: str = "", year: int | None = None
) -> QuerySet[Dispatch]:
    if status in DispatchStatus.values:
        qs = qs.filter(status=status)
    text = (text or "").strip()[:50]
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(number__icontains=text))
    if year:
        qs = qs.filter(Q(year=year) | Q(year__isnull=True, drafted_at__year=year))
    return qs


def status_counts(qs: QuerySet[Dispatch]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the flow's order."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [(v, label, counts.get(v, 0)) for v, label in DispatchStatus.choices]


def awaiting_leader(actor: Actor | None) -> QuerySet[Dispatch]:
    """市分管领导审批: the leader's portfolio's documents (the mayor: all)."""
    qs = Dispatch.objects.select_related("issuer", "drafted_by", "signed_by").filter(
        status=DispatchStatus.LEADER
    )
    if not has_perm(actor, LEADER):
        return qs.none()
    if MAYOR_ROLE in role_codes(actor):
        return qs.order_by("signed_at", "pk")
    units = LeaderPortfolio.objects.filter(leader_id=getattr(actor, "pk", 0)).values(
        "department_id"
    )
    return qs.filter(issuer_id__in=units).order_by("signed_at", "pk")


def opinions_of(row: Dispatch) -> list[Opinion]:
    return list(row.opinions.select_related("by").order_by("id"))


def steps_for(user: User, row: Dispatch) -> set[str]:
    """The steps the user may take on the document now."""
    steps: set[str] = set()
    s = row.status
    drafter = row.drafted_by_id == user.pk
    if s == DispatchStatus.DRAFT and drafter and has_perm(user, DRAFT):
        steps |= {"edit", "submit", "withdraw"}
    covers = covers_department(user, row.issuer_id)
    drafts_or_signs = has_perm(user, DRAFT) or has_perm(user, SIGN)
    reviewer = in_unit(user, row.issuer_id) and not drafter
    if s == DispatchStatus.REVIEWING and covers and drafts_or_signs and reviewer:
        steps |= {"review", "return"}
    if s == DispatchStatus.SIGNING and covers and has_perm(user, SIGN):
        steps |= {"sign", "return"}
    if s == DispatchStatus.LEADER and has_perm(user, LEADER) and may_approve(user, row):
        steps |= {"approve", "return"}
    if s == DispatchStatus.APPROVED and covers and has_perm(user, DRAFT):
        steps.add("issue")
    return steps


def max_chars() -> int:
    return get_param(DISPATCH_MAX_CHARS)


# --- statistics: 少发文、发短文 -------------------------------------------------------


@dataclass(frozen=True)
class UnitYear:
    department_id: int
    name: str
    issued: int
    total_length: int
    average_length: int
    cap: int
    to_counties: int

    @property
    def over_cap(self) -> bool:
        return self.issued > self.cap


def year_of(value: Any, today: date) -> int:
    """The year asked for (the current one when none is given)."""
    if value in (None, ""):
        return today.year
    year = as_int(value)
    if year is None or not 2000 <= year <= 2100:
        raise InvalidInput("年度不正确", code="office_dispatch_year_invalid")
    return year


def stats(actor: Actor | None, year: int) -> list[UnitYear]:
    """Per issuing unit in the actor's scope: the year's issued documents,
    ranked fewest first, then shortest on average (少发文、发短文)."""
    if not any(has_perm(actor, p) for p in STATS_PERMISSIONS):
        return []
    cap = get_param(DISPATCH_CAP)
    rows = (
        Dispatch.objects.filter(scope_q(actor, dept_field="issuer"))
        .filter(status=DispatchStatus.ISSUED, year=year)
        .order_by()
        .values("issuer_id", "issuer__name")
        .annotate(
            n=Count("pk"),
            total=Sum("length"),
            counties=Count("pk", filter=Q(to_counties=True)),
        )
    )
    out = [
        UnitYear(
            department_id=r["issuer_id"],
            name=r["issuer__name"],
            issued=r["n"],
            total_length=r["total"] or 0,
            average_length=round((r["total"] or 0) / r["n"]) if r["n"] else 0,
            cap=cap,
            to_counties=r["counties"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda u: (u.issued, u.average_length, u.name))
