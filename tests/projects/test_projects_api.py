"""The green channel API: the actions behind /api/v1/projects, with the
project's error shape and never a 500 for bad input."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

CREDIT = "91620702MA74Q8R2XB"  # valid GB 32100 code

BODY = {
    "name": "甘州区光伏装备制造项目",
    "project_code": "2026-620702-38-02-000009",
    "enterprise_name": "张掖丹霞新能源装备有限公司",
    "credit_code": CREDIT,
    "project_type": "renovation",
    "industry": "energy",
    "county_code": "620702",
    "investment": 8600,
}


def test_create_list_get_and_add_case(api: Any, channel: dict[str, User]) -> None:
    admin = api("admin")
    response = admin.post("/projects", BODY)
    assert response.status_code == 201, response.content
    dossier = response.json()
    assert dossier["lead_department"] == "张掖市工业和信息化委员会"
    assert dossier["agent"] == "杨建军"
    assert dossier["is_major"] is True
    assert dossier["status"] == "opened"
    listed = admin.get("/projects").json()
    assert [d["id"] for d in listed] == [dossier["id"]]

    agent = api("agent")
    response = agent.post(
        f"/projects/{dossier['id']}/cases",
        {"item_code": "0100008000620700002", "stage": "project"},
    )
    assert response.status_code == 201, response.content
    added = response.json()
    assert added["query_code"]
    assert added["dossier"]["status"] == "in_progress"
    (case,) = added["dossier"]["cases"]
    assert case["tracking_no"] == added["tracking_no"]
    assert case["alert_level"] == "normal"
    # The case API shows the agent's application under the enterprise's name.
    got = agent.get(f"/cases/{added['id']}").json()
    assert got["applicant_name"] == "张掖丹霞新能源装备有限公司"
    assert agent.get(f"/projects/{dossier['id']}").json()["id"] == dossier["id"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"credit_code": "91620702MA74Q8R2XA"}, 400, "credit_code_invalid"),
        ({"project_code": "abc"}, 400, "project_code_invalid"),
        ({"project_type": "mining"}, 400, "project_type_invalid"),
        ({"county_code": "999999"}, 400, "county_invalid"),
        ({"investment": "lots"}, 422, "invalid_input"),
        ({"investment": "1e30"}, 400, "investment_invalid"),
        ({"county_code": "620724"}, 422, "no_agent_for_county"),
        ({"name": None}, 422, "invalid_input"),
    ],
)
def test_bad_input_has_a_clear_code(
    api: Any, channel: dict[str, User], change: dict[str, Any], status: int, code: str
) -> None:
    response = api("admin").post("/projects", {**BODY, **change})
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"code", "message", "detail"}


def test_permission_and_scope(api: Any, client: Any, channel: dict[str, User]) -> None:
    dossier = api("admin").post("/projects", BODY).json()
    client.logout()
    response = api("window").post("/projects", BODY)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert api("window").get("/projects").json()["code"] == "permission_denied"
    client.logout()
    linze = api("linze")
    assert linze.get(f"/projects/{dossier['id']}").status_code == 404
    response = linze.post(f"/projects/{dossier['id']}/cases", {"item_code": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "dossier_not_found"
    assert linze.get("/projects").json() == []
    client.logout()
    assert client.get("/api/v1/projects").json()["code"] == "not_authenticated"


def test_add_case_bad_item_and_stage(api: Any, channel: dict[str, User]) -> None:
    dossier = api("admin").post("/projects", BODY).json()
    agent = api("agent")
    response = agent.post(f"/projects/{dossier['id']}/cases", {"item_code": "nope"})
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"
    response = agent.post(
        f"/projects/{dossier['id']}/cases", {"item_code": "0100008000620700002", "stage": "x"}
    )
    assert response.json()["code"] == "stage_invalid"
    # Nothing half-done: the dossier is still as opened.
    assert agent.get(f"/projects/{dossier['id']}").json()["status"] == "opened"


def test_reassign_and_close_over_the_api(api: Any, channel: dict[str, User]) -> None:
    admin = api("admin")
    dossier = admin.post("/projects", BODY).json()
    response = admin.post(f"/projects/{dossier['id']}/reassign", {"reason": "调整分工"})
    assert response.status_code == 200, response.content
    assert response.json()["agent"] == "代办员agent2"
    response = admin.post(f"/projects/{dossier['id']}/close", {})
    assert response.json()["status"] == "closed"
    response = admin.post(f"/projects/{dossier['id']}/close", {})
    assert response.status_code == 409
    assert response.json()["code"] == "dossier_closed"
