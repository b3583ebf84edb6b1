"""The scoped reads of front-line work: a leader reads their own visits;
`supervision.view` reads all; a unit (`frontline.follow`) reads the
problems handed to the units in its data scope (and the visits they came
from). Per-leader counts of a year."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.models.emergencies import FieldVisit, VisitIssue, VisitKind
from xiaoneng.org.authority import has_perm, scope_q

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

ALL = "supervision.view"
LOG = "frontline.log"
FOLLOW = "frontline.follow"
READ = (ALL, LOG, FOLLOW)


def visits_for(actor: Actor) -> QuerySet[FieldVisit]:
    if has_perm(actor, ALL):
        qs = FieldVisit.objects.all()
    elif not any(has_perm(actor, p) for p in READ):
        return FieldVisit.objects.none()
    else:
        q = Q(leader_id=getattr(actor, "pk", None) or 0)
        if has_perm(actor, FOLLOW):
            q |= Q(
                pk__in=VisitIssue.objects.filter(scope_q(actor, dept_field="unit")).values(
                    "visit_id"
                )
            )
        qs = FieldVisit.objects.filter(q)
    return qs.select_related("leader", "leader__department")


def visit_for(actor: Actor, pk: Any) -> FieldVisit:
    row = visits_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("一线工作记录不存在或无权查看", code="office_visit_not_found")
    return row


def issues_for(actor: Actor) -> QuerySet[VisitIssue]:
    """The problems the actor sees: all (supervision.view), those of the
    actor's own visits, and those handed to the units in the actor's scope
    (frontline.follow)."""
    if has_perm(actor, ALL):
        qs = VisitIssue.objects.all()
    elif not any(has_perm(actor, p) for p in READ):
        return VisitIssue.objects.none()
    else:
        q = Q(visit__leader_id=getattr(actor, "pk", None) or 0)
        if has_perm(actor, FOLLOW):
            q |= scope_q(actor, dept_field="unit")
        qs = VisitIssue.objects.filter(q)
    return qs.select_related("unit", "visit", "visit__leader")


def issue_for(actor: Actor, pk: Any) -> VisitIssue:
    row = issues_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("调研发现问题不存在或无权查看", code="office_visit_issue_not_found")
    return row


def to_handle(actor: Actor) -> QuerySet[VisitIssue]:
    """The unit's open problems (frontline.follow over its scope)."""
    if not has_perm(actor, FOLLOW):
        return VisitIssue.objects.none()
    return (
        VisitIssue.objects.filter(scope_q(actor, dept_field="unit"), resolved_at__isnull=True)
        .select_related("unit", "visit", "visit__leader")
        .order_by("due_on", "id")
    )


def leader_counts(actor: Actor, year: int, today: date) -> list[dict[str, Any]]:
    """Per leader of the visits the actor sees in `year`: visits by kind,
    problems raised, resolved, open past their deadline."""
    visits = visits_for(actor).filter(visited_on__year=year)
    rows: dict[int, dict[str, Any]] = {}
    for v in visits.values("leader_id", "leader__real_name", "leader__username", "kind").annotate(
        n=Count("id")
    ):
        row = rows.setdefault(
            v["leader_id"],
            {
                "leader": v["leader__real_name"] or v["leader__username"],
                "total": 0,
                "issues": 0,
                "resolved": 0,
                "overdue": 0,
            }
            | dict.fromkeys(VisitKind.values, 0),
        )
        row[v["kind"]] += v["n"]
        row["total"] += v["n"]
    issues = (
        VisitIssue.objects.filter(visit__in=visits)
        .values("visit__leader_id")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(resolved_at__isnull=False)),
            late=Count("id", filter=Q(resolved_at__isnull=True, due_on__lt=today)),
        )
    )
    for i in issues:
        row = rows[i["visit__leader_id"]]
        row.update(issues=i["n"], resolved=i["done"], overdue=i["late"])
    return sorted(rows.values(), key=lambda r: (-r["total"], r["leader"]))
