"""Who may read a case's documents: whoever may see the case through its
scope (`case_for_actor`) and either handles or supervises cases, or is the
applicant (or the applicant's agent) of that very case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects

from xiaoneng.cases.models import Case
from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.org.authority import has_perm

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

STAFF_PERMISSIONS = (
    "case.intake",
    "case.review",
    "case.decide",
    "case.extend.approve",
    "supervision.view",
)


def case_for_documents(actor: Actor, case_id: int) -> Case:
    """The case with its events, or case_not_found (404) — the same answer
    whether it does not exist or lies outside the actor's reach."""
    case = case_for_actor(actor, case_id)
    own = actor.pk in (case.applicant_id, case.agent_id)
    if not own and not any(has_perm(actor, code) for code in STAFF_PERMISSIONS):
        raise case_not_found()
    prefetch_related_objects([case], "events")
    return case
