"""Reads of proactive disclosure, always through the actor's authority.

- A unit (`openinfo.publish`) reads the items of the departments in its data
  scope (its own; the government office: every unit's).
- The government office (`openinfo.manage`, scope all) reads every unit's
  items for the city overview, the review records and the annual reports.
- The public reads only published items (`public_items`) and published
  reports (`published_reports`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock import AlertBounds, AlertLevel
from xiaoneng.core.errors import NotFound
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.web.lights import light_text, light_words

from . import clock
from .models import (
    AnnualReport,
    Category,
    DisclosureItem,
    ItemStatus,
    ReportStatus,
    ReviewRecord,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PUBLISH = "openinfo.publish"
MANAGE = "openinfo.manage"
READ_PERMISSIONS = (PUBLISH, MANAGE)
MAX_YEAR = 9999  # a report's year column is a small integer


def item_not_found() -> NotFound:
    return NotFound("主动公开信息不存在或无权查看", code="openinfo_item_not_found")


def items_for(actor: Actor | None) -> QuerySet[DisclosureItem]:
    qs = DisclosureItem.objects.select_related("department", "interprets")
    if not any(has_perm(actor, p) for p in READ_PERMISSIONS):
        return qs.none()
    return qs.filter(scope_q(actor, dept_field="department"))


def item_for(actor: Actor | None, pk: Any) -> DisclosureItem:
    row = items_for(actor).filter(pk=pk if isinstance(pk, int) else 0).first()
    if row is None:
        raise item_not_found()
    return row


def policy_documents_for(actor: Actor | None) -> QuerySet[DisclosureItem]:
    """The policy documents an interpretation may be linked to."""
    return items_for(actor).filter(category=Category.POLICY).order_by("-formed_on", "-id")


@dataclass(frozen=True)
class LitItem:
    item: DisclosureItem
    level: str
    label: str
    css: str
    text: str


def lit(items: list[DisclosureItem], today: date) -> list[LitItem]:
    """Each item with its light (published: 已公开 / 超期公开)."""
    calendar = current_calendar()
    out = []
    for row in items:
        level = clock.level(row.status, row.due_on, today, calendar)
        if level == AlertLevel.NONE:
            text = "超期公开" if row.late else "按期公开"
            out.append(LitItem(row, level, "", "xn-tag-info", text))
            continue
        label, css = light_words(level)
        remaining = (
            calendar.workdays_between(today, row.due_on)
            if row.due_on >= today
            else -calendar.workdays_between(row.due_on, today)
        )
        out.append(LitItem(row, level, label, css, light_text(level, remaining)))
    return out


def light_q(level: str, today: date) -> Q:
    """Pending items of a light, by their stored due day (indexed)."""
    bounds = AlertBounds.on(today, current_calendar(), clock.WARNING_DAYS)
    pending = Q(status=ItemStatus.PENDING)
    if level == AlertLevel.OVERDUE:
        return pending & Q(due_on__lt=today)
    if level == AlertLevel.WARNING:
        return pending & Q(due_on__gte=today, due_on__lte=bounds.warn_until)
    return pending & Q(due_on__gt=bounds.warn_until)


@dataclass(frozen=True)
class UnitCounts:
    department_id: int
    name: str
    pending: int
    overdue: int
    published: int
    late: int


def city_overview(actor: Actor | None, today: date) -> list[UnitCounts]:
    """Per unit: items waiting, overdue, published, published late."""
    if not has_perm(actor, MANAGE):
        return []
    rows = (
        items_for(actor)
        .values("department_id", "department__name")
        .annotate(
            pending=Count("id", filter=Q(status=ItemStatus.PENDING)),
            overdue=Count("id", filter=light_q(AlertLevel.OVERDUE, today)),
            published=Count("id", filter=Q(status=ItemStatus.PUBLISHED)),
            late=Count("id", filter=Q(late=True)),
        )
        .order_by("department__name")
    )
    return [
        UnitCounts(
            r["department_id"],
            r["department__name"],
            r["pending"],
            r["overdue"],
            r["published"],
            r["late"],
        )
        for r in rows
    ]


def late_items(actor: Actor | None, today: date) -> QuerySet[DisclosureItem]:
    """Every item in scope overdue now or published late."""
    return items_for(actor).filter(light_q(AlertLevel.OVERDUE, today) | Q(late=True))


def published_in(actor: Actor | None, year: int) -> QuerySet[DisclosureItem]:
    return (
        items_for(actor)
        .filter(status=ItemStatus.PUBLISHED, published_on__year=year)
        .order_by("published_on", "id")
    )


# --- public ------------------------------------------------------------------------


def public_items(*, department: str = "", category: str = "") -> QuerySet[DisclosureItem]:
    """Published items, newest first, with their interpretations."""
    qs = (
        DisclosureItem.objects.filter(status=ItemStatus.PUBLISHED)
        .select_related("department", "interprets")
        .prefetch_related("interpretations")
        .order_by("-published_on", "-id")
    )
    if department:
        qs = qs.filter(department__code=department)
    if category in Category.values:
        qs = qs.filter(category=category)
    return qs


def public_item(pk: Any) -> DisclosureItem:
    row = public_items().filter(pk=pk if isinstance(pk, int) else 0).first()
    if row is None:
        raise item_not_found()
    return row


def published_interpretations(row: DisclosureItem) -> list[DisclosureItem]:
    return [i for i in row.interpretations.all() if i.status == ItemStatus.PUBLISHED]


def catalogue(items: list[DisclosureItem]) -> list[dict[str, Any]]:
    """Published items grouped by unit, then category (the catalogue's order).
    A policy interpretation is listed under 政策解读 like any item (and shown
    again with its policy document): it stays in the catalogue whatever
    becomes of its document, and the 政策解读 filter finds it."""
    units: dict[str, dict[str, list[DisclosureItem]]] = {}
    for row in items:
        units.setdefault(row.department.name, {}).setdefault(row.category, []).append(row)
    labels = dict(Category.choices)
    return [
        {
            "unit": unit,
            "categories": [
                {"label": labels[c], "items": cats[c]} for c in Category.values if c in cats
            ],
        }
        for unit, cats in sorted(units.items())
    ]


# --- review records and reports ----------------------------------------------------


def reviews_for(actor: Actor | None) -> QuerySet[ReviewRecord]:
    if not has_perm(actor, MANAGE):
        return ReviewRecord.objects.none()
    return ReviewRecord.objects.select_related("department").filter(
        scope_q(actor, dept_field="department")
    )


def reports_for(actor: Actor | None) -> QuerySet[AnnualReport]:
    if not has_perm(actor, MANAGE):
        return AnnualReport.objects.none()
    return AnnualReport.objects.all()


def report_for(actor: Actor | None, year: int) -> AnnualReport | None:
    return reports_for(actor).filter(year=year).first()


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).order_by("-year")


def published_report(year: Any) -> AnnualReport:
    wanted = year if isinstance(year, int) and 0 < year <= MAX_YEAR else 0
    row = published_reports().filter(year=wanted).first()
    if row is None:
        raise NotFound("年度报告不存在或尚未公开", code="openinfo_report_not_found")
    return row
