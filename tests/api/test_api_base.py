from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_and_docs_are_served(client: Client) -> None:
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/calendar/days" in paths
    assert "/api/v1/me" in paths
    assert client.get("/api/docs").status_code == 200


def test_unauthenticated_calls_get_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "detail"}


def test_validation_errors_get_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/calendar/add", {"start": "2026-02-30", "days": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["detail"]


def test_unknown_api_paths_are_404_in_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404


def test_public_org_endpoints(client: Client, demo_city: None) -> None:
    departments = client.get("/api/v1/org/departments").json()
    names = {d["name"] for d in departments}
    assert {"张掖市发展和改革委员会", "甘州区人民政府", "肃南裕固族自治县人民政府"} <= names
    positions = client.get("/api/v1/org/positions").json()
    assert any("一次性告知" in p["duties"] for p in positions)
