"""The only writers of the green channel. Each action: one transaction, the
permission, the rule, one audit event."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case, IdType
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from xiaoneng.core.text import require_text as _text
from xiaoneng.org.authority import has_perm, require
from xiaoneng.org.models import Department, DepartmentKind, User
from xiaoneng.system.params import get_param

from .codes import credit_code_problem, project_code_problem
from .models import (
    AgentAssignment,
    DossierCase,
    DossierStatus,
    Industry,
    ProjectDossier,
    ProjectType,
    ProjectTypeLead,
    Stage,
)
from .selectors import dossier_for_actor, dossier_scope, open_load

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_INVESTMENT = Decimal("999999999999.99")  # fits the column: 14 digits, 2 decimals

# status → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    DossierStatus.OPENED: {DossierStatus.IN_PROGRESS, DossierStatus.CLOSED},
    DossierStatus.IN_PROGRESS: {DossierStatus.CLOSED},
    DossierStatus.CLOSED: set(),
}


def _choice(value: str, choices: type[ProjectType] | type[Industry], code: str, label: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            f"{label}不正确", code=code, detail={"allowed": [str(v) for v in choices.values]}
        )
    return value


def _investment(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput("总投资须为数字（万元）", code="investment_invalid") from None
    if not Decimal(0) < amount <= MAX_INVESTMENT:
        raise InvalidInput("总投资须大于 0（万元）", code="investment_invalid")
    return amount


def validate_credit_code(value: str) -> str:
    code = (value or "").strip().upper()
    problem = credit_code_problem(code)
    if problem:
        raise InvalidInput(problem, code="credit_code_invalid", detail={"credit_code": code})
    return code


def validate_project_code(value: str) -> str:
    code = (value or "").strip()
    problem = project_code_problem(code)
    if problem:
        raise InvalidInput(problem, code="project_code_invalid", detail={"project_code": code})
    return code


def _county(code: str) -> Department:
    county = Department.objects.filter(
        code=(code or "").strip(), kind=DepartmentKind.COUNTY, active=True
    ).first()
    if county is None:
        raise InvalidInput("落地县（区）不正确", code="county_invalid", detail={"county": code})
    return county


def lead_for(project_type: str) -> Department:
    row = ProjectTypeLead.objects.select_related("department").filter(project_type=project_type)
    lead = row.first()
    if lead is None:
        raise DomainError(
            "该项目类型尚未设置牵头部门，请在“项目类型牵头部门”中设置",
            code="lead_department_not_configured",
            detail={"project_type": project_type},
        )
    return lead.department


def pick_agent(county: Department, *, exclude: int | None = None) -> User:
    """The least-loaded active agent the county has appointed (ties: the
    earliest appointed). Locks the county's appointments so that two projects
    opened at once do not both go to the same idle agent."""
    rows = list(
        AgentAssignment.objects.select_for_update()
        .filter(county=county, active=True, agent__is_active=True)
        .order_by("id")
        .values_list("agent_id", flat=True)
    )
    users = User.objects.filter(pk__in=rows)
    if exclude is not None:
        users = users.exclude(pk=exclude)
    candidates = [u for u in users if has_perm(u, "case.agent")]
    if not candidates:
        raise DomainError(
            f"{county.short_name or county.name}尚未指派帮办代办员",
            code="no_agent_for_county",
            detail={"county": county.code},
        )
    load = open_load([u.pk for u in candidates])
    return min(candidates, key=lambda u: (load[u.pk], rows.index(u.pk)))


def _appointed_agent(county: Department, agent_id: int) -> User:
    agent = User.objects.filter(
        pk=agent_id,
        is_active=True,
        agent_assignments__county=county,
        agent_assignments__active=True,
    ).first()
    if agent is None or not has_perm(agent, "case.agent"):
        raise InvalidInput("只能改派给该县（区）在岗的帮办代办员", code="agent_not_in_county")
    return agent


def _locked(actor: Actor, dossier_id: int) -> ProjectDossier:
    dossier = dossier_for_actor(actor, dossier_id)  # 404 when out of scope
    return ProjectDossier.objects.select_for_update().get(pk=dossier.pk)


def _move(dossier: ProjectDossier, status: str) -> None:
    if status not in TRANSITIONS[dossier.status]:
        raise Conflict(
            f"项目档案{dossier.get_status_display()}，不能再办理",
            code="dossier_closed" if dossier.status == DossierStatus.CLOSED else "bad_transition",
            detail={"from": dossier.status, "to": status},
        )
    dossier.status = status


@transaction.atomic
def open_dossier(
    *,
    actor: Actor,
    name: str,
    project_code: str,
    enterprise_name: str,
    credit_code: str,
    project_type: str,
    industry: str,
    county_code: str,
    investment: Any,
    key_project: bool = False,
    summary: str = "",
    contact_phone: str = "",
) -> ProjectDossier:
    """立项建档: lead department by type, agent by landing county."""
    require(actor, "project.manage")
    amount = _investment(investment)
    fields: dict[str, Any] = {
        "name": _text(name, code="project_name_required", message="请填写项目名称", limit=200),
        "project_code": validate_project_code(project_code),
        "enterprise_name": _text(
            enterprise_name, code="enterprise_name_required", message="请填写项目单位", limit=200
        ),
        "credit_code": validate_credit_code(credit_code),
        "project_type": _choice(project_type, ProjectType, "project_type_invalid", "项目类型"),
        "industry": _choice(industry, Industry, "industry_invalid", "所属行业"),
        "investment": amount,
    }
    if ProjectDossier.objects.filter(project_code=fields["project_code"]).exists():
        raise Conflict("该项目代码已建档", code="project_code_taken")
    county = _county(county_code)
    fields.update(
        county=county,
        lead_department=lead_for(project_type),
        key_project=bool(key_project),
        is_major=bool(key_project) or amount >= get_param("project.major_threshold"),
        agent=pick_agent(county),
        summary=(summary or "").strip()[:500],
        contact_phone=(contact_phone or "").strip()[:30],
        opened_by=actor,
        opened_on=timesource.today(),
    )
    try:
        with transaction.atomic():  # a savepoint: a racing twin becomes a Conflict, not a 500
            dossier = ProjectDossier.objects.create(**fields)
    except IntegrityError:
        raise Conflict("该项目代码已建档", code="project_code_taken") from None
    # Staff open dossiers only where their own scope reaches (lead or county).
    if not ProjectDossier.objects.filter(dossier_scope(actor), pk=dossier.pk).exists():
        raise PermissionDenied(
            "只能为本部门牵头或本县区落地的项目建档", code="dossier_out_of_scope"
        )
    record_event(
        actor=actor,
        event_type="project.dossier_opened",
        object_type="project_dossier",
        object_id=dossier.project_code,
        payload={
            "name": dossier.name,
            "credit_code": dossier.credit_code,
            "project_type": dossier.project_type,
            "county": county.code,
            "lead_department": dossier.lead_department.code,
            "agent": dossier.agent.username,
            "investment": str(dossier.investment),
            "is_major": dossier.is_major,
        },
    )
    return dossier


@transaction.atomic
def reassign_agent(
    *, actor: Actor, dossier_id: int, agent_id: int | None = None, reason: str = ""
) -> ProjectDossier:
    """改派: to a named agent of the county, or (none named) the least-loaded other one."""
    require(actor, "project.manage")
    dossier = _locked(actor, dossier_id)
    if dossier.status == DossierStatus.CLOSED:
        raise Conflict("项目档案已办结，不能改派", code="dossier_closed")
    text = _text(reason, code="reassign_reason_required", message="请说明改派理由", limit=200)
    if agent_id is None:
        agent = pick_agent(dossier.county, exclude=dossier.agent_id)
    else:
        agent = _appointed_agent(dossier.county, agent_id)
    if agent.pk == dossier.agent_id:
        raise Conflict("新代办员与原代办员相同", code="agent_unchanged")
    before = dossier.agent.username
    dossier.agent = agent
    dossier.save(update_fields=["agent", "updated_at"])
    record_event(
        actor=actor,
        event_type="project.agent_reassigned",
        object_type="project_dossier",
        object_id=dossier.project_code,
        payload={"from": before, "to": agent.username, "reason": text},
    )
    return dossier


@transaction.atomic
def apply_in_dossier(
    *,
    actor: Actor,
    dossier_id: int,
    item_code: str,
    stage: str = Stage.APPROVAL,
    summary: str = "",
) -> tuple[Case, str]:
    """代办: the dossier's agent files an application for the project's
    enterprise; the case records the agent, carries the enterprise's credit
    code as the applicant's certificate (so the enterprise's 法人 account
    finds it), and joins the dossier."""
    require(actor, "case.agent")
    dossier = _locked(actor, dossier_id)
    if dossier.agent_id != actor.pk:
        raise PermissionDenied("只有本项目的帮办代办员可以代为申请", code="not_the_dossier_agent")
    if stage not in Stage.values:
        raise InvalidInput("办理阶段不正确", code="stage_invalid")
    if dossier.status != DossierStatus.IN_PROGRESS:
        _move(dossier, DossierStatus.IN_PROGRESS)  # a closed dossier refuses: dossier_closed
    case, query_code = case_actions.submit_application(
        actor=actor,
        item_code=item_code,
        applicant_name=dossier.enterprise_name,
        applicant_phone=dossier.contact_phone,
        summary=f"【{dossier.name}】{(summary or '').strip()}"[:500],
        applicant_id_type=IdType.CREDIT_CODE,
        applicant_id_no=dossier.credit_code,
    )
    DossierCase.objects.create(dossier=dossier, case=case, stage=stage, added_by=actor)
    dossier.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        event_type="project.case_added",
        object_type="project_dossier",
        object_id=dossier.project_code,
        payload={"case": case.tracking_no, "item": case.item.code, "stage": stage},
    )
    return case, query_code


@transaction.atomic
def close_dossier(*, actor: Actor, dossier_id: int, note: str = "") -> ProjectDossier:
    """办结: every case of the project finished first."""
    require(actor, "project.manage")
    dossier = _locked(actor, dossier_id)
    _move(dossier, DossierStatus.CLOSED)
    still_open = DossierCase.objects.filter(dossier=dossier, case__is_open=True).count()
    if still_open:
        raise Conflict(
            f"尚有 {still_open} 件办件未办结",
            code="dossier_cases_open",
            detail={"open_cases": still_open},
        )
    dossier.closed_on = timesource.today()
    dossier.save(update_fields=["status", "closed_on", "updated_at"])
    record_event(
        actor=actor,
        event_type="project.dossier_closed",
        object_type="project_dossier",
        object_id=dossier.project_code,
        payload={"note": (note or "").strip()[:200]},
    )
    return dossier


@transaction.atomic
def set_type_lead(
    *, actor: Actor, project_type: str, department: Department, remark: str = ""
) -> ProjectTypeLead:
    """Configure which department leads a project type (the seed's table)."""
    require(actor, "project.manage")
    _choice(project_type, ProjectType, "project_type_invalid", "项目类型")
    if department.kind not in (DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY):
        raise InvalidInput("牵头部门须为市直部门或县（区）", code="lead_department_invalid")
    row, _ = ProjectTypeLead.objects.update_or_create(
        project_type=project_type, defaults={"department": department, "remark": remark}
    )
    record_event(
        actor=actor,
        event_type="project.type_lead_set",
        object_type="project_type_lead",
        object_id=project_type,
        payload={"department": department.code},
    )
    return row


@transaction.atomic
def appoint_agent(
    *, actor: Actor, county: Department, agent: User, active: bool = True
) -> AgentAssignment:
    """A county appoints (or stands down) an agent for projects landing there."""
    require(actor, "project.manage")
    if county.kind != DepartmentKind.COUNTY:
        raise InvalidInput("须为县（区）", code="county_invalid")
    if active and not has_perm(agent, "case.agent"):
        raise InvalidInput("该用户没有“帮办代办”权限", code="not_an_agent")
    row, _ = AgentAssignment.objects.update_or_create(
        county=county, agent=agent, defaults={"active": active}
    )
    record_event(
        actor=actor,
        event_type="project.agent_appointed",
        object_type="agent_assignment",
        object_id=row.pk,
        payload={"county": county.code, "agent": agent.username, "active": active},
    )
    return row
