"""Open311 GeoReport v2 in process: discovery, services, definitions,
POST requests with an api_key, the public reads (never the complainant),
and every refusal as the spec's error list with nothing stored."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from xiaoneng.complaints.actions import issue_api_key, revoke_api_key
from xiaoneng.complaints.models import Category, Channel, Complaint
from xiaoneng.org.models import User

BASE = "/open311/v2"
UNIT = "620700005"  # 市工商局
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
NAME, PHONE = "钱多多", "13909361234"


@pytest.fixture
def key(users: dict[str, User]) -> str:
    _system, plain = issue_api_key(actor=users["complainthead"], name="12345 热线系统")
    return plain


def form(key: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": key,
        "service_code": Category.RUDENESS,
        "attribute[department_code]": UNIT,
        "attribute[staff_name]": "王窗口",
        "address_string": "张掖市政务服务中心一楼",
        "description": "窗口工作人员态度蛮横，拒绝解释材料要求",
        "first_name": "多多",
        "last_name": "钱",
        "phone": PHONE,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the body of our own server under test


def errors_of(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    assert isinstance(body, list)
    assert body
    assert all(set(e) == {"code", "description"} for e in body)
    assert all(e["code"] == response.status_code for e in body)
    return body


def test_discovery_json_and_xml(client: Client, demo_city: None) -> None:
    doc = client.get("/open311/discovery.json").json()
    endpoint = doc["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    response = client.get("/open311/discovery.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = parse(response.content)
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_are_the_categories(client: Client, demo_city: None) -> None:
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == list(Category.values)
    rude = next(s for s in services if s["service_code"] == "rudeness")
    assert rude["service_name"] == "态度蛮横"
    assert rude["metadata"] is True
    assert rude["type"] == "realtime"
    assert rude["group"]
    root = parse(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services"
    assert len(root.findall("service")) == len(Category.values)
    assert root.find("service/metadata").text == "true"  # type: ignore[union-attr]


def test_service_definition_lists_the_units(client: Client, demo_city: None) -> None:
    definition = client.get(f"{BASE}/services/rudeness.json").json()
    assert definition["service_code"] == "rudeness"
    attributes = {a["code"]: a for a in definition["attributes"]}
    unit = attributes["department_code"]
    assert unit["required"] is True
    assert unit["datatype"] == "singlevaluelist"
    assert {"key": UNIT, "name": "张掖市工商行政管理局"} in unit["values"] or any(
        v["key"] == UNIT for v in unit["values"]
    )
    assert attributes["staff_name"]["required"] is False
    assert attributes["case_number"]["datatype"] == "string"
    root = parse(client.get(f"{BASE}/services/rudeness.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None
    missing = client.get(f"{BASE}/services/potholes.json")
    assert missing.status_code == 404
    errors_of(missing)


def test_post_creates_a_complaint_and_reads_never_show_the_complainant(
    client: Client, key: str
) -> None:
    response = client.post(f"{BASE}/requests.json", form(key))
    assert response.status_code == 201, response.content
    created = response.json()[0]
    row = Complaint.objects.get(number=created["service_request_id"])
    assert row.channel == Channel.OPEN311
    assert row.outside_system is not None
    assert row.category == "rudeness"
    assert row.department.code == UNIT
    assert row.complainant_name == NAME
    assert not row.anonymous
    assert created["token"] == row.external_token
    # Sealed at rest: the name is not in the table as text.
    with connection.cursor() as cursor:
        table = Complaint._meta.db_table
        cursor.execute(f"SELECT complainant_name FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
        assert NAME not in str(cursor.fetchone())
    reads = [
        client.get(f"{BASE}/requests/{row.number}.json"),
        client.get(f"{BASE}/requests/{row.number}.xml"),
        client.get(f"{BASE}/requests.json"),
        client.get(f"{BASE}/requests.xml?service_request_id={row.number}"),
        client.get(f"{BASE}/tokens/{row.external_token}.json"),
    ]
    for read in reads:
        assert read.status_code == 200
        text = read.content.decode()
        for secret in (NAME, "钱", PHONE, "多多", "王窗口", "态度蛮横，拒绝"):
            assert secret not in text, (secret, text)
    one = reads[0].json()[0]
    assert one["service_request_id"] == row.number
    assert one["status"] == "open"
    assert "待受理" in one["status_notes"]
    assert one["agency_responsible"] == "张掖市行政效能投诉中心"
    assert ISO.match(one["requested_datetime"])
    assert ISO.match(one["expected_datetime"])
    assert one["address"] == "张掖市政务服务中心一楼"
    xml = parse(reads[1].content)
    assert xml.tag == "service_requests"
    assert xml.find("request/service_request_id").text == row.number  # type: ignore[union-attr]
    token = reads[4].json()[0]
    assert token == {"service_request_id": row.number, "token": row.external_token}


def test_post_in_xml_and_anonymous(client: Client, key: str) -> None:
    response = client.post(
        f"{BASE}/requests.xml",
        form(key, first_name=None, last_name=None, phone=None, lat="38.93", long="100.45"),
    )
    assert response.status_code == 201
    root = parse(response.content)
    number = root.find("request/service_request_id").text  # type: ignore[union-attr]
    row = Complaint.objects.get(number=number)
    assert row.anonymous
    assert row.complainant_name == ""
    assert str(row.lat) == "38.930000"


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "xn311_not-a-key"}, 403, "api_key"),
        ({"service_code": "potholes"}, 400, "service_code"),
        ({"service_code": None}, 400, "service_code"),
        ({"attribute[department_code]": None}, 400, "department_code"),
        ({"attribute[department_code]": "999999"}, 400, "department_code"),
        ({"attribute[colour]": "red"}, 400, "attribute[colour]"),
        ({"address_string": None}, 400, "位置"),
        ({"lat": "38.9"}, 400, "long"),
        ({"lat": "95", "long": "100"}, 400, "lat"),
        ({"description": None}, 400, "description"),
        ({"description": "慢" * 4001}, 400, "description"),
        ({"attribute[staff_name]": "王" * 101}, 400, "staff_name"),
        ({"media_url": "ftp://example.org/a.jpg"}, 400, "media_url"),
        ({"phone": "not a phone"}, 400, "电话"),
        ({"first_name": None, "last_name": "钱", "phone": None}, 400, "联系"),
    ],
)
def test_bad_input_is_the_specs_error_and_nothing_is_stored(
    client: Client, key: str, changes: dict[str, Any], status: int, words: str
) -> None:
    before = Complaint.objects.count()
    for fmt in ("json", "xml"):
        response = client.post(f"{BASE}/requests.{fmt}", form(key, **changes))
        assert response.status_code == status, response.content
        if fmt == "json":
            assert any(words in e["description"] for e in errors_of(response))
        else:
            root = parse(response.content)
            assert root.tag == "errors"
            assert root.find("error/code").text == str(status)  # type: ignore[union-attr]
    assert Complaint.objects.count() == before


def test_several_problems_are_listed_together(client: Client, key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json", form(key, service_code="x", description=None, address_string=None)
    )
    assert response.status_code == 400
    assert len(errors_of(response)) == 3


def test_revoked_key_and_oversize_body(client: Client, users: dict[str, User], key: str) -> None:
    from xiaoneng.complaints.models import OutsideSystem

    system = OutsideSystem.objects.get()
    revoke_api_key(actor=users["complainthead"], system_id=system.pk)
    before = Complaint.objects.count()
    assert client.post(f"{BASE}/requests.json", form(key)).status_code == 403
    big = client.post(
        f"{BASE}/requests.json",
        "description=" + "x" * 70_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert big.status_code == 413
    errors_of(big)
    assert Complaint.objects.count() == before


def test_post_needs_no_csrf_token(key: str) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{BASE}/requests.json", form(key)).status_code == 201


def test_request_filters(client: Client, key: str) -> None:
    first = client.post(f"{BASE}/requests.json", form(key)).json()[0]["service_request_id"]
    client.post(f"{BASE}/requests.json", form(key, service_code="delay"))
    assert len(client.get(f"{BASE}/requests.json").json()) == 2
    assert [
        r["service_code"] for r in client.get(f"{BASE}/requests.json?service_code=delay").json()
    ] == ["delay"]
    assert len(client.get(f"{BASE}/requests.json?status=open").json()) == 2
    assert client.get(f"{BASE}/requests.json?status=closed").json() == []
    ids = client.get(f"{BASE}/requests.json?service_request_id={first},TS0").json()
    assert [r["service_request_id"] for r in ids] == [first]
    window = "start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00"
    assert client.get(f"{BASE}/requests.json?{window}").json() == []
    for bad in (
        "status=pending",
        "status=open,waiting",
        "service_code=potholes",
        "start_date=yesterday",
        "start_date=2026-01-01T00:00:00",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
    ):
        response = client.get(f"{BASE}/requests.json?{bad}")
        assert response.status_code == 400, bad
        errors_of(response)
    xml = client.get(f"{BASE}/requests.xml?status=pending")
    assert xml.status_code == 400
    assert parse(xml.content).tag == "errors"


def test_unknown_request_and_token_are_404(client: Client, demo_city: None) -> None:
    for path in ("requests/TS20260101000999.json", "tokens/nope.json"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404
        errors_of(response)
    xml = client.get(f"{BASE}/requests/TS20260101000999.xml")
    assert parse(xml.content).find("error/code").text == "404"  # type: ignore[union-attr]


def test_json_is_utf8(client: Client, demo_city: None) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "态度蛮横" in response.content.decode("utf-8")
    assert json.loads(response.content)[0]["service_code"] == "inaction"


def test_operation_log_keeps_neither_the_key_nor_the_complainant(client: Client, key: str) -> None:
    from xiaoneng.system.models import OperationLog

    assert client.post(f"{BASE}/requests.json", form(key)).status_code == 201
    logged = OperationLog.objects.filter(url__contains="/open311/").get()
    for secret in (key, NAME[1:], "钱", PHONE):
        assert secret not in logged.params, secret
    assert "rudeness" in logged.params  # the matter itself is logged


def test_status_follows_the_internal_state(
    client: Client, key: str, users: dict[str, User]
) -> None:
    from xiaoneng.complaints.actions import (
        accept_complaint,
        conclude_complaint,
        decline_complaint,
        transfer_complaint,
    )

    staff = users["complaint"]
    numbers = [
        client.post(f"{BASE}/requests.json", form(key)).json()[0]["service_request_id"]
        for _ in range(3)
    ]
    rows = [Complaint.objects.get(number=n) for n in numbers]
    accept_complaint(actor=staff, complaint_id=rows[0].pk, handler_id=staff.pk)
    conclude_complaint(
        actor=staff,
        complaint_id=rows[0].pk,
        outcome="partly",
        findings="部分属实",
        handling_opinion="批评教育",
        reply_text="经核实部分属实，已责成整改。",
    )
    decline_complaint(actor=staff, complaint_id=rows[1].pk, reason="不属于效能投诉受理范围")
    transfer_complaint(
        actor=staff, complaint_id=rows[2].pk, to_body="张掖市市场监督管理局", reason="属其职责"
    )
    got = {
        r["service_request_id"]: r for r in client.get(f"{BASE}/requests.json?status=closed").json()
    }
    assert set(got) == set(numbers)
    concluded, declined, transferred = (got[n] for n in numbers)
    assert concluded["status_notes"] == "已办结，处理结果：部分属实"
    assert staff.department is not None
    assert concluded["agency_responsible"] == staff.department.name  # the handling unit
    assert concluded["expected_datetime"] is None
    assert "经核实" not in str(concluded)  # the reply is for the complainant only
    assert declined["status_notes"] == "不予受理"
    assert "受理范围" not in str(declined)
    assert transferred["agency_responsible"] == "张掖市市场监督管理局"
    assert "张掖市市场监督管理局" in transferred["status_notes"]
    assert client.get(f"{BASE}/requests.json?status=open").json() == []


def test_rate_limit_per_system(client: Client, key: str, users: dict[str, User]) -> None:
    from xiaoneng.system.actions import set_parameter

    set_parameter(actor=users["admin"], key="open311.requests_per_minute", value="2")
    assert client.post(f"{BASE}/requests.json", form(key)).status_code == 201
    assert client.post(f"{BASE}/requests.json", form(key)).status_code == 201
    before = Complaint.objects.count()
    refused = client.post(f"{BASE}/requests.xml", form(key))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert parse(refused.content).find("error/code").text == "429"  # type: ignore[union-attr]
    assert Complaint.objects.count() == before
    _other, second = issue_api_key(actor=users["complainthead"], name="另一外部系统")
    assert client.post(f"{BASE}/requests.json", form(second)).status_code == 201
