"""The fees pages: 收费公示 (public, nothing internal), the catalog desk,
the case's 收费 page and the window's charges, approvals, reconciliation,
the applicant's tracking page, the 乱收费 complaints linked on the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fee_support import RANGE_CODE, RECEIVED, charge

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.complaints.actions import submit_complaint
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees import actions
from xiaoneng.fees.models import Charge, FeeApproval, FeeItem
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db


def test_the_public_page_lists_fees_in_force_and_nothing_internal(
    client: Any, users: dict[str, User], case: Case
) -> None:
    actions.cancel_fee(
        actor=users["caizheng"], code="SF-620700005-002", cancelled_on=date(2026, 3, 1)
    )
    charge(users["window"], case, unit_amount="99", confirm=True)
    page = client.get("/fees/public/")
    assert page.status_code == 200
    text = page.content.decode()
    assert RANGE_CODE in text
    assert "80.00～550.00元/件" in text
    assert "甘价费〔2010〕12号" in text
    assert "SF-620700005-002" not in text  # cancelled
    for internal in ("李春燕", "caizheng", "GS0000001", case.tracking_no, "版本"):
        assert internal not in text
    housing = Department.objects.get(code="620700012").pk
    other = client.get(f"/fees/public/?department={housing}").content.decode()
    assert RANGE_CODE not in other
    assert "暂无公示的收费项目" in other


def test_the_catalog_desk_is_finances(as_user: Any, users: dict[str, User], fees: None) -> None:
    assert as_user("window").get("/fees/catalog/").status_code == 403
    client = as_user("caizheng")
    listed = client.get("/fees/catalog/?q=登记")
    assert listed.status_code == 200
    assert RANGE_CODE in listed.content.decode()
    refused = client.post("/fees/catalog/", {"code": "SF-NEW-1", "name": "x", "kind": "fixed"})
    assert "fee_basis_required" in refused.content.decode()
    fee = FeeItem.objects.get(code=RANGE_CODE)
    detail = client.get(f"/fees/catalog/{fee.pk}/")
    assert "变更历史" in detail.content.decode()
    gone = client.post(f"/fees/catalog/{fee.pk}/cancel/", {"cancelled_on": "2026-03-16"})
    assert gone.status_code == 302
    fee.refresh_from_db()
    assert fee.status == "cancelled"
    export = client.get("/fees/catalog/export/")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.post("/fees/catalog/import/", {"file": _upload(b"nope")})
    assert "fee_file_unreadable" in bad.content.decode()


def _upload(data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fees.xlsx", data)


def test_the_window_charges_on_the_case_page(
    as_user: Any, users: dict[str, User], case: Case
) -> None:
    client = as_user("window")
    page = client.get(f"/fees/cases/{case.pk}/")
    assert page.status_code == 200
    assert "按下限收取" in page.content.decode()
    form = {
        "fee_code": RANGE_CODE,
        "quantity": "1",
        "unit_amount": "",
        "notice_no": "JK1",
        "receipt_no": "GS1",
        "payee_account": "fiscal",
        "into_budget": "1",
    }
    assert client.post(f"/fees/cases/{case.pk}/charge/", form).status_code == 302
    above = client.post(
        f"/fees/cases/{case.pk}/charge/",
        {**form, "receipt_no": "GS2", "unit_amount": "120"},
        follow=True,
    )
    assert "fee_charge_outside_catalog" in above.content.decode()
    assert list(Charge.objects.values_list("receipt_no", flat=True)) == ["GS1"]
    listed = client.get("/fees/charges/")
    assert "GS1" in listed.content.decode()
    charge_page = client.get(f"/fees/charges/{Charge.objects.get().pk}/")
    assert "登记退费" in charge_page.content.decode()


def test_a_case_outside_the_windows_department_is_not_found(
    as_user: Any, case: Case, other_window: User
) -> None:
    client = as_user("window")
    client.logout()
    client.force_login(other_window)
    assert client.get(f"/fees/cases/{case.pk}/").status_code == 404
    posted = client.post(f"/fees/cases/{case.pk}/charge/", {"fee_code": RANGE_CODE})
    assert posted.status_code == 404
    assert not Charge.objects.exists()


def test_the_head_approves_on_his_desk(as_user: Any, users: dict[str, User], case: Case) -> None:
    asked = actions.request_approval(
        actor=users["window"],
        case_id=case.pk,
        fee_code=RANGE_CODE,
        unit_amount="200",
        reason="非住房",
    )
    client = as_user("depthead")
    desk = client.get("/fees/approvals/")
    assert desk.status_code == 200
    assert "非住房" in desk.content.decode()
    client.post(f"/fees/approvals/{asked.pk}/decide/", {"decision": "approve"})
    assert FeeApproval.objects.get().status == "approved"


def test_reconciliation_desk(as_user: Any, users: dict[str, User], case: Case) -> None:
    charge(users["window"], case)
    assert as_user("window").get("/fees/reconciliation/").status_code == 403
    client = as_user("caizheng")
    page = client.get("/fees/reconciliation/?month=2026-03")
    assert page.status_code == 200
    assert "80.00" in page.content.decode()
    client.post(
        "/fees/reconciliation/remit/",
        {"department_id": case.department_id, "month": "2026-03", "amount": "50", "document": "JK"},
    )
    done = client.post(
        "/fees/reconciliation/reconcile/", {"department_id": case.department_id, "month": "2026-03"}
    )
    assert done["Location"].endswith("?month=2026-03")
    assert (
        "30.00" in as_user("supervisor").get("/fees/reconciliation/?month=2026-03").content.decode()
    )


def test_fee_complaints_show_on_the_fee_pages_without_the_complainant(
    as_user: Any, users: dict[str, User], case: Case
) -> None:
    row = charge(users["window"], case)
    submit_complaint(
        actor=None,
        channel="online",
        category="fees",
        department_id=case.department_id,
        title="登记费收了两次",
        description="同一件收了两次登记费",
        anonymous=False,
        complainant_name="赵投诉人",
        complainant_phone="13900000000",
        case_number=case.tracking_no,
    )
    client = as_user("window")
    for url in (f"/fees/cases/{case.pk}/", f"/fees/charges/{row.pk}/"):
        text = client.get(url).content.decode()
        assert "登记费收了两次" in text
        assert "赵投诉人" not in text
        assert "13900000000" not in text
    recon = as_user("caizheng").get("/fees/reconciliation/?month=2026-03").content.decode()
    assert "登记费收了两次" in recon


def test_the_applicant_sees_the_charge_on_tracking(
    client: Any, users: dict[str, User], item: ApprovalItem
) -> None:
    with travel_to(RECEIVED):
        case, code = case_actions.submit_application(
            actor=users["window"], item_code=item.code, applicant_name="祁连绿源有限公司"
        )
    page = client.post("/track/", {"no": case.tracking_no, "code": code})
    assert "本办件未收费" in page.content.decode()
    charge(users["window"], case, quantity="2")
    text = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    assert "收费情况" in text
    assert "企业登记费" in text
    assert "160.00" in text
    assert "甘价费〔2010〕12号" in text
    assert "GS0000001" in text
    assert "周敏" not in text.split("收费情况")[1].split("</table>")[0]
