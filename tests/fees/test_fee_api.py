"""/api/v1/fees and /api/v1/charges: the same actions and selectors as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from fee_support import RANGE_CODE, fee_terms

from xiaoneng.cases.models import Case
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db


def test_the_catalog_in_force_is_public(client: Any, fees: None) -> None:
    rows = client.get("/api/v1/fees").json()
    assert [r["code"] for r in rows] == [RANGE_CODE, "SF-620700005-002"]
    assert rows[0]["version"] is None
    assert client.get(f"/api/v1/fees/{RANGE_CODE}").json()["lower"] == "80.00"
    assert client.get("/api/v1/fees/SF-NONE").status_code == 404


def test_catalog_writes_are_for_finance(api: Any, users: dict[str, User]) -> None:
    body = {**fee_terms(), "code": "SF-API-1", "effective_from": "2020-01-01", "item_codes": []}
    del body["item_codes_"]
    assert api("window").post("/fees", body).status_code == 403
    finance = api("caizheng")
    created = finance.post("/fees", body)
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1
    bad = finance.post("/fees", {**body, "code": "SF-API-2", "legal_basis": ""})
    assert bad.json()["code"] == "fee_basis_required"
    cancelled = finance.post("/fees/SF-API-1/cancel", {"cancelled_on": "2026-03-16"})
    assert cancelled.json()["status"] == "cancelled"


def test_charge_refund_and_flag_through_the_api(api: Any, case: Case) -> None:
    window = api("window")
    body = {
        "case_id": case.pk,
        "fee_code": RANGE_CODE,
        "quantity": "1",
        "notice_no": "N1",
        "receipt_no": "R1",
    }
    made = window.post("/charges", body)
    assert made.status_code == 201, made.content
    assert made.json()["amount"] == "80.00"
    over = window.post("/charges", {**body, "receipt_no": "R2", "unit_amount": "100"})
    assert (over.status_code, over.json()["code"]) == (409, "fee_charge_outside_catalog")
    flagged = window.post(
        "/charges", {**body, "receipt_no": "R2", "unit_amount": "100", "confirm": True}
    )
    assert flagged.json()["breaches"] == ["above_floor_unapproved"]
    assert Anomaly.objects.filter(kind="fee_outside_catalog").count() == 1
    refund = window.post(f"/charges/{made.json()['id']}/refunds", {"amount": "90", "reason": "x"})
    assert refund.json()["code"] == "fee_refund_exceeds"
    listed = window.get("/charges?flagged=true").json()
    assert [r["receipt_no"] for r in listed] == ["R2"]


def test_approval_and_reconciliation_through_the_api(api: Any, case: Case) -> None:
    asked = api("window").post(
        "/charges/approvals",
        {"case_id": case.pk, "fee_code": RANGE_CODE, "unit_amount": "150", "reason": "非住房"},
    )
    assert asked.status_code == 201, asked.content
    decided = api("depthead").post(
        f"/charges/approvals/{asked.json()['id']}/decide", {"approve": True}
    )
    assert decided.json()["status"] == "approved"
    recon = api("caizheng").post(
        "/charges/reconciliations", {"department_id": case.department_id, "month": "2026-03"}
    )
    assert recon.json()["difference"] == "0.00"
    assert api("applicant").get("/charges").json() == []
