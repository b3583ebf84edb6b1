"""What every part of trading shares: who reads a project, the locked
project for an action in a named capacity, the party or expert a signed-in
user is, the audit event, the supervision subject and the ocid.

管办分离 — each capacity acts only in its own place:
- `RUNNER`: the tenderer's project staff (`trading.tender`, within their
  data scope over `Project.tenderer`) or the agency it entrusted
  (`trading.agency`, a member of `Project.agency`): registration,
  announcement, documents, clarifications, answers to objections;
- `TENDERER`: the tenderer's own staff only (定标 and the contract are the
  tenderer's, 招标投标法 art. 40, 46);
- `CENTRE`: the trading centre (`trading.operate`), city-wide: acceptance,
  venues, the opening, the expert draw, attendance;
- `REGULATOR`: the kind's regulator (`trading.regulate`, its department
  `Regulation.department` in the user's data scope): complaints, suspension.
Bidders (`trading.bid`) and experts (`trading.expert`) act on their own bids
and evaluations only (`party_of`, `expert_of`); they never read a project's
internal rows. The supervision bureau (`supervision.manage`/`view`) reads all.
Seeing a project is not acting on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, NotFound, PermissionDenied
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import (
    covers_department,
    departments_in_scope,
    has_perm,
    require,
    require_any,
)
from xiaoneng.org.models import User
from xiaoneng.supervision.subjects import Subject

from .models import Expert, Party, Project, Regulation, Round, Status

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TENDER = "trading.tender"
AGENCY = "trading.agency"
OPERATE = "trading.operate"
REGULATE = "trading.regulate"
BID = "trading.bid"
EXPERT = "trading.expert"
SUPERVISE = "supervision.manage"
SUPERVISE_VIEW = "supervision.view"

Capacity = Literal["runner", "tenderer", "centre", "regulator"]
RUNNER: Capacity = "runner"
TENDERER: Capacity = "tenderer"
CENTRE: Capacity = "centre"
REGULATOR: Capacity = "regulator"

CLOSED_STATUSES = (Status.CONTRACTED, Status.TERMINATED, Status.REJECTED)
# What the public sees: a project once announced (not while it waits to be accepted).
PUBLIC_STATUSES = (
    Status.TENDERING,
    Status.RETENDER,
    Status.EVALUATING,
    Status.PUBLICISING,
    Status.AWARDED,
    Status.CONTRACTED,
    Status.TERMINATED,
)


def regulated_kinds(actor: Actor | None) -> list[str]:
    """The kinds whose regulator department lies in the actor's data scope."""
    if not has_perm(actor, REGULATE):
        return []
    scope = departments_in_scope(actor)
    rows = Regulation.objects.values_list("kind", "department_id")
    return [kind for kind, dept in rows if scope is None or dept in scope]


def agency_ids(actor: Actor | None) -> list[int]:
    """The agencies the actor works for (its `Party` memberships with `is_agency`)."""
    if actor is None or not has_perm(actor, AGENCY):
        return []
    return list(
        Party.objects.filter(
            members__pk=getattr(actor, "pk", 0) or 0, is_agency=True, active=True
        ).values_list("pk", flat=True)
    )


def projects_for(actor: Actor | None) -> QuerySet[Project]:
    """Every project the actor may read (see the module's docstring)."""
    qs = Project.objects.select_related("tenderer", "agency")
    if has_perm(actor, OPERATE) or has_perm(actor, SUPERVISE) or has_perm(actor, SUPERVISE_VIEW):
        return qs
    q = Q(pk__in=[])
    if has_perm(actor, TENDER):
        scope = departments_in_scope(actor)
        q |= Q() if scope is None else Q(tenderer_id__in=scope)
    if ids := agency_ids(actor):
        q |= Q(agency_id__in=ids)
    if kinds := regulated_kinds(actor):
        q |= Q(kind__in=kinds)
    return qs.filter(q)


def missing_project() -> NotFound:
    return NotFound("交易项目不存在或无权查看", code="trading_project_not_found")


def missing_round() -> NotFound:
    return NotFound("招标轮次不存在或无权查看", code="trading_round_not_found")


def project_for(actor: Actor | None, pk: Any) -> Project:
    row = projects_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise missing_project()
    return row


def acts_as(user: User, project: Project, capacity: Capacity) -> bool:
    """Whether `user` holds `capacity` on `project` (permission and place)."""
    if capacity == CENTRE:
        return has_perm(user, OPERATE)
    if capacity == REGULATOR:
        return project.kind in regulated_kinds(user)
    tenderer = has_perm(user, TENDER) and covers_department(user, project.tenderer_id)
    if capacity == TENDERER:
        return tenderer
    return tenderer or (project.agency_id is not None and project.agency_id in agency_ids(user))


_CAPACITY_PERMS: dict[str, tuple[str, ...]] = {
    RUNNER: (TENDER, AGENCY),
    TENDERER: (TENDER,),
    CENTRE: (OPERATE,),
    REGULATOR: (REGULATE,),
}


def locked_project(
    actor: Actor | None, pk: Any, capacity: Capacity, *, allow_suspended: bool = False
) -> tuple[User, Project]:
    """The user (acting in `capacity`) and the project, row locked. A project
    outside the user's place is not there (404); a closed one is final
    (409); a suspended one waits for its regulator (409) unless the step
    says it may go on (`allow_suspended`: the regulator's own steps)."""
    perms = _CAPACITY_PERMS[capacity]
    user = require_any(actor, perms)
    row = (
        Project.objects.select_for_update(of=("self",))
        .select_related("tenderer", "agency")
        .filter(pk=as_int(pk) or 0)
        .first()
    )
    if row is None or not acts_as(user, row, capacity):
        raise missing_project()
    if row.status in CLOSED_STATUSES:
        raise Conflict("项目已签订合同或已终止，不得再改动", code="trading_project_closed")
    if row.suspended_at is not None and not allow_suspended:
        raise Conflict(
            "项目已被行业监管部门暂停",
            code="trading_project_suspended",
            detail={"reason": row.suspended_reason},
        )
    return user, row


def locked_round(
    actor: Actor | None, round_id: Any, capacity: Capacity, *, allow_suspended: bool = False
) -> tuple[User, Project, Round]:
    """The user, the round's project (row locked, in `capacity`) and the round."""
    pk = as_int(round_id) or 0
    pid = Round.objects.filter(pk=pk).values_list("project_id", flat=True).first()
    if pid is None:
        raise missing_round()
    user, project = locked_project(actor, pid, capacity, allow_suspended=allow_suspended)
    return user, project, Round.objects.get(pk=pk)


def step_refused(project: Project, step: str) -> Conflict:
    return Conflict(
        f"项目当前状态（{project.get_status_display()}）不允许{step}",
        code="trading_step_not_allowed",
        detail={"status": project.status},
    )


def party_of(actor: Actor | None) -> tuple[User, Party]:
    """The signed-in bidder and the party it acts for."""
    user = require(actor, BID)
    party = Party.objects.filter(members=user, is_bidder=True, active=True).first()
    if party is None:
        raise PermissionDenied("账号未关联交易主体", code="trading_party_required")
    return user, party


def expert_of(actor: Actor | None) -> tuple[User, Expert]:
    """The signed-in expert and its pool entry."""
    user = require(actor, EXPERT)
    expert = Expert.objects.filter(user=user, active=True).first()
    if expert is None:
        raise PermissionDenied("账号未关联评标专家", code="trading_expert_required")
    return user, expert


def ocid(project: Project) -> str:
    return f"{settings.TRADING_OCID_PREFIX}-{project.code}"


def subject(project: Project) -> Subject:
    return Subject(
        kind="trading_project",
        ref=project.pk,
        title=f"{project.code} {project.title}",
        url=reverse("trading:project", args=[project.pk]),
        department_id=project.tenderer_id,
    )


def event(user: User | None, project: Project, what: str, **payload: Any) -> None:
    """The audit event `trading.<what>` on the project. Never a sealed bid's
    content: only its id, bidder and digest until it is opened."""
    record_event(
        actor=user,
        event_type=f"trading.{what}",
        object_type="trading_project",
        object_id=project.pk,
        payload=payload,
    )
