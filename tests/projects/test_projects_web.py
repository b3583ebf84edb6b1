"""The green-channel pages as people use them: staff open a dossier, the
agent's desk shows it, the agent applies for an item, outsiders get 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.cases.models import Case
from xiaoneng.org.models import User
from xiaoneng.projects.models import ProjectDossier

pytestmark = pytest.mark.django_db

FORM = {
    "name": "张掖黑河湿地文化旅游综合体",
    "project_code": "2026-620702-87-01-000311",
    "enterprise_name": "张掖湿地文旅发展有限公司",
    "credit_code": "916207002244123451",
    "project_type": "construction",
    "industry": "tourism",
    "county_code": "620702",
    "investment": "4200",
    "key_project": "on",
    "summary": "游客服务中心",
}


def _html(response: Any) -> str:
    return response.content.decode()


def test_staff_open_a_dossier_and_the_agent_applies(
    login: Any, client: Client, channel: dict[str, User]
) -> None:
    login("admin")
    page = client.get("/projects/new/")
    assert page.status_code == 200
    assert "甘州区人民政府" in _html(page)
    response = client.post("/projects/new/", FORM)
    assert response.status_code == 302, _html(response)[:2000]
    dossier = ProjectDossier.objects.get(project_code=FORM["project_code"])
    assert dossier.lead_department.code == "620700002"
    assert dossier.is_major  # a key project, whatever its amount
    detail = _html(client.get(response["Location"]))
    assert "张掖市发展和改革委员会" in detail or "市发改委" in detail
    assert "省市列重点项目" in detail
    assert "项目档案" in _html(client.get("/projects/"))

    client.logout()
    login("agent")
    desk = _html(client.get("/projects/desk/"))
    assert FORM["name"] in desk
    assert "代办员工作台" in desk
    form = client.get(f"/projects/{dossier.pk}/apply/")
    assert form.status_code == 200
    token = form.context["form_token"]
    done = client.post(
        f"/projects/{dossier.pk}/apply/",
        {"item_code": "0100008000620700002", "stage": "project", "form_token": token},
    )
    assert done.status_code == 200, _html(done)[:2000]
    assert "data-query-code" in _html(done)
    case = Case.objects.get(dossier_link__dossier=dossier)
    assert case.agent == channel["agent"]
    assert case.applicant_name == FORM["enterprise_name"]
    desk = _html(client.get("/projects/desk/"))
    assert case.tracking_no in desk
    assert "剩余" in desk or "今日到期" in desk  # the case's time left
    # A reload of the result page does not file twice.
    again = client.post(
        f"/projects/{dossier.pk}/apply/",
        {"item_code": "0100008000620700002", "stage": "project", "form_token": token},
    )
    assert again.status_code == 302
    assert Case.objects.filter(dossier_link__dossier=dossier).count() == 1


def test_bad_credit_code_shows_its_code(login: Any, client: Client, channel: Any) -> None:
    login("admin")
    response = client.post("/projects/new/", {**FORM, "credit_code": "916207002244123452"})
    assert response.status_code == 400
    assert 'data-error-code="credit_code_invalid"' in _html(response)
    assert not ProjectDossier.objects.exists()


def test_outsiders_get_404_and_others_403(login: Any, client: Client, open_project: Any) -> None:
    dossier = open_project()
    login("linze")
    assert client.get(f"/projects/{dossier.pk}/").status_code == 404
    assert client.get(f"/projects/{dossier.pk}/apply/").status_code == 404
    assert _html(client.get("/projects/desk/")).count("data-dossier=") == 0
    client.logout()
    login("window")
    assert client.get("/projects/").status_code == 403
    assert client.get("/projects/new/").status_code == 403
    assert client.get("/projects/desk/").status_code == 403
    client.logout()
    login("depthead")  # 市工商局 does not lead 招商引资 projects
    assert client.get(f"/projects/{dossier.pk}/").status_code == 404


def test_manager_reassigns_and_closes(login: Any, client: Client, open_project: Any) -> None:
    dossier = open_project()
    login("leader")
    page = _html(client.get(f"/projects/{dossier.pk}/"))
    assert "改派帮办代办员" in page
    response = client.post(f"/projects/{dossier.pk}/reassign/", {"agent_id": "", "reason": "休假"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.agent.username == "agent2"
    response = client.post(f"/projects/{dossier.pk}/close/", {"note": "项目取消"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "closed"


def test_navigation_and_workbench_tile(login: Any, client: Client, open_project: Any) -> None:
    open_project()
    login("agent")
    html = _html(client.get("/workbench/"))
    assert "绿色通道" in html
    assert "/projects/desk/" in html
    assert "绿色通道在办项目" in html
    client.logout()
    login("window")
    assert "/projects/" not in _html(client.get("/workbench/"))
