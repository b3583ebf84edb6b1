"""The 行政事业性收费通知书 of a case: each charge with its fee, code, the
basis and approval documents of the catalog version in force on the charge
day, the amounts, notice and receipt numbers, the refunds, the total, the
budget line and where to complain; the same bytes for the same charges.
Downloaded by staff who may read the case's charges (another department's
staff get 404), by the applicant from tracking with the query code only, and
through the API."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from fee_support import BASIS, FIXED_CODE, RANGE_CODE, RECEIVED, charge, fee_terms

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees import actions
from xiaoneng.fees.models import Charge
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "fee_pdf_reading", Path(__file__).parent.parent / "documents" / "pdf_reading.py"
)
assert _spec is not None
assert _spec.loader is not None
pdf_reading = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = pdf_reading  # dataclasses look their module up there
_spec.loader.exec_module(pdf_reading)


def _text(pdf: bytes) -> str:
    """The text of every page, without the page numbers (四号, 14 pt), in one line."""
    texts = []
    for page in pdf_reading.read(pdf):
        page.glyphs = [g for g in page.glyphs if g.size != 14]
        texts.append(page.text())
    return "".join(texts).replace("\n", "")


def _pdf(response: Any) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _charged(users: dict[str, User], case: Case) -> None:
    charge(users["window"], case, quantity="2", notice_no="JK2026000007")
    charge(users["window"], case, receipt="GS0000002", fee_code=FIXED_CODE)


def test_the_notice_names_each_charge_and_its_basis(
    as_user: Any, users: dict[str, User], case: Case
) -> None:
    url = f"/fees/cases/{case.pk}/notice.pdf"
    assert as_user("window").get(url).status_code == 404  # nothing charged yet
    _charged(users, case)
    # The catalog changes after the charge day: the notice keeps the basis then in force.
    actions.change_fee(
        actor=users["caizheng"],
        code=RANGE_CODE,
        valid_from=date(2026, 3, 20),
        note="调整",
        **fee_terms(price_doc="甘价费〔2026〕3号", lower="60", upper="400"),
    )
    page = as_user("window").get(f"/fees/cases/{case.pk}/").content.decode()
    assert url in page
    response = as_user("window").get(url)
    pdf = _pdf(response)
    assert "inline" in response["Content-Disposition"]
    text = _text(pdf)
    for expected in (
        "张掖市工商行政管理局",
        "行政事业性收费通知书",
        f"张工商费〔2026〕{case.pk}号",
        "祁连绿源有限公司：",
        f"办件编号：{case.tracking_no}",
        "企业变更登记（测试）",
        "1．企业登记费",
        f"收费项目编码：{RANGE_CODE}",
        "2．营业执照工本费",
        f"收费项目编码：{FIXED_CODE}",
        f"设立依据：{BASIS}",
        "批准文件：价格主管部门甘价费〔2010〕12号，财政部门甘财综〔2010〕8号",
        "收费标准：80.00～550.00元/件。",
        "收费标准：10.00元/证。",
        "按80.00元/件计收，数量2件，金额160.00元，于2026年3月16日缴入财政专户",
        "金额10.00元",
        "缴款通知书编号：JK2026000007",
        "财政票据号：GS0000001",
        "财政票据号：GS0000002",
        "以上合计收费170.00元。",
        "纳入预算管理，不得由部门坐收坐支",
        "12345",
        "2026年3月16日",  # dated the day of the last charge
        "（电子印章位置）",
    ):
        assert expected in text, expected
    assert "甘价费〔2026〕3号" not in text
    assert "退费" not in text
    # Regenerated later, by someone else: the same bytes.
    assert _pdf(as_user("caizheng").get(url)) == pdf


def test_a_refund_shows_on_the_notice(as_user: Any, users: dict[str, User], case: Case) -> None:
    _charged(users, case)
    url = f"/fees/cases/{case.pk}/notice.pdf"
    before = _pdf(as_user("window").get(url))
    first = Charge.objects.filter(case=case).order_by("id").values_list("pk", flat=True)[0]
    with travel_to(date(2026, 3, 18)):
        actions.refund_charge(
            actor=users["window"], charge_id=first, amount="50", reason="多收一件"
        )
    after = _pdf(as_user("window").get(url))
    assert after != before
    text = _text(after)
    assert "退费：2026年3月18日退费50.00元（退费原因：多收一件）" in text
    assert "以上合计收费170.00元，已退费50.00元，实收120.00元。" in text
    assert "2026年3月18日" in text.split("坐收坐支")[-1]  # dated the day of the refund


def test_staff_of_another_department_cannot_download(
    as_user: Any, users: dict[str, User], case: Case, other_window: User
) -> None:
    _charged(users, case)
    client = as_user("window")
    client.logout()
    client.force_login(other_window)
    assert client.get(f"/fees/cases/{case.pk}/notice.pdf").status_code == 404
    assert client.get(f"/fees/cases/{case.pk + 999}/notice.pdf").status_code == 404
    assert client.get(f"/api/v1/charges/cases/{case.pk}/notice").status_code == 404


def test_the_api_answers_the_notice(api: Any, users: dict[str, User], case: Case) -> None:
    path = f"/charges/cases/{case.pk}/notice"
    assert api("window").get(path).json()["code"] == "fee_notice_not_issued"
    _charged(users, case)
    pdf = _pdf(api("window").get(path))
    assert "以上合计收费170.00元" in _text(pdf)
    assert api("caizheng").get(path).status_code == 200  # finance reads every department


def _applied(users: dict[str, User], item: ApprovalItem) -> tuple[Case, str]:
    with travel_to(RECEIVED):
        case, code = case_actions.submit_application(
            actor=users["window"], item_code=item.code, applicant_name="祁连绿源有限公司"
        )
    return case, code


def test_the_applicant_downloads_the_notice_from_tracking_with_the_code_only(
    client: Any, users: dict[str, User], item: ApprovalItem
) -> None:
    case, code = _applied(users, item)
    other, other_code = _applied(users, item)
    page = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    assert "下载收费通知书" not in page  # nothing charged yet
    notice = f"/track/cases/{case.pk}/fees.pdf"
    charge(users["window"], case, quantity="2")
    charge(users["window"], other, receipt="GS0000009")
    stranger = Client()  # never looked the case up: no notice, whatever the id
    assert "%PDF" not in stranger.get(notice).content.decode(errors="replace")
    for wrong in (
        {"no": case.tracking_no, "code": "000000"},
        {"no": case.tracking_no, "code": other_code},
    ):
        stranger.post("/track/", wrong)
        response = stranger.get(notice)
        assert response.status_code == 403, wrong
        assert response["Content-Type"].startswith("text/html"), wrong
    page = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    assert "下载收费通知书" in page
    assert f'href="{notice}"' in page
    assert code not in page
    pdf = _pdf(client.get(notice))
    text = _text(pdf)
    assert "祁连绿源有限公司：" in text  # the applicant's own notice names them
    assert f"办件编号：{case.tracking_no}" in text
    assert "设立依据：" in text
    assert "金额160.00元" in text
    assert "GS0000009" not in text
    assert client.get(f"/track/cases/{other.pk}/fees.pdf").status_code == 403  # not looked up
