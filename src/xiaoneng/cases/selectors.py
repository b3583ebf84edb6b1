"""Reads of cases, always through the actor's authority."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.catalog.selectors import published_items
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import query_digest
from xiaoneng.org.authority import covers_department, has_perm, scope_q, unit_of

from .authority import approvable_extensions
from .models import Case, CaseAttachment, CaseOpinion, CaseStatus
from .vocabulary import case_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def case_scope(actor: Actor) -> Q:
    """Cases an actor may see: its data scope over the handling department,
    its own applications and agencies, and cases its department gives an
    opinion on (并联审批)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    q = scope_q(actor, dept_field="department") | Q(applicant=actor) | Q(agent=actor)
    unit = unit_of(actor)
    if unit is not None:
        q |= Q(Exists(CaseOpinion.objects.filter(case=OuterRef("pk"), department_id=unit.pk)))
    return q


def may_handle(actor: Actor, case: Case) -> bool:
    """`case_scope` for one row already read (and locked): the same answer
    without compiling the scope's joins into the lock's query."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if covers_department(actor, case.department_id):
        return True
    if actor.pk in (case.applicant_id, case.agent_id):
        return True
    unit = unit_of(actor)
    return (
        unit is not None
        and CaseOpinion.objects.filter(case_id=case.pk, department_id=unit.pk).exists()
    )


def cases_for_actor(actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(actor)).select_related("item", "department")


def case_for_actor(actor: Actor, case_id: int) -> Case:
    """One case, or not_found — the same answer whether it does not exist or
    the actor may not see it, so ids cannot be probed."""
    case = cases_for_actor(actor).filter(pk=case_id).first()
    if case is None:
        raise case_not_found()
    return case


def case_by_query_code(tracking_no: str, query_code: str) -> Case:
    """The applicant's look-up: tracking number plus the query code given at
    receipt. Both must match; the answer for a wrong pair is not_found."""
    case = (
        Case.objects.select_related("item", "department")
        .filter(tracking_no=tracking_no.strip(), query_digest=query_digest(query_code))
        .first()
    )
    if case is None:
        raise case_not_found("办件编号或查询码不正确")
    return case


# --- the desks: the window's queue, the review desk ---------------------------------

# The cases the review desk lists (我的办件).
IN_HANDLING = (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.DECIDED)
DESK_LISTED = 50  # extension requests and owed opinions shown at once


def open_cases(actor: Actor) -> QuerySet[Case]:
    """The window's queue: the open cases the actor may see."""
    return cases_for_actor(actor).filter(is_open=True)


def open_case_counts(actor: Actor) -> dict[str, int]:
    """The window's counters over `open_cases`, in one query."""
    return open_cases(actor).aggregate(
        total=Count("id"),
        intake=Count("id", filter=Q(status__in=[CaseStatus.RECEIVED, CaseStatus.SUPPLEMENTED])),
        supplementing=Count("id", filter=Q(status=CaseStatus.SUPPLEMENTING)),
        processing=Count("id", filter=Q(status__in=[CaseStatus.ACCEPTED, CaseStatus.SUSPENDED])),
        decided=Count("id", filter=Q(status=CaseStatus.DECIDED)),
    )


def bureau_items(actor: Actor, query: str = "") -> QuerySet[ApprovalItem]:
    """Published items of the actor's bureau (its window receives only those)."""
    unit = unit_of(actor)
    if unit is None:
        return ApprovalItem.objects.none()
    return published_items(query=query, department=unit)


def bureau_item(actor: Actor, code: str) -> ApprovalItem | None:
    """One of `bureau_items` with what the intake form shows (materials,
    co-departments)."""
    return (
        bureau_items(actor)
        .filter(code=code)
        .prefetch_related("materials", "co_departments__department")
        .first()
    )


def bureau_cases_in_handling(actor: Actor) -> QuerySet[Case]:
    """我的办件: the bureau's own cases in handling (not those it only gives
    an opinion on)."""
    return cases_for_actor(actor).filter(
        scope_q(actor, dept_field="department"), status__in=IN_HANDLING
    )


def extensions_to_approve(actor: Actor) -> QuerySet[Case]:
    """Extension requests awaiting this approver (延期审批)."""
    return cases_for_actor(actor).filter(
        approvable_extensions(actor),
        extension_requested_days__gt=0,
        extension_days=0,
        status__in=[CaseStatus.ACCEPTED, CaseStatus.SUSPENDED],
    )


def opinions_owed(actor: Actor) -> list[CaseOpinion]:
    """The opinions the actor's bureau owes on open cases it may see (会签),
    soonest due first; none for an actor who does not review."""
    unit = unit_of(actor)
    if unit is None or not has_perm(actor, "case.review"):
        return []
    return list(
        CaseOpinion.objects.filter(
            department=unit, given_on__isnull=True, case__in=open_cases(actor)
        )
        .select_related("case__item", "case__department")
        .order_by("due_on", "id")[:DESK_LISTED]
    )


# --- application materials -------------------------------------------------------


def attachments_of(actor: Actor, case_id: int) -> QuerySet[CaseAttachment]:
    """The attachments of a case the actor may see (not_found otherwise)."""
    case = case_for_actor(actor, case_id)
    return case.attachments.select_related("uploaded_by").order_by("id")


def attachment_for(actor: Actor, case_id: int, attachment_id: int) -> CaseAttachment:
    attachment = attachments_of(actor, case_id).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("附件不存在或无权查看", code="attachment_not_found")
    return attachment


# --- the workbench's 待办 (counts of the desks' own lists) ----------------------------


def open_status_counts(actor: Actor) -> dict[str, int]:
    """`open_cases` by status, in one query: the window queue filtered by a
    status lists exactly these rows."""
    rows = open_cases(actor).order_by().values_list("status").annotate(n=Count("id"))
    return dict(rows)


def handling_status_counts(actor: Actor) -> dict[str, int]:
    """`bureau_cases_in_handling` by status, in one query (审查决定's filter)."""
    rows = bureau_cases_in_handling(actor).order_by().values_list("status").annotate(n=Count("id"))
    return dict(rows)


def opinions_owed_count(actor: Actor) -> int:
    """How many opinions `opinions_owed` lists (without its cap), one count."""
    unit = unit_of(actor)
    if unit is None or not has_perm(actor, "case.review"):
        return 0
    return CaseOpinion.objects.filter(
        department=unit, given_on__isnull=True, case__in=open_cases(actor)
    ).count()
