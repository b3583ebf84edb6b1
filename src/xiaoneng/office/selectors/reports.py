"""The scoped reads of the reporting calendar: a unit's dues (its own
scope), the receiver's (the kinds it receives), supervision's (its scope);
the matrix of units × periods for a kind with its lights, and the year's
late and missing counts per unit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.models.reports import ReportDue, ReportFile, ReportKind
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.org.models import Department

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MANAGE = "report.manage"
SUBMIT = "report.submit"
READ = (SUBMIT, MANAGE, "supervision.view")

# light → (label, tag css)
LIGHTS: dict[str, tuple[str, str]] = {
    "green": ("按时报送", "xn-tag-success"),
    "yellow": ("逾期报送", "xn-tag-warning"),
    "red": ("未报送", "xn-tag-danger"),
    "grey": ("待报送", "xn-tag-info"),
}


def light(due: ReportDue, today: date | None = None) -> str:
    """On time green, late yellow, missing (past its due day) red, open grey."""
    if due.submitted_at is not None:
        return "yellow" if due.late else "green"
    return "red" if due.due_on < (today or timesource.today()) else "grey"


def dues_for(actor: Actor | None) -> QuerySet[ReportDue]:
    """The dues of the units in the actor's scope, and those its scope
    receives (the government office); nothing without a reading permission."""
    if not any(has_perm(actor, p) for p in READ):
        return ReportDue.objects.none()
    q = scope_q(actor, dept_field="unit") | scope_q(actor, dept_field="kind__receiver")
    return ReportDue.objects.filter(q).select_related("kind", "unit", "submitted_by")


def due_for(actor: Actor | None, pk: object) -> ReportDue:
    due = dues_for(actor).filter(pk=as_int(pk) or 0).first()
    if due is None:
        raise NotFound("报送任务不存在或无权查看", code="office_report_due_not_found")
    return due


def file_for(actor: Actor | None, due_id: object, file_id: object) -> ReportFile:
    due = due_for(actor, due_id)
    row = due.files.filter(pk=as_int(file_id) or 0).first()
    if row is None:
        raise NotFound("附件不存在或无权查看", code="office_report_file_not_found")
    return row


def kinds_for(actor: Actor | None) -> QuerySet[ReportKind]:
    """Every kind (the calendar is public to the units that report)."""
    if not any(has_perm(actor, p) for p in READ):
        return ReportKind.objects.none()
    return ReportKind.objects.select_related("receiver").prefetch_related("units")


def kind_for(actor: Actor | None, pk: object) -> ReportKind:
    kind = kinds_for(actor).filter(pk=as_int(pk) or 0).first()
    if kind is None:
        raise NotFound("报送事项不存在", code="office_report_kind_not_found")
    return kind


def owing_units() -> QuerySet[Department]:
    """The units a kind may name: municipal departments and counties."""
    return Department.objects.filter(active=True, kind__in=("department", "county")).order_by(
        "kind", "code"
    )


@dataclass(frozen=True)
class Cell:
    due: ReportDue
    light: str

    @property
    def label(self) -> str:
        return LIGHTS[self.light][0]


@dataclass
class Row:
    unit: Department
    cells: list[Cell | None]
    late: int = 0
    missing: int = 0


@dataclass
class Matrix:
    kind: ReportKind
    year: int
    periods: list[tuple[date, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def matrix(actor: Actor | None, kind: ReportKind, year: int) -> Matrix:
    """Units × periods of the year for `kind`, each cell the due (or None),
    with the unit's late and missing counts; scoped like `dues_for`."""
    today = timesource.today()
    dues = list(
        dues_for(actor)
        .filter(kind=kind, period_start__year=year)
        .select_related("unit")
        .order_by("period_start")
    )
    periods = sorted({(d.period_start, d.period_label) for d in dues})
    column = {start: i for i, (start, _) in enumerate(periods)}
    rows: dict[int, Row] = {}
    for due in dues:
        row = rows.setdefault(due.unit_id, Row(due.unit, [None] * len(periods)))
        colour = light(due, today)
        row.cells[column[due.period_start]] = Cell(due, colour)
        row.late += colour == "yellow"
        row.missing += colour == "red"
    ordered = sorted(rows.values(), key=lambda r: (r.unit.kind, r.unit.code))
    return Matrix(kind, year, periods, ordered)


@dataclass
class UnitYear:
    unit: Department
    owed: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    open: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def year_counts(actor: Actor | None, year: int) -> list[UnitYear]:
    """Per unit, the year's dues (by due day) on time, late, missing, open;
    the worst first."""
    today = timesource.today()
    found: dict[int, UnitYear] = {}
    for due in dues_for(actor).filter(due_on__year=year):
        row = found.setdefault(due.unit_id, UnitYear(due.unit))
        row.owed += 1
        colour = light(due, today)
        if colour == "green":
            row.on_time += 1
        elif colour == "yellow":
            row.late += 1
        elif colour == "red":
            row.missing += 1
        else:
            row.open += 1
    return sorted(found.values(), key=lambda r: (-(r.missing + r.late), -r.missing, r.unit.code))


def unit_lists(actor: Actor | None, year: int) -> dict[str, list[ReportDue]]:
    """The unit desk's lists: to submit (open, soonest first), submitted on
    time and late (latest first), of the year's dues in the actor's unit scope."""
    today = timesource.today()
    mine = (
        dues_for(actor)
        .filter(scope_q(actor, dept_field="unit"))
        .filter(Q(due_on__year=year) | Q(submitted_at__isnull=True))
    )
    lists: dict[str, list[ReportDue]] = {"open": [], "submitted": [], "late": []}
    for due in mine.order_by("due_on", "kind__code", "unit__code"):
        colour = light(due, today)
        if colour in ("grey", "red"):
            lists["open"].append(due)
        elif colour == "green":
            lists["submitted"].append(due)
        else:
            lists["late"].append(due)
    lists["submitted"].reverse()
    lists["late"].reverse()
    return lists
