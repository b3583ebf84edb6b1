"""Reads of inspections, always through the actor's authority.

- Activities: the 督查室 (`inspection.manage`) reads all; a leader
  (`inspection.approve`) those of the organisers in his data scope (his
  portfolio; the mayor all); an organiser (`inspection.register`) those its
  unit organises or co-organises.
- Overlaps: the live activities on a same target within
  `inspection.overlap_days`, or of similar content (a shared item, or the
  titles' bigram Jaccard ≥ `inspection.similarity_percent`).
- Public: an enterprise (credit code + query code) reads the approved and
  held activities on it; the burden page counts per enterprise and organiser;
  the random-inspection page lists draws and published results."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import query_digest
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.system.params import get_param

from . import creditcode
from .models import LIVE, Activity, Draw, Enterprise, EnterpriseReport, Inspector, Status
from .params import OVERLAP_DAYS, SIMILARITY_PERCENT

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

REGISTER = "inspection.register"
APPROVE = "inspection.approve"
MANAGE = "inspection.manage"
SUPERVISE = "supervision.view"  # reads what its findings link to, never acts
READ_PERMISSIONS = (REGISTER, APPROVE, MANAGE, SUPERVISE)
# The units an activity may target or a companion come from.
UNIT_KINDS = (
    DepartmentKind.GOVERNMENT,
    DepartmentKind.DEPARTMENT,
    DepartmentKind.COUNTY,
    DepartmentKind.OFFICE,
    DepartmentKind.WINDOW,
)


def activity_not_found() -> NotFound:
    """An activity that does not exist and one the actor may not see answer alike."""
    return NotFound("活动不存在或无权查看", code="inspection_not_found")


def activities_for(actor: Actor | None) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("organiser")
    if has_perm(actor, MANAGE):
        return qs
    q = Q(pk__in=[])
    if has_perm(actor, APPROVE) or has_perm(actor, SUPERVISE):
        q |= scope_q(actor, dept_field="organiser")
    if has_perm(actor, REGISTER):
        q |= scope_q(actor, dept_field="organiser")
        co = Department.objects.filter(scope_q(actor, dept_field="")).values("pk")
        q |= Q(co_organisers__in=co)
    return qs.filter(q).distinct()


def activity_for(actor: Actor | None, activity_id: Any) -> Activity:
    try:
        pk = int(activity_id)
    except (TypeError, ValueError):
        raise activity_not_found() from None
    row = activities_for(actor).filter(pk=pk).first()
    if row is None:
        raise activity_not_found()
    return row


def draw_of(row: Activity) -> Draw | None:
    """The activity's random draw, if any (the activity already read through
    the actor's authority)."""
    return Draw.objects.filter(activity=row).first()


def awaiting_approval(actor: Actor | None) -> QuerySet[Activity]:
    """The activities pending the actor's approval (his portfolio's organisers)."""
    if not has_perm(actor, APPROVE):
        return Activity.objects.none()
    return (
        Activity.objects.select_related("organiser")
        .filter(scope_q(actor, dept_field="organiser"), status=Status.PENDING)
        .order_by("start_on", "id")
    )


# --- overlaps ------------------------------------------------------------


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if not c.isspace()]
    return {a + b for a, b in itertools.pairwise(chars)}


def jaccard(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Overlap:
    activity: Activity
    reasons: list[str]


def _items(row: Activity) -> set[str]:
    return {str(i).strip() for i in row.items or [] if str(i).strip()}


def overlaps(row: Activity) -> list[Overlap]:
    """Other live activities that overlap `row`: a same target within the
    window, a shared item, or similar titles. Explainable: each with why.

    Reads only what the test needs — the window's pk, title and items, and
    the link rows to this activity's own targets — and loads whole records
    only for the activities that overlap."""
    window = timedelta(days=get_param(OVERLAP_DAYS))
    threshold = get_param(SIMILARITY_PERCENT) / 100
    units = list(row.target_units.values_list("pk", flat=True))
    firms = list(row.target_enterprises.values_list("pk", flat=True))
    mine, grams = _items(row), bigrams(row.title)
    others = (
        Activity.objects.filter(status__in=LIVE)
        .exclude(pk=row.pk)
        .filter(start_on__lte=row.end_on + window, end_on__gte=row.start_on - window)
    )
    same_units: dict[int, list[str]] = defaultdict(list)
    same_firms: dict[int, list[str]] = defaultdict(list)
    if units:
        for pk, name in (
            Activity.target_units.through.objects.filter(
                activity__in=others, department_id__in=units
            )
            .order_by("department__sort", "department_id")
            .values_list("activity_id", "department__name")
        ):
            same_units[pk].append(name)
    if firms:
        for pk, name in (
            Activity.target_enterprises.through.objects.filter(
                activity__in=others, enterprise_id__in=firms
            )
            .order_by("enterprise__credit_code")
            .values_list("activity_id", "enterprise__name")
        ):
            same_firms[pk].append(name)
    found: list[tuple[int, list[str]]] = []
    for pk, title, items in others.order_by("start_on", "id").values_list("pk", "title", "items"):
        reasons = []
        same = same_units.get(pk, []) + same_firms.get(pk, [])
        if same:
            reasons.append("同一对象：" + "、".join(same))
        shared = sorted(mine & {str(i).strip() for i in items or [] if str(i).strip()})
        if shared:
            reasons.append("相同事项：" + "、".join(shared))
        theirs = bigrams(title)
        score = len(grams & theirs) / len(grams | theirs) if grams and theirs else 0.0
        if score >= threshold:
            reasons.append(f"名称相似度 {score:.0%}")
        if reasons:
            found.append((pk, reasons))
    records = Activity.objects.select_related("organiser").in_bulk([pk for pk, _ in found])
    return [Overlap(records[pk], reasons) for pk, reasons in found]


def overlap_unresolved(row: Activity) -> bool:
    """Overlaps the registrant neither merged nor explained."""
    return not row.overlap_reason and bool(overlaps(row))


# --- the annual plan ------------------------------------------------------------

PLAN_COLUMNS = (
    ("registered", "登记"),
    ("approved", "批准"),
    ("merged", "合并"),
    ("cancelled", "取消"),
    ("rejected", "未批准"),
    ("held", "已实施"),
)


def annual_plan(actor: Actor | None, year: int) -> list[dict[str, Any]]:
    """Per organiser: how many registered, approved (held included), merged,
    cancelled, rejected and held in the year (by start date)."""
    qs = Activity.objects.filter(start_on__year=year)
    if not has_perm(actor, MANAGE):
        qs = qs.filter(scope_q(actor, dept_field="organiser"))
    rows = (
        qs.values("organiser__name", "organiser__sort", "organiser__code")
        .annotate(
            registered=Count("pk"),
            approved=Count("pk", filter=Q(status__in=(Status.APPROVED, Status.HELD))),
            merged=Count("pk", filter=Q(status=Status.MERGED)),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            held=Count("pk", filter=Q(status=Status.HELD)),
        )
        .order_by("organiser__sort", "organiser__code")
    )
    return [{"department": r["organiser__name"], **r} for r in rows]


# --- enterprises ------------------------------------------------------------


def enterprise_by_code(credit_code: str, code: str) -> Enterprise:
    """The enterprise whose credit code and query code both match; else one
    NotFound for any mismatch (no hint which was wrong)."""
    row = Enterprise.objects.filter(
        credit_code=creditcode.normalise(credit_code), active=True
    ).first()
    if row is None or not code or row.query_digest != query_digest(code):
        raise NotFound("统一社会信用代码或查询码不正确", code="inspection_enterprise_not_found")
    return row


def schedule_of(enterprise: Enterprise) -> tuple[list[Activity], list[Activity]]:
    """The approved activities on an enterprise still to come, and the past
    (held, or approved whose dates are over); the enterprise sees nothing else."""
    today = timesource.today()
    qs = (
        enterprise.activities.filter(status__in=(Status.APPROVED, Status.HELD))
        .select_related("organiser")
        .prefetch_related("co_organisers")
        .order_by("start_on", "id")
    )
    coming = [a for a in qs if a.status == Status.APPROVED and a.end_on >= today]
    past = [a for a in qs if a not in coming]
    return coming, past


def enterprises_for(actor: Actor | None) -> QuerySet[Enterprise]:
    if not has_perm(actor, MANAGE):
        return Enterprise.objects.none()
    return Enterprise.objects.all()


def inspectors_for(actor: Actor | None) -> QuerySet[Inspector]:
    qs = Inspector.objects.select_related("department")
    if has_perm(actor, MANAGE):
        return qs
    if has_perm(actor, REGISTER):
        return qs.filter(scope_q(actor, dept_field="department"))
    return Inspector.objects.none()


def reports_for(actor: Actor | None) -> QuerySet[EnterpriseReport]:
    if not has_perm(actor, MANAGE):
        return EnterpriseReport.objects.none()
    return EnterpriseReport.objects.select_related("enterprise", "activity", "organiser")


# --- public pages ------------------------------------------------------------


def public_activities(year: int) -> QuerySet[Activity]:
    """The year's approved and held activities: what is public of them (a
    pending one may still be refused), newest first."""
    return (
        Activity.objects.filter(start_on__year=year, status__in=(Status.APPROVED, Status.HELD))
        .select_related("organiser")
        .order_by("-start_on", "-id")
    )


def burden(year: int) -> dict[str, list[tuple[str, int]]]:
    """The year's approved and held activities counted per enterprise
    (by name) and per organising department (co-organisers too)."""
    qs = public_activities(year)
    firms: Counter[str] = Counter()
    units: Counter[str] = Counter()
    for a in qs.prefetch_related("target_enterprises", "co_organisers").select_related("organiser"):
        for e in a.target_enterprises.all():
            firms[e.name] += 1
        units[a.organiser.name] += 1
        for d in a.co_organisers.all():
            units[d.name] += 1
    return {
        "enterprises": sorted(firms.items(), key=lambda kv: (-kv[1], kv[0])),
        "departments": sorted(units.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def public_draws() -> QuerySet[Draw]:
    """Draws of approved or held activities (a pending one may still be refused)."""
    return (
        Draw.objects.filter(activity__status__in=(Status.APPROVED, Status.HELD))
        .select_related("activity", "activity__organiser")
        .order_by("-drawn_on", "-id")
    )


def public_draw(draw_id: Any) -> Draw:
    try:
        pk = int(draw_id)
    except (TypeError, ValueError):
        pk = 0
    row = public_draws().filter(pk=pk).first()
    if row is None:
        raise NotFound("抽取记录不存在", code="inspection_draw_not_found")
    return row


def enterprise_names(codes: list[str]) -> dict[str, str]:
    return dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "name"))


def year_of(value: Any, today: date) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= 2100 else today.year
