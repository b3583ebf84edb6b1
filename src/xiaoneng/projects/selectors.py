"""Reads of project dossiers, scoped by the actor's authority: the lead
department and the landing county see theirs through their data scope, an
agent sees the dossiers assigned to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from xiaoneng.core.errors import NotFound
from xiaoneng.org.authority import has_perm, require, scope_q
from xiaoneng.org.models import Department, DepartmentKind, User

from .models import AgentAssignment, DossierCase, DossierStatus, ProjectDossier
from .timeline import TimelineEntry, timeline_of

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def dossier_scope(actor: Actor) -> Q:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(agent_id=actor.pk)
    if has_perm(actor, "project.view"):
        q |= scope_q(actor, dept_field="lead_department") | scope_q(actor, dept_field="county")
    return q


def dossiers_for_actor(actor: Actor) -> QuerySet[ProjectDossier]:
    if not has_perm(actor, "case.agent"):
        require(actor, "project.view")
    return (
        ProjectDossier.objects.filter(dossier_scope(actor))
        .select_related("county", "lead_department", "agent")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=DossierCase.objects.select_related(
                    "case__item", "case__department"
                ).order_by("id"),
            )
        )
    )


def dossier_for_actor(actor: Actor, dossier_id: int) -> ProjectDossier:
    """One dossier, or not_found — the same answer whether absent or out of scope."""
    dossier = dossiers_for_actor(actor).filter(pk=dossier_id).first()
    if dossier is None:
        raise NotFound("项目档案不存在或无权查看", code="dossier_not_found")
    return dossier


def agent_dossiers(actor: Actor) -> QuerySet[ProjectDossier]:
    """The agent's desk: its own dossiers, open ones first."""
    require(actor, "case.agent")
    return open_first(dossiers_for_actor(actor).filter(agent_id=actor.pk))


def open_first(qs: QuerySet[ProjectDossier]) -> QuerySet[ProjectDossier]:
    """Unfinished dossiers first, newest first within each group."""
    closed = Case(
        When(status=DossierStatus.CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return qs.order_by(closed, "-id")


def open_load(agent_ids: list[int]) -> dict[int, int]:
    """How many unfinished dossiers each agent carries."""
    rows = (
        ProjectDossier.objects.filter(agent_id__in=agent_ids)
        .exclude(status=DossierStatus.CLOSED)
        .values("agent_id")
        .order_by()
        .annotate(n=Count("id"))
    )
    return {**dict.fromkeys(agent_ids, 0), **{r["agent_id"]: r["n"] for r in rows}}


def counties() -> QuerySet[Department]:
    return Department.objects.filter(kind=DepartmentKind.COUNTY, active=True).order_by("sort")


def county_agents(county: Department) -> QuerySet[User]:
    return User.objects.filter(
        agent_assignments__county=county, agent_assignments__active=True, is_active=True
    ).order_by("agent_assignments__id")


def assignments() -> QuerySet[AgentAssignment]:
    return AgentAssignment.objects.select_related("county", "agent")


def open_dossier_count(actor: Actor) -> int:
    """The workbench tile: unfinished dossiers the actor may see."""
    return dossiers_for_actor(actor).exclude(status=DossierStatus.CLOSED).count()


def dossier_timeline(dossier: ProjectDossier) -> list[TimelineEntry]:
    """Every dated step of every approval of the project, late ones marked
    (timeline.py). The caller has checked the reader may see the dossier:
    `dossier_for_actor`, or the enterprise's own account by its credit code."""
    return timeline_of(dossier)
