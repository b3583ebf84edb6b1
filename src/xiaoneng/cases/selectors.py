"""Reads of cases, always through the actor's authority."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.org.authority import departments_in_scope, scope_q, unit_of

from .models import Case, CaseOpinion


def case_scope(actor: Any) -> Q:
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


def may_handle(actor: Any, case: Case) -> bool:
    """`case_scope` for one row already read (and locked): the same answer
    without compiling the scope's joins into the lock's query."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    departments = departments_in_scope(actor)
    if departments is None or case.department_id in departments:
        return True
    if actor.pk in (case.applicant_id, case.agent_id):
        return True
    unit = unit_of(actor)
    return (
        unit is not None
        and CaseOpinion.objects.filter(case_id=case.pk, department_id=unit.pk).exists()
    )


def cases_for_actor(actor: Any) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(actor)).select_related("item", "department")


def case_for_actor(actor: Any, case_id: int) -> Case:
    """One case, or not_found — the same answer whether it does not exist or
    the actor may not see it, so ids cannot be probed."""
    case = cases_for_actor(actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound("办件不存在或无权查看", code="case_not_found")
    return case


def case_by_query_code(tracking_no: str, query_code: str) -> Case:
    """The applicant's look-up: tracking number plus the query code given at
    receipt. Both must match; the answer for a wrong pair is not_found."""
    case = (
        Case.objects.select_related("item", "department")
        .filter(tracking_no=tracking_no.strip(), query_digest=sm3_hex(query_code.strip().encode()))
        .first()
    )
    if case is None:
        raise NotFound("办件编号或查询码不正确", code="case_not_found")
    return case
