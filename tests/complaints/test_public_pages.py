"""The public complaint pages: the form (anonymous or signed in, with
attachments; the number and query code shown once), the tracking page
(number + code POSTed), rating and the one re-examination — and that
none of them shows who complained or which staff member handled it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xiaoneng.complaints.actions import accept_complaint, conclude_complaint
from xiaoneng.complaints.models import Channel, Complaint, SatisfactionSource, Status
from xiaoneng.org.models import Department, User
from xiaoneng.system.actions import set_parameter

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME, PHONE = "周投诉", "13709360001"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def fields(client: Client, **changes: Any) -> dict[str, Any]:
    page = client.get("/complaints/")
    token = page.context["form_token"]
    unit = Department.objects.get(code="620700005")
    data: dict[str, Any] = {
        "form_token": token,
        "category": "rudeness",
        "department_id": str(unit.pk),
        "staff_name": "李窗口",
        "title": "窗口人员态度蛮横",
        "description": "2026年12月1日上午在工商窗口办理变更登记，工作人员拒绝解释并呵斥。",
        "address_string": "张掖市政务服务中心二楼工商窗口",
        "anonymous": "1",
        "complainant_phone": PHONE,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit(client: Client, **changes: Any) -> tuple[Complaint, str]:
    response = client.post("/complaints/", fields(client, **changes))
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "no-store" in response["Cache-Control"]
    row = Complaint.objects.get(number=response.context["row"].number)
    return row, response.context["query_code"]


def conclude(row: Complaint, users: dict[str, User]) -> None:
    staff = users["complaint"]
    accept_complaint(actor=staff, complaint_id=row.pk)
    conclude_complaint(
        actor=staff,
        complaint_id=row.pk,
        outcome="substantiated",
        findings="调取窗口监控，情况属实。",
        handling_opinion="责令市工商局对当事窗口人员批评教育。",
        reply_text="经核实，您反映的问题属实，已责成市工商局整改。",
    )


def track(client: Client, no: str, code: str) -> Any:
    return client.post("/complaints/track/", {"no": no, "code": code})


def test_anonymous_complaint_shows_number_and_code_once(client: Client, demo_city: None) -> None:
    response = client.post("/complaints/", fields(client))
    body = response.content.decode()
    row = Complaint.objects.get()
    code = response.context["query_code"]
    assert row.number in body
    assert code in body
    assert row.channel == Channel.ONLINE
    assert row.anonymous
    assert row.complainant_name == ""
    assert row.complainant_phone == PHONE  # kept for the call-back only
    assert row.complainant_user is None
    # Reloading the result page re-posts the same form: nothing new is stored.
    again = client.post("/complaints/", response.wsgi_request.POST.dict())
    assert again.status_code == 409
    assert Complaint.objects.count() == 1


def test_signed_in_complaint_with_attachment(
    client: Client, login: Any, users: dict[str, User]
) -> None:
    login("window")
    photo = SimpleUploadedFile("凭证.pdf", PDF, content_type="application/pdf")
    row, _code = submit(
        client, anonymous=None, complainant_name=NAME, complainant_phone=PHONE, attachments=photo
    )
    assert row.complainant_user == users["window"]
    assert row.complainant_name == NAME
    assert not row.anonymous
    assert row.attachments.count() == 1


def test_bad_input_is_shown_and_nothing_stored(client: Client, demo_city: None) -> None:
    for changes in (
        {"category": "nonsense"},
        {"department_id": ""},
        {"description": ""},
        {"anonymous": None},  # a named complaint needs a name
        {"attachments": SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")},
    ):
        response = client.post("/complaints/", fields(client, **changes))
        assert response.status_code == 400, changes
        assert 'role="alert"' in response.content.decode()
        assert response.context["data"]["title"] == "窗口人员态度蛮横"  # kept for correction
    assert Complaint.objects.count() == 0


def test_tracking_by_number_and_code_without_identity(
    client: Client, users: dict[str, User]
) -> None:
    row, code = submit(client, anonymous=None, complainant_name=NAME)
    assert track(client, row.number, "WRONGCODE1").context["error"]
    assert client.get(f"/complaints/track/?no={row.number}&code={code}").context.get("c") is None
    conclude(row, users)
    response = track(client, row.number, code)
    body = response.content.decode()
    assert response.context["c"]["number"] == row.number
    assert "已办结" in body
    assert "属实" in body
    assert "已责成市工商局整改" in body
    assert "no-store" in response["Cache-Control"]
    for secret in (NAME, PHONE, "李窗口", users["complaint"].real_name, "调取窗口监控"):
        assert secret not in body, secret


def test_rate_and_reexamine_once_from_the_tracking_page(
    client: Client, users: dict[str, User]
) -> None:
    row, code = submit(client)
    early = client.post(
        "/complaints/track/rate/", {"no": row.number, "code": code, "satisfaction": "2"}
    )
    assert early.status_code == 409
    assert early.context["step_error"]
    conclude(row, users)
    page = track(client, row.number, code).content.decode()
    assert "评价办理结果" in page
    assert "申请复查" in page
    rated = client.post(
        "/complaints/track/rate/",
        {"no": row.number, "code": code, "satisfaction": "4", "note": "处理太慢"},
    )
    assert rated.status_code == 200
    assert rated.context["notice"]
    row.refresh_from_db()
    assert row.satisfaction == 4
    assert row.satisfaction_source == SatisfactionSource.COMPLAINANT
    twice = client.post(
        "/complaints/track/rate/", {"no": row.number, "code": code, "satisfaction": "1"}
    )
    assert twice.context["step_error"]
    row.refresh_from_db()
    assert row.satisfaction == 4
    wrong = client.post(
        "/complaints/track/reexamine/", {"no": row.number, "code": "X", "reason": "不服"}
    )
    assert wrong.status_code == 404
    asked = client.post(
        "/complaints/track/reexamine/", {"no": row.number, "code": code, "reason": "整改未落实"}
    )
    assert asked.status_code == 200
    assert asked.context["notice"]
    row.refresh_from_db()
    assert row.status == Status.REEXAMINING
    again = client.post(
        "/complaints/track/reexamine/", {"no": row.number, "code": code, "reason": "再次申请"}
    )
    assert again.context["step_error"]
    assert "一次" in again.context["step_error"]


def test_rate_limit(client: Client, users: dict[str, User]) -> None:
    set_parameter(actor=users["admin"], key="complaint.submit_per_minute", value="2")
    assert track(client, "TS0", "X").status_code == 200
    assert track(client, "TS0", "X").status_code == 200
    refused = track(client, "TS0", "X")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"


def test_portal_links_to_the_form_and_keeps_the_hotline(client: Client, demo_city: None) -> None:
    home = client.get("/").content.decode()
    assert 'href="/complaints/"' in home
    assert "12345" in home


def test_operation_log_keeps_no_complainant(client: Client, demo_city: None) -> None:
    from xiaoneng.system.models import OperationLog

    submit(
        client,
        anonymous=None,
        complainant_name=NAME,
        complainant_id_no="620702199001011234",
        complainant_address="甘州区青年西街 8 号",
    )
    logged = OperationLog.objects.filter(url="/complaints/").get()
    for secret in (NAME, PHONE, "620702199001011234", "青年西街"):
        assert secret not in logged.params, secret
