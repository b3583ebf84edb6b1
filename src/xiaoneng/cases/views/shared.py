"""What the case desks share: access, the clock as staff read it (status tag,
light, working days left)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from xiaoneng.cases.alerts import alert_of, days_left, light_text
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.errors import NotFound
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm

# Who may open the shared case page (read); each step still checks its own permission.
STAFF_PERMISSIONS = (
    "case.intake",
    "case.review",
    "case.decide",
    "case.extend.approve",
    "leader.approve",
    "supervision.view",
)

STATUS_TAGS: dict[str, str] = {
    CaseStatus.RECEIVED: "",
    CaseStatus.SUPPLEMENTING: "xn-tag-warning",
    CaseStatus.SUPPLEMENTED: "",
    CaseStatus.ACCEPTED: "",
    CaseStatus.SUSPENDED: "xn-tag-warning",
    CaseStatus.DECIDED: "xn-tag-success",
    CaseStatus.DELIVERED: "xn-tag-success",
    CaseStatus.REFUSED: "xn-tag-danger",
    CaseStatus.WITHDRAWN: "xn-tag-info",
}

LIGHTS = {
    AlertLevel.NORMAL: ("绿灯", "xn-tag-success"),
    AlertLevel.WARNING: ("黄灯", "xn-tag-warning"),
    AlertLevel.OVERDUE: ("红灯", "xn-tag-danger"),
}

# The deadline that runs in each status, as the header names it.
DUE_LABELS: dict[str, str] = {
    CaseStatus.RECEIVED: "受理（告知）期限",
    CaseStatus.SUPPLEMENTED: "受理期限",
    CaseStatus.ACCEPTED: "办结期限",
    CaseStatus.SUSPENDED: "中止时的办结期限",
    CaseStatus.DECIDED: "送达期限",
}


def require_any(request: HttpRequest, *permissions: str) -> None:
    """403 unless the signed-in user holds one of the function permissions."""
    if not any(has_perm(request.user, code) for code in permissions):
        raise PermissionDenied


def visible_case(actor: Any, pk: int) -> Case:
    """The case through the actor's scope; 404 whether absent or out of scope."""
    try:
        return case_for_actor(actor, pk)
    except NotFound:
        raise Http404("办件不存在或无权查看") from None


def load_case(actor: Any, pk: int) -> Case:
    """A visible case with what its page shows fetched in a few queries."""
    case = visible_case(actor, pk)
    prefetch_related_objects(
        [case], "events", "item__materials", "opinions__department", "opinions__given_by"
    )
    return case


def by_urgency(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Most urgent first: the earliest running deadline, cases without one last."""
    return qs.order_by(F("due_on").asc(nulls_last=True), "id")


def search(qs: QuerySet[Case], query: str, status: str) -> QuerySet[Case]:
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(tracking_no__icontains=query)
            | Q(applicant_name__icontains=query)
            | Q(item__name__icontains=query)
            | Q(item__code=query)
        )
    if status:
        qs = qs.filter(status=status)
    return qs


@dataclass(frozen=True)
class Light:
    """The supervision light of a case with its working days left."""

    level: str  # AlertLevel value
    label: str  # 绿灯 / 黄灯 / 红灯, or "" when no deadline runs
    css: str
    remaining: int | None
    text: str
    due: date | None  # the running deadline; while paused, as it stood when the clock stopped


def light_of(case: Case, today: date, calendar: WorkCalendar) -> Light:
    """The light as the stored clock gives it (`cases.alerts`)."""
    level = alert_of(case, today, calendar)
    if level == AlertLevel.NONE or case.due_on is None:
        return Light(level.value, "", "xn-tag-info", None, _no_light_text(case), case.due_on)
    remaining, due = days_left(case, today, calendar)
    paused = case.status == CaseStatus.SUSPENDED
    label, css = LIGHTS[level]
    return Light(level.value, label, css, remaining, light_text(level, remaining, paused), due)


def _no_light_text(case: Case) -> str:
    if case.status == CaseStatus.SUPPLEMENTING:
        return "待申请人补正，不计时"
    if case.status == CaseStatus.DELIVERED:
        return "按期办结" if case.on_time else "办结（超期）"
    return "—"


@dataclass(frozen=True)
class CaseRow:
    case: Case
    status_css: str
    light: Light


def case_rows(cases: Any, today: date, calendar: WorkCalendar) -> list[CaseRow]:
    return [CaseRow(c, STATUS_TAGS.get(c.status, ""), light_of(c, today, calendar)) for c in cases]


def once(response: HttpResponse) -> HttpResponse:
    """A page with the query code: kept by no cache, not even the browser's."""
    add_never_cache_headers(response)
    return response
