"""The green channel's actions: lead by type, agent by county, the agent
filing for the enterprise, scope and permissions."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.certificates import certificate_digest
from xiaoneng.cases.models import CaseStatus
from xiaoneng.core.errors import DomainError, NotFound, PermissionDenied
from xiaoneng.org.models import Department, User
from xiaoneng.projects import actions
from xiaoneng.projects.models import DossierStatus
from xiaoneng.projects.selectors import agent_dossiers, dossier_for_actor, dossiers_for_actor
from xiaoneng.system import actions as system_actions

pytestmark = pytest.mark.django_db

CORE_ITEM = "0100008000620700002"  # 企业投资项目核准, 市发改委


@pytest.mark.parametrize(
    ("project_type", "lead"),
    [
        ("construction", "张掖市发展和改革委员会"),
        ("renovation", "张掖市工业和信息化委员会"),
        ("investment", "张掖市招商局"),
        ("establishment", "张掖市工商行政管理局"),
    ],
)
def test_lead_department_follows_project_type(
    open_project: Any, project_type: str, lead: str
) -> None:
    dossier = open_project(project_type=project_type)
    assert dossier.lead_department.name == lead
    assert dossier.status == DossierStatus.OPENED
    assert AuditEvent.objects.filter(event_type="project.dossier_opened").exists()


def test_lead_table_is_configurable(open_project: Any, channel: dict[str, User]) -> None:
    actions.set_type_lead(
        actor=channel["admin"],
        project_type="investment",
        department=Department.objects.get(code="620700002"),
    )
    assert open_project().lead_department.code == "620700002"


def test_agent_is_the_least_loaded_of_the_county(open_project: Any) -> None:
    agents = [open_project(serial=i).agent.username for i in range(1, 5)]
    # Two agents in 甘州区, the earlier appointed first on a tie: they alternate.
    assert agents == ["agent", "agent2", "agent", "agent2"]
    linze = open_project(serial=9, county_code="620723")
    assert linze.agent.username == "linze"


def test_closed_dossiers_do_not_count_as_load(open_project: Any, channel: dict[str, User]) -> None:
    first = open_project(serial=1)
    assert first.agent.username == "agent"
    actions.close_dossier(actor=channel["admin"], dossier_id=first.pk)
    assert open_project(serial=2).agent.username == "agent"


def test_county_without_agent_is_refused(open_project: Any) -> None:
    with pytest.raises(DomainError) as err:
        open_project(county_code="620724")  # 高台县: nobody appointed
    assert err.value.code == "no_agent_for_county"


def test_major_by_threshold_parameter(open_project: Any, channel: dict[str, User]) -> None:
    assert open_project(serial=1, investment="5000").is_major
    assert not open_project(serial=2, investment="4999.99").is_major
    assert open_project(serial=3, investment="100", key_project=True).is_major
    system_actions.set_parameter(
        actor=channel["admin"], key="project.major_threshold", value="100000"
    )
    assert not open_project(serial=4, investment="50000").is_major


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("credit_code", "91620702MA74Q8R2XA", "credit_code_invalid"),
        ("credit_code", "9162070", "credit_code_invalid"),
        ("project_code", "2026-1-2", "project_code_invalid"),
        ("project_type", "mining", "project_type_invalid"),
        ("industry", "space", "industry_invalid"),
        ("county_code", "620700005", "county_invalid"),  # a department, not a county
        ("investment", "abc", "investment_invalid"),
        ("investment", "-5", "investment_invalid"),
        ("name", "  ", "project_name_required"),
    ],
)
def test_bad_input_has_a_code(open_project: Any, field: str, value: str, code: str) -> None:
    with pytest.raises(DomainError) as err:
        open_project(**{field: value})
    assert err.value.code == code
    assert err.value.status == 400


def test_project_code_is_unique(open_project: Any) -> None:
    open_project(serial=7)
    with pytest.raises(DomainError) as err:
        open_project(serial=7)
    assert err.value.code == "project_code_taken"


def test_permissions(open_project: Any) -> None:
    for username in ("window", "reviewer", "agent", "applicant"):
        with pytest.raises(PermissionDenied) as err:
            open_project(actor=username)
        assert err.value.code == "permission_denied"
        assert err.value.detail == {"permission": "project.manage"}


def test_staff_open_only_within_their_scope(open_project: Any) -> None:
    # 市工商局's head leads 企业设立 projects, not 招商引资 ones.
    assert open_project(serial=1, actor="depthead", project_type="establishment")
    with pytest.raises(PermissionDenied) as err:
        open_project(serial=2, actor="depthead", project_type="investment")
    assert err.value.code == "dossier_out_of_scope"
    # The leader in charge of 招商局 may.
    assert open_project(serial=3, actor="leader", project_type="investment")


def test_agent_applies_for_the_enterprise(open_project: Any, channel: dict[str, User]) -> None:
    dossier = open_project()
    agent = channel[dossier.agent.username]
    case, query_code = actions.apply_in_dossier(
        actor=agent, dossier_id=dossier.pk, item_code=CORE_ITEM, stage="project", summary="核准"
    )
    assert query_code
    assert case.agent_id == agent.pk
    assert case.applicant_id is None
    assert case.applicant_name == "张掖市祁连绿源农业科技有限公司"
    # The enterprise's credit code is the applicant's certificate, so its
    # 法人 account finds the case by the code's digest.
    assert case.applicant_id_type == "credit_code"
    assert case.applicant_id_no == dossier.credit_code
    assert case.applicant_id_digest == certificate_digest(dossier.credit_code)
    assert case.status == CaseStatus.RECEIVED
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert [link.case_id for link in dossier.links.all()] == [case.pk]
    assert AuditEvent.objects.filter(event_type="project.case_added").exists()
    # The agent's desk lists the dossier with the case.
    desk = list(agent_dossiers(agent))
    assert [d.pk for d in desk] == [dossier.pk]


def test_other_agents_cannot_see_or_apply(open_project: Any, channel: dict[str, User]) -> None:
    dossier = open_project()
    assert dossier.agent.username == "agent"
    for outsider in ("linze", "agent2"):
        with pytest.raises(NotFound) as err:
            dossier_for_actor(channel[outsider], dossier.pk)
        assert err.value.code == "dossier_not_found"
        with pytest.raises(NotFound):
            actions.apply_in_dossier(
                actor=channel[outsider], dossier_id=dossier.pk, item_code=CORE_ITEM
            )
    assert not dossiers_for_actor(channel["linze"]).exists()


def test_scope_of_staff(open_project: Any, channel: dict[str, User]) -> None:
    establishment = open_project(serial=1, project_type="establishment")
    investment = open_project(serial=2, project_type="investment")
    seen = set(dossiers_for_actor(channel["depthead"]).values_list("pk", flat=True))
    assert seen == {establishment.pk}
    assert set(dossiers_for_actor(channel["mayor"]).values_list("pk", flat=True)) == {
        establishment.pk,
        investment.pk,
    }
    with pytest.raises(PermissionDenied):
        dossiers_for_actor(channel["window"])


def test_only_the_dossier_agent_applies(open_project: Any, channel: dict[str, User]) -> None:
    dossier = open_project()
    with pytest.raises(PermissionDenied) as err:
        actions.apply_in_dossier(actor=channel["depthead"], dossier_id=dossier.pk, item_code="x")
    assert err.value.code == "permission_denied"


def test_reassign_and_close(open_project: Any, channel: dict[str, User]) -> None:
    admin = channel["admin"]
    dossier = open_project()
    with pytest.raises(DomainError) as err:
        actions.reassign_agent(
            actor=admin, dossier_id=dossier.pk, agent_id=channel["linze"].pk, reason="调整"
        )
    assert err.value.code == "agent_not_in_county"
    dossier = actions.reassign_agent(actor=admin, dossier_id=dossier.pk, reason="原代办员休假")
    assert dossier.agent.username == "agent2"
    agent2 = channel["agent2"]
    case, _ = actions.apply_in_dossier(actor=agent2, dossier_id=dossier.pk, item_code=CORE_ITEM)
    with pytest.raises(DomainError) as err:
        actions.close_dossier(actor=admin, dossier_id=dossier.pk)
    assert err.value.code == "dossier_cases_open"
    case_actions.withdraw_case(actor=agent2, case_id=case.pk, reason="项目调整")
    dossier = actions.close_dossier(actor=admin, dossier_id=dossier.pk)
    assert dossier.status == DossierStatus.CLOSED
    with pytest.raises(DomainError) as err:
        actions.apply_in_dossier(actor=agent2, dossier_id=dossier.pk, item_code=CORE_ITEM)
    assert err.value.code == "dossier_closed"
    with pytest.raises(DomainError) as err:
        actions.close_dossier(actor=admin, dossier_id=dossier.pk)
    assert err.value.code == "dossier_closed"
