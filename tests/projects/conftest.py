"""The green channel on the demo city and catalog, built through the actions:
the demo loader's lead table and 甘州区's agent, plus a second agent in 甘州区
and one in 临泽县 made by the organisation's own actions."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.projects import TYPE_LEADS
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.projects import actions
from xiaoneng.projects.models import ProjectDossier

GANZHOU, LINZE = "620702", "620723"
# A valid GB 32100 code (check character B).
CREDIT = "91620702MA74Q8R2XB"


def _agent(admin: User, username: str, county: str) -> User:
    dept = Department.objects.get(code=county)
    user = org_actions.create_user(
        actor=admin,
        username=username,
        password=DEMO_PASSWORD,
        real_name=f"代办员{username}",
        department=dept,
        roles=[Role.objects.get(code="agent")],
    )
    actions.appoint_agent(actor=admin, county=dept, agent=user)
    return user


@pytest.fixture
def channel(users: dict[str, User], catalog: None) -> dict[str, User]:
    """Leads by type, agents: `agent` and `agent2` in 甘州区, `linze` in 临泽县."""
    admin = users["admin"]
    for project_type, code in TYPE_LEADS.items():
        actions.set_type_lead(
            actor=admin, project_type=project_type, department=Department.objects.get(code=code)
        )
    actions.appoint_agent(
        actor=admin, county=Department.objects.get(code=GANZHOU), agent=users["agent"]
    )
    return {
        **users,
        "agent2": _agent(admin, "agent2", GANZHOU),
        "linze": _agent(admin, "linze", LINZE),
    }


@pytest.fixture
def open_project(channel: dict[str, User]) -> Any:
    """open_project(code_suffix, **overrides) as the admin."""

    def make(serial: int = 1, actor: str = "admin", **overrides: Any) -> ProjectDossier:
        fields: dict[str, Any] = {
            "name": "祁连绿源现代农业产业园",
            "project_code": f"2026-620702-01-03-{serial:06d}",
            "enterprise_name": "张掖市祁连绿源农业科技有限公司",
            "credit_code": CREDIT,
            "project_type": "investment",
            "industry": "agriculture",
            "county_code": GANZHOU,
            "investment": "12000",
        }
        fields.update(overrides)
        return actions.open_dossier(actor=channel[actor], **fields)

    return make
