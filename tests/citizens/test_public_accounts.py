"""Public accounts (issue 19, item 1): registration with checked numbers,
个人/法人 login kept apart from the staff login, 我的办件 scoped to the
account, an enterprise linked to what is filed under its credit code, drafts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions as case_actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.citizens.models import ApplicationDraft, PublicAccount
from xiaoneng.citizens.selectors import own_cases
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.public_accounts import CITIZEN, ENTERPRISE, load_demo_public_accounts
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

PERSON = {
    "kind": "person",
    "person_name": "李春梅",
    "id_no": "62070219850312102x",  # wrong check character first; fixed below
    "phone": "13709360003",
    "password": "Qilian#2026go",
    "password2": "Qilian#2026go",
}


def _valid_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return (
        first17
        + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=False)) % 11]
    )


@pytest.fixture
def public(users: dict[str, User]) -> dict[str, User]:
    load_demo_public_accounts()
    return {u.username: u for u in User.objects.filter(username__in=["citizen", "applicant"])}


def test_registration_checks_the_id_number_then_seals_it(client: Any, demo_city: None) -> None:
    refused = client.post("/portal/register/", {**PERSON, "id_no": "620702198503121020"})
    assert refused.status_code == 400
    assert "身份证号码校验位不正确" in refused.content.decode()
    number = _valid_id("62070219900101123")
    done = client.post("/portal/register/", {**PERSON, "id_no": number})
    assert done.status_code == 302
    assert done["Location"] == "/portal/me/"
    account = PublicAccount.objects.get(person_name="李春梅")
    assert account.id_no == number
    assert account.phone == PERSON["phone"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_no, phone FROM citizens_publicaccount WHERE id = %s", [account.pk]
        )
        raw = cursor.fetchone()
    assert number not in raw[0]
    assert PERSON["phone"] not in raw[1]
    assert AuditEvent.objects.filter(event_type="citizens.registered").exists()
    me = client.get("/portal/me/")
    assert me.status_code == 200
    assert number not in me.content.decode()
    again = client.post("/portal/register/", {**PERSON, "id_no": number, "phone": "13709360004"})
    assert again.status_code == 409  # one 个人 account per 身份证号


def test_enterprise_registration_checks_the_credit_code(client: Any, demo_city: None) -> None:
    data = {
        **PERSON,
        "kind": "enterprise",
        "id_no": _valid_id("62070219900101123"),
        "enterprise_name": "张掖市甘泉食品有限公司",
        "credit_code": "91620702MA74Q8R2XA",  # check character wrong
    }
    refused = client.post("/portal/register/", data)
    assert refused.status_code == 400
    assert "校验位不正确" in refused.content.decode()
    ok = client.post("/portal/register/", {**data, "credit_code": "91620702MA71B3K9PD"})
    assert ok.status_code == 302
    assert PublicAccount.objects.get(credit_code="91620702MA71B3K9PD").is_enterprise


def test_password_policy_is_staffs(client: Any, demo_city: None) -> None:
    weak = {
        **PERSON,
        "id_no": _valid_id("62070219900101123"),
        "password": "abc",
        "password2": "abc",
    }
    response = client.post("/portal/register/", weak)
    assert response.status_code == 400
    assert not PublicAccount.objects.exists()


def test_logins_are_kept_apart(client: Any, public: dict[str, User]) -> None:
    person = {"kind": "person", "password": DEMO_PASSWORD}
    by_id = client.post("/portal/login/", {**person, "identifier": CITIZEN["id_no"]})
    assert by_id.status_code == 302
    assert by_id["Location"] == "/portal/me/"
    client.post("/portal/logout/")
    # The enterprise on the 个人 tab, staff on the public login, a citizen on the staff login.
    wrong_tab = client.post("/portal/login/", {**person, "identifier": "applicant"})
    assert wrong_tab.status_code == 403
    assert "法人登录" in wrong_tab.content.decode()
    staff = client.post("/portal/login/", {**person, "identifier": "window"})
    assert staff.status_code == 403
    assert "工作人员" in staff.content.decode()
    on_staff = client.post("/accounts/login/", {"username": "citizen", "password": DEMO_PASSWORD})
    assert on_staff.status_code == 403
    assert "/portal/login/" in on_staff.content.decode()
    assert "_auth_user_id" not in client.session
    by_code = client.post(
        "/portal/login/",
        {"kind": "enterprise", "identifier": ENTERPRISE["credit_code"], "password": DEMO_PASSWORD},
    )
    assert by_code.status_code == 302
    assert client.get("/accounts/login/")["Location"] == "/portal/me/"
    # Nor does a public account get the staff shell by typing its address.
    assert client.get("/workbench/")["Location"] == "/portal/me/"


def test_an_enterprise_sees_what_is_filed_under_its_credit_code(
    client: Any, public: dict[str, User], users: dict[str, User], promise_item: ApprovalItem
) -> None:
    filed, _ = case_actions.submit_application(
        actor=users["window"],
        item_code=promise_item.code,
        applicant_name=ENTERPRISE["enterprise_name"],
        applicant_id_type="credit_code",
        applicant_id_no=ENTERPRISE["credit_code"],
    )
    other, _ = case_actions.submit_application(
        actor=users["window"], item_code=promise_item.code, applicant_name="别的公司"
    )
    assert list(own_cases(public["applicant"])) == [filed]
    assert list(own_cases(public["citizen"])) == []
    assert list(own_cases(users["window"])) == []  # staff have no 我的办件
    client.post(
        "/portal/login/",
        {"kind": "enterprise", "identifier": "applicant", "password": DEMO_PASSWORD},
    )
    page = client.get("/portal/me/").content.decode()
    assert filed.tracking_no in page
    assert other.tracking_no not in page
    assert client.get(f"/portal/me/cases/{filed.pk}/").status_code == 200
    assert client.get(f"/portal/me/cases/{other.pk}/").status_code == 404


def test_a_draft_is_saved_resumed_and_cleared_on_submit(
    client: Any, public: dict[str, User], promise_item: ApprovalItem
) -> None:
    client.post(
        "/portal/login/", {"kind": "person", "identifier": "citizen", "password": DEMO_PASSWORD}
    )
    saved = client.post(
        f"/portal/me/drafts/save/{promise_item.code}/",
        {"applicant_name": "王小梅", "summary": "先存一下"},
    )
    assert saved.status_code == 302
    draft = ApplicationDraft.objects.get()
    resumed = client.get(f"/portal/me/drafts/{draft.pk}/resume/", follow=True)
    assert resumed.context["form"].initial["summary"] == "先存一下"
    form = resumed.context
    response = client.post(
        f"/cases/apply/{promise_item.code}/",
        {"form_token": form["form_token"], "applicant_name": "王小梅", "summary": "先存一下"},
    )
    assert response.status_code == 200
    assert not ApplicationDraft.objects.exists()
    case = own_cases(public["citizen"]).get()
    assert case.applicant_id_digest  # filed under her 身份证号


def test_the_apply_page_sends_a_visitor_to_the_public_login(
    client: Any, promise_item: ApprovalItem
) -> None:
    response = client.get(f"/cases/apply/{promise_item.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/login/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "个人登录" in page
    assert "法人登录" in page
    assert "仅限授权工作人员" not in page


def test_a_material_uploaded_once_is_attached_again(
    client: Any, public: dict[str, User], promise_item: ApprovalItem, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xiaoneng.cases.models import CaseAttachment

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    material = promise_item.materials.first()
    client.post(
        "/portal/login/", {"kind": "person", "identifier": "citizen", "password": DEMO_PASSWORD}
    )
    first = client.get(f"/cases/apply/{promise_item.code}/")
    client.post(
        f"/cases/apply/{promise_item.code}/",
        {
            "form_token": first.context["form_token"],
            "applicant_name": "王小梅",
            f"material_{material.pk}": SimpleUploadedFile("申请书.pdf", pdf, "application/pdf"),
        },
    )
    earlier = CaseAttachment.objects.get()
    second = client.get(f"/cases/apply/{promise_item.code}/")
    assert [a.pk for a in second.context["reusable"]] == [earlier.pk]
    client.post(
        f"/cases/apply/{promise_item.code}/",
        {
            "form_token": second.context["form_token"],
            "applicant_name": "王小梅",
            f"reuse_{material.pk}": str(earlier.pk),
        },
    )
    again = CaseAttachment.objects.exclude(pk=earlier.pk).get()
    assert again.case_id != earlier.case_id
    assert again.sm3 == earlier.sm3
    assert again.stored_path != earlier.stored_path  # its own copy
    materials = client.get("/portal/me/materials/").content.decode()
    assert "申请书.pdf" in materials


def test_the_api_lists_my_cases(
    client: Any, public: dict[str, User], users: dict[str, User], promise_item: ApprovalItem
) -> None:
    mine, _ = case_actions.submit_application(
        actor=users["window"],
        item_code=promise_item.code,
        applicant_name=CITIZEN["person_name"],
        applicant_id_type="resident_id",
        applicant_id_no=CITIZEN["id_no"],
    )
    client.post(
        "/portal/login/", {"kind": "person", "identifier": "citizen", "password": DEMO_PASSWORD}
    )
    rows = client.get("/api/v1/me/cases").json()
    assert [r["tracking_no"] for r in rows] == [mine.tracking_no]
    assert rows[0]["is_open"] is True
