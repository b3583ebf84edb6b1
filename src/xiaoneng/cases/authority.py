"""Who may act on a case, step by step: the one table every action, API
endpoint and page button asks. Seeing a case (`selectors.case_scope`) is not
acting on it: a co-department sees a parallel case to give its opinion and
does nothing else (domain rules §2.6); an extension is approved by the head
of the organ, or for unified handling by the head of the government
(ALL art. 42, domain rules §2.4–2.5)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from xiaoneng.catalog.models import HandlingMode
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.org.authority import PERMISSIONS, covers_department, has_perm, scope_q, unit_of

from .models import Case, CaseOpinion

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


class Part(StrEnum):
    """Whose step it is, beside the function permission."""

    LEAD = "lead"  # staff whose data scope covers the handling department
    OPINION = "opinion"  # a co-department with an opinion task on the case
    APPLICANT = "applicant"  # the applicant's own account, or their agent
    ORGAN_HEAD = "organ_head"  # 本行政机关负责人: a head in the handling department itself
    GOVERNMENT = "government"  # 本级人民政府负责人 over the handling department


# The steps (the API's and the page's slugs) and who may take each: any of
# (function permission, part). The extension's approver depends on the mode.
SINGLE_HEAD = (("case.extend.approve", Part.ORGAN_HEAD),)
GOVERNMENT_HEAD = (("leader.approve", Part.GOVERNMENT),)
UNIFIED_MODES = frozenset({HandlingMode.JOINT, HandlingMode.PARALLEL})

STEP_GRANTS: dict[str, tuple[tuple[str, Part], ...]] = {
    "supplement-notice": (("case.intake", Part.LEAD),),
    "supplement": (("case.intake", Part.LEAD),),
    "accept": (("case.intake", Part.LEAD),),
    "refuse": (("case.intake", Part.LEAD),),
    "suspend": (("case.review", Part.LEAD),),
    "resume": (("case.review", Part.LEAD),),
    "extend": (("case.review", Part.LEAD),),
    "approve-extension": SINGLE_HEAD + GOVERNMENT_HEAD,
    "opinion": (("case.review", Part.OPINION),),
    "decide": (("case.decide", Part.LEAD),),
    "deliver": (("case.intake", Part.LEAD), ("case.decide", Part.LEAD)),
    "withdraw": (("case.intake", Part.LEAD), ("case.apply", Part.APPLICANT)),
    # Not a clock step: adding application materials (申请材料).
    "attach": (("case.intake", Part.LEAD), ("case.apply", Part.APPLICANT)),
}

# The refusal a visible case gives for a step that is not the actor's: code, message.
REFUSALS: dict[Part, tuple[str, str]] = {
    Part.OPINION: ("not_an_opinion_department", "本部门不是该办件的会签部门"),
    Part.APPLICANT: ("not_the_applicant", "只有申请人本人或其代办员可以撤回申请"),
    Part.ORGAN_HEAD: (
        "extension_approver_not_organ_head",
        "延期须经承办机关负责人批准（行政许可法第四十二条）",
    ),
    Part.GOVERNMENT: (
        "extension_needs_government_head",
        "统一、联合、并联办理的延期须经本级人民政府负责人批准（第四十二条第二款）",
    ),
    Part.LEAD: ("not_the_lead_department", "该环节由承办部门办理；会签部门只能出具会签意见"),
}


def grants_for(step: str, case: Case) -> tuple[tuple[str, Part], ...]:
    if step == "approve-extension":
        return GOVERNMENT_HEAD if case.handling_mode in UNIFIED_MODES else SINGLE_HEAD
    return STEP_GRANTS[step]


def step_permissions(step: str) -> tuple[str, ...]:
    """Every function permission that could allow `step` on some case: checked
    before the row is read, so an actor without any learns nothing of it."""
    return tuple(dict.fromkeys(permission for permission, _ in STEP_GRANTS[step]))


def _leads(actor: Actor, case: Case) -> bool:
    return covers_department(actor, case.department_id)


def _gives_opinion(actor: Actor, case: Case) -> bool:
    unit = unit_of(actor)
    return (
        unit is not None
        and case.handling_mode == HandlingMode.PARALLEL
        and CaseOpinion.objects.filter(case_id=case.pk, department_id=unit.pk).exists()
    )


def _applies(actor: Actor, case: Case) -> bool:
    return actor.pk in (case.applicant_id, case.agent_id)


def _heads_organ(actor: Actor, case: Case) -> bool:
    # The principal or a deputy head of the handling organ itself: a city
    # leader, or a head elsewhere who happens to see the case, does not stand in.
    unit = unit_of(actor)
    return unit is not None and unit.pk == case.department_id


PART_TEST: dict[Part, Callable[[Any, Case], bool]] = {
    Part.LEAD: _leads,
    Part.OPINION: _gives_opinion,
    Part.APPLICANT: _applies,
    Part.ORGAN_HEAD: _heads_organ,
    Part.GOVERNMENT: _leads,
}


def approvable_extensions(actor: Actor) -> Q:
    """The Q-twin of the approve-extension grants, for the head's desk: the
    organ head's single-department cases, the government head's unified ones."""
    q = Q(pk__in=[])
    if has_perm(actor, "case.extend.approve") and (unit := unit_of(actor)) is not None:
        q |= Q(department_id=unit.pk) & ~Q(handling_mode__in=UNIFIED_MODES)
    if has_perm(actor, "leader.approve"):
        q |= scope_q(actor, dept_field="department") & Q(handling_mode__in=UNIFIED_MODES)
    return q


def may_act(actor: Actor, case: Case, step: str) -> bool:
    """May `actor` take `step` on `case` (which it can see)? Status aside."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return any(
        has_perm(actor, permission) and PART_TEST[part](actor, case)
        for permission, part in grants_for(step, case)
    )


def require_act(actor: Actor, case: Case, step: str) -> None:
    """Raise 403 with the step's own reason unless `actor` may take `step`."""
    if may_act(actor, case, step):
        return
    grants = grants_for(step, case)
    held = [part for permission, part in grants if has_perm(actor, permission)]
    if held:
        part = held[-1]  # the actor's function, on a case that is not its own
    elif any(has_perm(actor, p) for p in step_permissions(step)):
        part = grants[-1][1]  # the step is the actor's elsewhere; this case needs another
    else:
        needed = "、".join(PERMISSIONS.get(p, p) for p, _ in grants)
        raise PermissionDenied(
            f"无权执行此操作（需要权限：{needed}）",
            detail={"permission": grants[0][0], "step": step},
        )
    code, message = REFUSALS[part]
    raise PermissionDenied(message, code=code, detail={"step": step})
