"""Application materials (申请材料电子件): the type by content, the size and
quota parameters, who may attach to which case, the audit trail, and the web
forms and downloads."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions
from xiaoneng.cases.actions import attach_material
from xiaoneng.cases.models import Case, CaseAttachment
from xiaoneng.cases.uploads import MB, OFD, PDF, clean_filename, sniff
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import DomainError
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(64) + b"\xff\xd9"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(64) + b"This program cannot be run"


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


OFD_BYTES = _zip(["OFD.xml", "Doc_0/Document.xml"])
DOCX_BYTES = _zip(["[Content_Types].xml", "word/document.xml"])


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def upload(client: Client, case_id: int, name: str, data: bytes, **extra: Any) -> Any:
    return client.post(
        f"/api/v1/cases/{case_id}/attachments",
        {"file": SimpleUploadedFile(name, data, "application/octet-stream"), **extra},
    )


@pytest.fixture
def own_case(users: dict[str, User], promise_item: ApprovalItem) -> Case:
    """An online application of the demo applicant to 市工商局."""
    with travel_to(ON):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=promise_item.code, applicant_name="祁连绿源"
        )
    return case


def test_the_four_types_are_accepted_by_content(own_case: Case, media: Path) -> None:
    client = signed_in("applicant")
    material = own_case.item.materials.get()
    for name, data, content_type in [
        ("申请书.pdf", PDF_BYTES, "application/pdf"),
        ("营业执照.JPG", JPEG_BYTES, "image/jpeg"),
        ("scan", PNG_BYTES, "image/png"),
        ("电子证照.ofd", OFD_BYTES, "application/ofd"),
    ]:
        response = upload(client, own_case.pk, name, data, material_id=material.pk)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["content_type"] == content_type
        assert body["size"] == len(data)
        assert body["sm3"] == sm3_hex(data)
        assert body["material_name"] == material.name
    listed = client.get(f"/api/v1/cases/{own_case.pk}/attachments").json()
    names = [a["filename"] for a in listed]
    assert names == ["申请书.pdf", "营业执照.jpg", "scan.png", "电子证照.ofd"]
    # Stored under MEDIA_ROOT by a random name, readable only by the server.
    stored = [media / a.stored_path for a in CaseAttachment.objects.order_by("id")]
    assert all(p.is_file() and p.stat().st_mode & 0o077 == 0 for p in stored)
    assert all("申请书" not in str(p) for p in stored)
    # Download: the bytes, as an attachment under the cleaned original name.
    download = client.get(listed[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("营业执照.pdf", EXE_BYTES), ("申请书.docx", DOCX_BYTES), ("x.pdf", b"<html>%PDF-</html>")],
)
def test_the_name_does_not_make_the_type(own_case: Case, name: str, data: bytes) -> None:
    response = upload(signed_in("applicant"), own_case.pk, name, data)
    assert response.status_code == 400
    assert response.json()["code"] == "upload_type_not_allowed"
    assert not CaseAttachment.objects.exists()


def test_empty_and_too_large_files_are_refused(users: dict[str, User], own_case: Case) -> None:
    client = signed_in("applicant")
    assert upload(client, own_case.pk, "a.pdf", b"").json()["code"] == "upload_empty"
    set_parameter(actor=users["admin"], key="case.upload_max_file_mb", value="1")
    big = PDF_BYTES + bytes(MB)
    response = upload(client, own_case.pk, "big.pdf", big)
    assert response.status_code == 400
    assert response.json()["code"] == "upload_too_large"
    assert response.json()["detail"] == {"max_bytes": MB}
    assert upload(client, own_case.pk, "ok.pdf", PDF_BYTES).status_code == 201


def test_a_case_has_a_quota_of_files_and_bytes(users: dict[str, User], own_case: Case) -> None:
    client = signed_in("applicant")
    set_parameter(actor=users["admin"], key="case.upload_max_files", value="2")
    assert upload(client, own_case.pk, "1.pdf", PDF_BYTES).status_code == 201
    assert upload(client, own_case.pk, "2.png", PNG_BYTES).status_code == 201
    third = upload(client, own_case.pk, "3.jpg", JPEG_BYTES)
    assert third.status_code == 400
    assert third.json()["code"] == "upload_case_quota"
    set_parameter(actor=users["admin"], key="case.upload_max_files", value="30")
    set_parameter(actor=users["admin"], key="case.upload_max_case_mb", value="1")
    half = PDF_BYTES + bytes(MB // 2)
    assert upload(client, own_case.pk, "half.pdf", half).status_code == 201
    over = upload(client, own_case.pk, "again.pdf", half)
    assert over.json()["code"] == "upload_case_quota"
    assert over.json()["detail"]["max_bytes"] == MB
    assert CaseAttachment.objects.filter(case=own_case).count() == 3


def test_a_body_larger_than_a_case_may_hold_is_refused_cleanly(
    users: dict[str, User], own_case: Case
) -> None:
    set_parameter(actor=users["admin"], key="case.upload_max_case_mb", value="1")
    # The request limit is the case quota plus 1 MB for the form: 2 MB here.
    response = upload(signed_in("applicant"), own_case.pk, "huge.pdf", PDF_BYTES + bytes(3 * MB))
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    # A JSON body past DATA_UPLOAD_MAX_MEMORY_SIZE: the same clean answer.
    huge = signed_in("window").post(
        "/api/v1/cases", {"summary": "x" * (3 * MB)}, content_type="application/json"
    )
    assert huge.status_code == 413


def test_who_may_attach_and_when(users: dict[str, User], own_case: Case) -> None:
    admin = users["admin"]
    # Window staff of the handling bureau may; the agent of another case may not see it.
    assert upload(signed_in("window"), own_case.pk, "w.pdf", PDF_BYTES).status_code == 201
    assert upload(signed_in("agent"), own_case.pk, "a.pdf", PDF_BYTES).status_code == 404
    # Another applicant: not found, the same as a case that does not exist.
    org_actions.create_user(
        actor=admin,
        username="other",
        password=DEMO_PASSWORD,
        real_name="另一申请人",
        roles=[Role.objects.get(code="applicant")],
    )
    other = signed_in("other")
    assert upload(other, own_case.pk, "o.pdf", PDF_BYTES).json()["code"] == "case_not_found"
    assert other.get(f"/api/v1/cases/{own_case.pk}/attachments").status_code == 404
    attachment = CaseAttachment.objects.get()
    assert other.get(f"/api/v1/cases/{own_case.pk}/attachments/{attachment.pk}").status_code == 404
    assert other.get(f"/cases/{own_case.pk}/attachments/{attachment.pk}/").status_code == 404
    assert upload(other, 999_999, "o.pdf", PDF_BYTES).json()["code"] == "case_not_found"
    # Window staff of another department: not found either.
    org_actions.create_user(
        actor=admin,
        username="zhijian_window",
        password=DEMO_PASSWORD,
        real_name="质监窗口",
        department=Department.objects.get(code="620700024"),
        roles=[Role.objects.get(code="window")],
    )
    elsewhere = signed_in("zhijian_window")
    assert upload(elsewhere, own_case.pk, "e.pdf", PDF_BYTES).status_code == 404
    assert elsewhere.get(f"/api/v1/cases/{own_case.pk}/attachments").status_code == 404
    # Staff who may see the case but do not receive materials: refused.
    refused = upload(signed_in("reviewer"), own_case.pk, "r.pdf", PDF_BYTES)
    assert refused.status_code == 403
    assert refused.json()["code"] == "attachment_not_allowed"
    assert signed_in("reviewer").get(f"/api/v1/cases/{own_case.pk}/attachments").status_code == 200
    # A material of another item is refused.
    wrong = upload(signed_in("applicant"), own_case.pk, "m.pdf", PDF_BYTES, material_id=999_999)
    assert wrong.json()["code"] == "upload_material_unknown"
    # After the applicant withdraws, nothing more is attached.
    with travel_to(ON):
        actions.withdraw_case(actor=users["applicant"], case_id=own_case.pk, reason="不再申请")
    closed = upload(signed_in("applicant"), own_case.pk, "late.pdf", PDF_BYTES)
    assert closed.status_code == 409
    assert closed.json()["code"] == "attachment_case_closed"


def test_attaching_is_audited_and_a_refusal_leaves_nothing(
    users: dict[str, User], own_case: Case, media: Path
) -> None:
    attachment = attach_material(
        actor=users["applicant"],
        case_id=own_case.pk,
        file=SimpleUploadedFile("申请书.pdf", PDF_BYTES),
    )
    event = AuditEvent.objects.get(event_type="case.attachment_added")
    assert event.object_id == own_case.tracking_no
    assert event.actor_id == users["applicant"].pk
    assert event.payload["sm3"] == attachment.sm3 == sm3_hex(PDF_BYTES)
    assert event.payload["filename"] == "申请书.pdf"
    with pytest.raises(DomainError) as refused:
        attach_material(
            actor=users["applicant"],
            case_id=own_case.pk,
            file=SimpleUploadedFile("a.pdf", EXE_BYTES),
        )
    assert refused.value.code == "upload_type_not_allowed"
    assert AuditEvent.objects.filter(event_type="case.attachment_added").count() == 1
    assert len(list((media / "cases" / str(own_case.pk)).iterdir())) == 1


def test_file_names_are_cleaned() -> None:
    assert clean_filename("C:\\Users\\张三\\营业执照.PDF", PDF) == "营业执照.pdf"
    assert clean_filename("../../etc/passwd", PDF) == "passwd.pdf"
    assert clean_filename("invoice\u202egpj.exe", PDF) == "invoicegpj.exe.pdf"
    assert clean_filename('a<b>:"|?*.ofd', OFD) == "ab.ofd"
    assert clean_filename("...", PDF) == "申请材料.pdf"
    assert len(clean_filename("长" * 300 + ".pdf", PDF)) == 100
    assert sniff(OFD_BYTES) is OFD
    assert sniff(b"PK\x03\x04 not really a zip") is None


def test_the_applicant_uploads_with_the_application(
    login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    client = login("applicant")
    page = client.get(f"/cases/apply/{promise_item.code}/")
    material = promise_item.materials.get()
    assert f'name="material_{material.pk}"' in page.content.decode()
    form = {
        "applicant_name": "祁连绿源",
        "form_token": page.context["form_token"],
        f"material_{material.pk}": SimpleUploadedFile("申请书.pdf", PDF_BYTES),
    }
    with travel_to(ON):
        done = client.post(f"/cases/apply/{promise_item.code}/", form)
    assert done.status_code == 200, done.content[:500]
    case = Case.objects.get()
    attachment = case.attachments.get()
    assert (attachment.material, attachment.filename) == (material, "申请书.pdf")
    # The applicant's page lists it, downloads it, and takes more while the case is open.
    mine = client.get(f"/cases/mine/{case.pk}/").content.decode()
    link = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    assert link in mine
    assert "data-attach-form" in mine
    assert b"".join(client.get(link).streaming_content) == PDF_BYTES
    more = client.post(
        f"/cases/{case.pk}/attachments/",
        {"material": str(material.pk), "file": SimpleUploadedFile("补充.png", PNG_BYTES)},
    )
    assert more.status_code == 302
    assert more["Location"] == f"/cases/mine/{case.pk}/"
    assert case.attachments.count() == 2
    bad = client.post(
        f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", EXE_BYTES)}
    )
    assert bad.status_code == 302
    assert case.attachments.count() == 2


def test_a_refused_file_keeps_the_application_form(login: Any, promise_item: ApprovalItem) -> None:
    client = login("applicant")
    page = client.get(f"/cases/apply/{promise_item.code}/")
    material = promise_item.materials.get()
    response = client.post(
        f"/cases/apply/{promise_item.code}/",
        {
            "applicant_name": "祁连绿源",
            "form_token": page.context["form_token"],
            f"material_{material.pk}": SimpleUploadedFile("申请书.pdf", EXE_BYTES),
        },
    )
    assert response.status_code == 400
    assert 'data-error-code="upload_type_not_allowed"' in response.content.decode()
    assert not Case.objects.exists()


def test_the_window_scans_materials_at_intake(
    login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    client = login("window")
    page = client.get("/cases/window/intake/", {"item": promise_item.code})
    material = promise_item.materials.get()
    assert f'name="material_{material.pk}"' in page.content.decode()
    with travel_to(ON):
        done = client.post(
            "/cases/window/intake/",
            {
                "item": promise_item.code,
                "form_token": page.context["form_token"],
                "applicant_name": "丹霞文旅",
                f"m{material.pk}": "on",
                f"material_{material.pk}": SimpleUploadedFile("申请书.ofd", OFD_BYTES),
            },
        )
    assert done.status_code == 200, done.content[:500]
    case = Case.objects.get()
    assert case.status == "accepted"
    attachment = case.attachments.get()
    assert attachment.content_type == "application/ofd"
    # The case page lists it for download and takes more while the case runs.
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/attachments/{attachment.pk}/" in page
    assert "data-attach-form" in page
    more = client.post(
        f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("补正.jpg", JPEG_BYTES)}
    )
    assert more["Location"] == f"/cases/{case.pk}/"
    assert case.attachments.count() == 2
