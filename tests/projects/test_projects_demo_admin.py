"""The demo green channel and the admin pages that configure it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.org.models import Department, User
from xiaoneng.projects.models import AgentAssignment, DossierCase, ProjectDossier, ProjectTypeLead

pytestmark = pytest.mark.django_db


def test_demo_loads_the_green_channel() -> None:
    call_command("demo")
    assert ProjectTypeLead.objects.count() == 4
    assert AgentAssignment.objects.get().agent.username == "agent"
    assert ProjectDossier.objects.count() == 3
    assert set(ProjectDossier.objects.values_list("agent__username", flat=True)) == {"agent"}
    assert DossierCase.objects.count() == 2
    assert all(link.case.agent_id == link.dossier.agent_id for link in DossierCase.objects.all())
    assert verify_chain()[1] is None


def test_admin_edits_go_through_the_actions(
    login: Any, client: Client, users: dict[str, User]
) -> None:
    login("admin")
    county = Department.objects.get(code="620723")
    response = client.post(
        "/admin/projects/agentassignment/add/",
        {"county": county.pk, "agent": users["agent"].pk, "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert AgentAssignment.objects.filter(county=county, agent=users["agent"]).exists()
    response = client.post(
        "/admin/projects/projecttypelead/add/",
        {"project_type": "investment", "department": Department.objects.get(code="620700004").pk},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type="project.agent_appointed").exists()
    assert AuditEvent.objects.filter(event_type="project.type_lead_set").exists()
    for page in ("projectdossier", "projecttypelead", "agentassignment"):
        assert client.get(f"/admin/projects/{page}/").status_code == 200
    client.logout()
    login("window")
    assert client.get("/admin/projects/projectdossier/").status_code in (302, 403)
