"""Open311 against a real running server (pytest-django's live_server), with
a GeoReport client written by others: `georeport` (PyPI, Apache-2.0), in
JSON and in XML. The client only reads (services, definitions, requests);
creating a request and the token look-up it has no method for go through
`requests` — the HTTP library that client itself uses — and XML bodies are
read with `xmltodict`, the parser it uses."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import xmltodict
from georeport import GeoReport

from xiaoneng.complaints.actions import accept_complaint, issue_api_key
from xiaoneng.complaints.models import Complaint
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User

UNIT = "620700005"
NAME, PHONE = "孙诉人", "13800001111"


@pytest.fixture
def server(live_server: Any) -> tuple[str, str]:
    load_demo_city()
    _system, key = issue_api_key(
        actor=User.objects.get(username="complainthead"), name="甘肃 12345 热线"
    )
    return f"{live_server.url}/open311/v2", key


def post(root: str, key: str, fmt: str, **extra: str) -> requests.Response:
    data = {
        "api_key": key,
        "service_code": "delay",
        "attribute[department_code]": UNIT,
        "address_id": UNIT,
        "description": "营业执照变更申请超过承诺时限仍未办结",
        "first_name": "诉人",
        "last_name": "孙",
        "phone": PHONE,
        **extra,
    }
    return requests.post(f"{root}/requests.{fmt}", data=data, timeout=30)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_outside_client_round_trip(server: tuple[str, str], fmt: str) -> None:
    root, key = server
    client = GeoReport(root, api_key=key, output_format=fmt)

    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert "delay" in codes
    assert "rudeness" in codes
    assert len(codes) == 14
    definition = client.get_service_definition("delay")
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    unit = next(a for a in attributes if a["code"] == "department_code")
    assert str(unit["required"]).lower() == "true"

    created = post(root, key, fmt)
    assert created.status_code == 201, created.text
    if fmt == "json":
        number = created.json()[0]["service_request_id"]
        token = created.json()[0]["token"]
    else:
        body = xmltodict.parse(created.content)["service_requests"]["request"]
        number, token = body["service_request_id"], body["token"]
    row = Complaint.objects.get(number=number)
    assert row.department.code == UNIT
    assert row.address_string

    one = client.get_service_request(number)
    assert one["service_request_id"] == number
    assert one["status"] == "open"
    assert one["requested_datetime"].endswith("+08:00")
    listed = client.get_service_requests(service_request_id=number, status="open")
    if fmt == "xml":  # one record parses as a dict, several as a list
        listed = [listed] if isinstance(listed, dict) else listed
    assert [r["service_request_id"] for r in listed] == [number]

    found = requests.get(f"{root}/tokens/{token}.{fmt}", timeout=30)
    assert found.status_code == 200
    assert number in found.text

    for response in (
        requests.get(f"{root}/requests/{number}.{fmt}", timeout=30),
        requests.get(f"{root}/requests.{fmt}", timeout=30),
    ):
        assert NAME not in response.text
        assert PHONE not in response.text


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_outside_client_sees_errors_and_status_changes(server: tuple[str, str], fmt: str) -> None:
    root, key = server
    client = GeoReport(root, api_key=key, output_format=fmt)
    before = Complaint.objects.count()
    for response, status in (
        (post(root, "wrong", fmt), 403),
        (post(root, key, fmt, service_code="graffiti"), 400),
        (post(root, key, fmt, description="拖" * 4001), 400),
        (requests.get(f"{root}/requests.{fmt}?status=pending", timeout=30), 400),
        (requests.get(f"{root}/requests/TS0.{fmt}", timeout=30), 404),
    ):
        assert response.status_code == status
        if fmt == "json":
            assert response.json()[0]["code"] == status
        else:
            error = xmltodict.parse(response.content)["errors"]["error"]
            assert error["code"] == str(status)
            assert error["description"]
    assert Complaint.objects.count() == before
    with pytest.raises(requests.HTTPError):
        client.get_service_definition("graffiti")

    number = Complaint.objects.get(pk=_created(root, key)).number
    accept_complaint(
        actor=User.objects.get(username="complaint"),
        complaint_id=Complaint.objects.get(number=number).pk,
    )
    one = client.get_service_request(number)
    assert one["status"] == "open"
    assert "已受理" in one["status_notes"]


def _created(root: str, key: str) -> int:
    response = post(root, key, "json")
    assert response.status_code == 201
    return Complaint.objects.get(number=response.json()[0]["service_request_id"]).pk
