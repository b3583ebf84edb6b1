"""/api/v1/appraisal: the same steps, the house's error shape, and the public
publications."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department

pytestmark = pytest.mark.django_db


def test_compute_and_publish_a_quarter(
    api: Any, world: dict[str, Department], client: Client
) -> None:
    inspector = api("inspector")
    with travel_to(date(2026, 5, 15)):
        made = inspector.post("/appraisal/quarters", {"year": 2026, "index": 1})
        assert made.status_code == 201, made.content
        ranking = made.json()
        assert [r["rank"] for r in ranking["rows"]] == [1, 2, 1, 2]
        bad = inspector.post("/appraisal/quarters", {"year": 2026, "index": 7})
        assert bad.status_code == 400
        assert bad.json()["code"] == "appraisal_period_invalid"
        published = inspector.post(f"/appraisal/quarters/{ranking['id']}/publish")
        assert published.json()["status"] == "published"
    client.logout()
    public = client.get("/api/v1/appraisal/publications?kind=quarter")
    assert public.status_code == 200
    assert public.json()[0]["rows"][0]["score"] == "72.00"


def test_steps_need_their_permission(api: Any, world: dict[str, Department]) -> None:
    organisation = api("organisation")
    with travel_to(date(2026, 5, 15)):
        refused = organisation.post("/appraisal/quarters", {"year": 2026, "index": 1})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert organisation.get("/appraisal/quarters").json() == []
    missing = organisation.get("/appraisal/years/12345")
    assert (missing.status_code, missing.json()["code"]) == (404, "appraisal_year_not_found")


def test_an_inspection_and_its_finding(
    api: Any, world: dict[str, Department], client: Client
) -> None:
    inspector = api("inspector")
    body = {
        "year": 2026,
        "half": 1,
        "team": "第一检查组",
        "started_on": "2026-07-01",
        "ended_on": "2026-07-08",
    }
    made = inspector.post("/appraisal/inspections", body)
    assert made.status_code == 201, made.content
    finding = {"department_id": world["620722"].pk, "text": "台账不全", "points": "1.5"}
    recorded = inspector.post(f"/appraisal/inspections/{made.json()['id']}/findings", finding)
    assert recorded.json()["findings"] == 1
    bad = inspector.post(
        f"/appraisal/inspections/{made.json()['id']}/findings", {**finding, "points": "-3"}
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "appraisal_points_invalid")
    again = inspector.post("/appraisal/inspections", body)
    assert (again.status_code, again.json()["code"]) == (409, "appraisal_inspection_exists")
    page = client.get(f"/appraisal/inspections/{made.json()['id']}/")
    assert page.status_code == 200
    assert "台账不全" in page.content.decode()


def test_ids_past_64_bits_are_not_found(api: Any, world: dict[str, Department]) -> None:
    inspector = api("inspector")
    huge = 2**70
    assert inspector.get(f"/appraisal/years/{huge}").status_code in (404, 422)
    with travel_to(date(2026, 7, 10)):
        made = inspector.post(
            "/appraisal/inspections",
            {
                "year": 2026,
                "half": 1,
                "team": "组",
                "started_on": "2026-07-01",
                "ended_on": "2026-07-02",
            },
        )
        bad = inspector.post(
            f"/appraisal/inspections/{made.json()['id']}/findings",
            {"department_id": huge, "text": "问题", "points": "1"},
        )
    assert bad.status_code in (400, 422)
