"""Reads of frugality, always through the actor's authority.

- A unit (`frugality.register`, `frugality.approve`) reads the receptions,
  vehicles, purchase requests and trips of the departments in its data scope.
- The city leader in charge (`frugality.approve.city`) reads the purchase
  requests and trips of the departments in his portfolio (his scope).
- Finance (`frugality.report`, scope all) reads everything for the report.
- The supervision bureau (`supervision.view`) reads the records its findings
  link to, within its scope (read only: every write is an action's).
- The public reads only the published years (`published_years`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db.models import Model, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from xiaoneng.core.errors import NotFound
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.org.models import Department
from xiaoneng.system.params import get_param

from . import params
from .models import (
    LetterScan,
    PublishedYear,
    PurchaseRequest,
    Reception,
    Status,
    Trip,
    Vehicle,
    VehicleUse,
)
from .standards import Standards

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

REGISTER = "frugality.register"
APPROVE = "frugality.approve"
APPROVE_CITY = "frugality.approve.city"
REPORT = "frugality.report"
SUPERVISE = "supervision.view"
UNIT_PERMISSIONS = (REGISTER, APPROVE)
READ_PERMISSIONS = (REGISTER, APPROVE, APPROVE_CITY, REPORT, SUPERVISE)


def standards() -> Standards:
    return Standards(
        meal_per_head=get_param(params.MEAL_PER_HEAD),
        lodging_per_night=get_param(params.LODGING_PER_NIGHT),
        companions_small=get_param(params.COMPANIONS_SMALL),
        companions_group=get_param(params.COMPANIONS_GROUP),
        companions_divisor=get_param(params.COMPANIONS_DIVISOR),
    )


def _for(actor: Actor | None, model: type[Model], permissions: tuple[str, ...]) -> QuerySet[Any]:
    qs = model._default_manager.select_related("department")
    if not any(has_perm(actor, p) for p in permissions):
        return qs.none()
    return qs.filter(scope_q(actor, dept_field="department"))


def receptions_for(actor: Actor | None) -> QuerySet[Reception]:
    return _for(actor, Reception, (*UNIT_PERMISSIONS, REPORT, SUPERVISE))


def reception_for(actor: Actor | None, pk: int) -> Reception:
    row = receptions_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("公务接待不存在或无权查看", code="reception_not_found")
    return row


def scan_for(actor: Actor | None, reception_pk: int, scan_pk: int) -> LetterScan:
    """A letter scan the actor may read: through the reception it belongs to."""
    row = LetterScan.objects.filter(
        pk=scan_pk, reception__in=receptions_for(actor).filter(pk=reception_pk)
    ).first()
    if row is None:
        raise NotFound("公函扫描件不存在或无权查看", code="scan_not_found")
    return row


def open_scan(row: LetterScan) -> Any:
    """The stored scan, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(row.stored_path, "rb")
    except FileNotFoundError:
        raise NotFound("公函扫描件文件已不存在", code="scan_file_missing") from None


def requests_for(actor: Actor | None) -> QuerySet[PurchaseRequest]:
    return _for(actor, PurchaseRequest, READ_PERMISSIONS)


def request_for(actor: Actor | None, pk: int) -> PurchaseRequest:
    row = requests_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("购车申请不存在或无权查看", code="vehicle_request_not_found")
    return row


def vehicles_for(actor: Actor | None) -> QuerySet[Vehicle]:
    return _for(actor, Vehicle, READ_PERMISSIONS)


def vehicle_for(actor: Actor | None, pk: int) -> Vehicle:
    row = vehicles_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("车辆不存在或无权查看", code="vehicle_not_found")
    return row


def trips_for(actor: Actor | None) -> QuerySet[Trip]:
    return _for(actor, Trip, READ_PERMISSIONS)


def trip_for(actor: Actor | None, pk: int) -> Trip:
    row = trips_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("出访申请不存在或无权查看", code="trip_not_found")
    return row


def pending_receptions(actor: Actor | None) -> QuerySet[Reception]:
    """The unit head's approvals: pending receptions in scope, not his own registrations."""
    if not has_perm(actor, APPROVE):
        return Reception.objects.none()
    return (
        receptions_for(actor)
        .filter(status=Status.PENDING)
        .exclude(registered_by_id=getattr(actor, "pk", None))
    )


def pending_city(actor: Actor | None) -> tuple[QuerySet[PurchaseRequest], QuerySet[Trip]]:
    """The city leader's approvals: purchase requests and trips in his portfolio."""
    if not has_perm(actor, APPROVE_CITY):
        return PurchaseRequest.objects.none(), Trip.objects.none()
    q = scope_q(actor, dept_field="department")
    return (
        PurchaseRequest.objects.filter(q, status=Status.PENDING).select_related("department"),
        Trip.objects.filter(q, status=Status.PENDING).select_related("department"),
    )


# --- 三公经费 ----------------------------------------------------------------------

FIGURES = ("reception", "vehicle_purchase", "vehicle_running", "trip")
FIGURE_LABELS = {
    "reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_running": "公务用车运行维护费",
    "trip": "因公出国（境）费",
}
ZERO = Decimal("0.00")


@dataclass
class DepartmentYear:
    department_id: int
    name: str
    months: dict[int, dict[str, Decimal]] = field(default_factory=dict)

    def month(self, m: int) -> dict[str, Decimal]:
        return self.months.setdefault(m, dict.fromkeys(FIGURES, ZERO))

    def total(self, figure: str) -> Decimal:
        return sum((v[figure] for v in self.months.values()), ZERO)

    @property
    def year(self) -> dict[str, Decimal]:
        return {f: self.total(f) for f in FIGURES}

    @property
    def grand_total(self) -> Decimal:
        return sum(self.year.values(), ZERO)


def _add(
    table: dict[int, DepartmentYear],
    rows: Any,
    figure: str,
) -> None:
    for dept_id, month, amount in rows:
        if amount:
            entry = table.setdefault(dept_id, DepartmentYear(dept_id, ""))
            # SQLite sums decimals as floats ("2646.000000000000"): back to the fen.
            entry.month(int(month))[figure] += Decimal(str(amount)).quantize(ZERO)


def report_scope(actor: Actor | None) -> Q | None:
    """Whose figures the actor reads: finance all, a unit its own (None: nobody's)."""
    if has_perm(actor, REPORT):
        return scope_q(actor, dept_field="department")
    if any(has_perm(actor, p) for p in UNIT_PERMISSIONS):
        return scope_q(actor, dept_field="department")
    return None


def year_figures(actor: Actor | None, year: int) -> list[DepartmentYear]:
    """三公经费 of `year` per department and month: receptions by their first
    day (actual cost, once recorded), vehicle purchases by acquisition day
    (price), running costs by the day of use, trips by departure (actual cost)."""
    q = report_scope(actor)
    if q is None:
        return []
    return figures_where(q, year)


def figures_where(q: Q, year: int) -> list[DepartmentYear]:
    table: dict[int, DepartmentYear] = {}
    _add(
        table,
        Reception.objects.filter(q, status=Status.DONE, start_on__year=year)
        .annotate(m=ExtractMonth("start_on"))
        .values_list("department_id", "m")
        .annotate(s=Sum("actual_cost"))
        .order_by(),
        "reception",
    )
    _add(
        table,
        Vehicle.objects.filter(q, acquired_on__year=year, origin="purchase")
        .annotate(m=ExtractMonth("acquired_on"))
        .values_list("department_id", "m")
        .annotate(s=Sum("price"))
        .order_by(),
        "vehicle_purchase",
    )
    vehicles = Vehicle.objects.filter(q).values_list("pk", flat=True)
    _add(
        table,
        VehicleUse.objects.filter(vehicle_id__in=vehicles, used_on__year=year)
        .annotate(m=ExtractMonth("used_on"))
        .values_list("vehicle__department_id", "m")
        .annotate(s=Sum("cost"))
        .order_by(),
        "vehicle_running",
    )
    _add(
        table,
        Trip.objects.filter(q, status=Status.DONE, start_on__year=year)
        .annotate(m=ExtractMonth("start_on"))
        .values_list("department_id", "m")
        .annotate(s=Sum("actual_cost"))
        .order_by(),
        "trip",
    )
    names = dict(Department.objects.filter(pk__in=list(table)).values_list("pk", "name"))
    for entry in table.values():
        entry.name = names.get(entry.department_id, "")
    order = dict(Department.objects.filter(pk__in=list(table)).values_list("pk", "sort"))
    return sorted(table.values(), key=lambda e: (order.get(e.department_id, 0), e.name))


def totals(rows: list[DepartmentYear]) -> dict[str, Decimal]:
    return {f: sum((r.total(f) for r in rows), ZERO) for f in FIGURES}


def published_years() -> QuerySet[PublishedYear]:
    return PublishedYear.objects.order_by("-year")


def published_year(year: int) -> PublishedYear | None:
    return PublishedYear.objects.filter(year=year).first()
