"""Issuing Open311 api_keys through the API (/api/v1/complaints/open311-keys):
only `complaint.keys` (the complaint centre's head) issues, lists and
revokes; the key is shown once, works at once, and stops at once."""

from __future__ import annotations

from typing import Any

from django.test import Client

from xiaoneng.complaints.models import Complaint, OutsideSystem

KEYS = "/complaints/open311-keys"
FORM = {
    "service_code": "fees",
    "attribute[department_code]": "620700005",
    "address_id": "620700005",
    "description": "办理营业执照变更被收取“加急费”200元，无收费依据",
}


def test_head_issues_lists_and_revokes(api: Any, client: Client) -> None:
    head = api("complainthead")
    issued = head.post(KEYS, {"name": "甘州区 12345 热线", "contact": "李工 0936-1234567"})
    assert issued.status_code == 201, issued.content
    key = issued.json()["api_key"]
    system = issued.json()["system"]
    assert key.startswith("xn311_")
    assert system["key_hint"] == key[:8]
    assert system["active"] is True
    stored = OutsideSystem.objects.get(pk=system["id"])
    assert key not in (stored.key_digest, stored.key_hint)  # only its digest is kept

    filed = client.post("/open311/v2/requests.json", {**FORM, "api_key": key})
    assert filed.status_code == 201
    listed = head.get(KEYS).json()
    assert [s["id"] for s in listed] == [system["id"]]
    assert listed[0]["complaints"] == 1
    assert "api_key" not in listed[0]
    assert key not in head.get(KEYS).content.decode()

    revoked = head.post(f"{KEYS}/{system['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["active"] is False
    assert head.post(f"{KEYS}/{system['id']}/revoke").status_code == 409
    before = Complaint.objects.count()
    refused = client.post("/open311/v2/requests.json", {**FORM, "api_key": key})
    assert refused.status_code == 403
    assert Complaint.objects.count() == before


def test_others_may_not_touch_keys(api: Any) -> None:
    for username in ("complaint", "window", "depthead"):
        other = api(username)
        assert other.post(KEYS, {"name": "私自接入"}).status_code == 403, username
        assert other.get(KEYS).status_code == 403, username
    assert OutsideSystem.objects.count() == 0


def test_unknown_system_is_404(api: Any) -> None:
    assert api("complainthead").post(f"{KEYS}/999/revoke").status_code == 404
