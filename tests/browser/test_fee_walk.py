"""A fee in a real browser (seed art. 4): the window charges a range fee at
its lower bound on a case and the applicant sees the charge, with its basis,
on the tracking page and downloads the 收费通知书 there; a second charge
above the lower bound without an approval is refused once, recorded when confirmed, and shows on the
supervision desk's anomalies (目录外或超标准收费) with its evidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.cases import actions as case_actions
from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.fees import actions
from xiaoneng.fees.models import Charge
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

RECEIVED, TODAY = date(2026, 3, 2), date(2026, 3, 16)
CODE = "SF-620700005-001"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _world() -> tuple[int, str, str]:
    """A range fee (80～550 元/件) of 市工商局, an item charging it, a case of it
    accepted; the case's id, tracking number and query code."""
    users = {u.username: u for u in User.objects.all()}
    dept = Department.objects.get(code="620700005")
    actions.create_fee(
        actor=users["caizheng"],
        code=CODE,
        name="企业登记费",
        department_id=dept.pk,
        legal_basis="《中华人民共和国公司登记管理条例》第五十七条",
        price_doc="甘价费〔2010〕12号",
        finance_doc="甘财综〔2010〕8号",
        kind="range",
        lower="80",
        upper="550",
        unit="件",
        effective_from=date(2020, 1, 1),
    )
    item = catalog_actions.create_item(
        actor=users["admin"],
        code="TEST-FEE-01",
        basic_code="0100099001",
        name="企业变更登记（测试）",
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第二十七条",
        department=dept,
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,
        materials=[{"name": "变更登记申请书", "issuer": "申请人", "originals": 1}],
        charges_fee=True,
        fee_basis="甘价费〔2010〕12号",
        fee_codes=[CODE],
    )
    catalog_actions.publish_item(actor=users["admin"], item=item)
    with travel_to(RECEIVED):
        case, code = case_actions.submit_application(
            actor=users["window"], item_code=item.code, applicant_name="祁连绿源有限公司"
        )
        case_actions.accept_case(actor=users["window"], case_id=case.pk)
    return case.pk, case.tracking_no, code


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-fee-{name}.png"), full_page=True)


def _charge(page: Any, receipt: str, unit: str = "") -> None:
    page.fill("#c-fee", CODE)
    page.fill("#c-qty", "1")
    page.fill("#c-unit", unit)
    page.fill("#c-notice", f"JK{receipt}")
    page.fill("#c-receipt", receipt)
    page.get_by_role("button", name="登记收费", exact=True).click()


def test_a_fee_charged_seen_by_the_applicant_and_flagged(browser: Any, site: str) -> None:
    with travel_to(TODAY):
        case_id, tracking_no, query_code = _world()
    with travel_everywhere(TODAY):
        with desktop_page(browser) as page:
            sign_in(page, site, "window")
            page.goto(f"{site}/fees/cases/{case_id}/")
            assert "按下限收取" in page.inner_text("main")
            _charge(page, "GS2026000001")
            page.wait_for_selector("text=已登记收费")
            assert "80.00" in page.inner_text("[data-case-charges]")
            assert "符合目录" in page.inner_text("[data-case-charges]")
            _shot(page, "case")

        with desktop_page(browser) as page:  # the applicant, not signed in
            page.goto(f"{site}/fees/public/")
            listed = page.inner_text("[data-fees-public]")
            assert "80.00～550.00元/件" in listed
            assert "甘财综〔2010〕8号" in listed
            _shot(page, "public")
            page.goto(f"{site}/track/")
            page.fill("#t-no", tracking_no)
            page.fill("#t-code", query_code)
            page.get_by_role("button", name="查询").click()
            charges = page.inner_text("[data-track-charges]")
            assert "企业登记费" in charges
            assert "80.00" in charges
            assert "甘价费〔2010〕12号" in charges
            assert "GS2026000001" in charges
            _shot(page, "tracking")
            # 下载收费通知书: the look-up just POSTed lets this browser download the PDF.
            link = page.get_by_role("link", name="下载收费通知书（PDF）")
            notice = page.request.get(f"{site}{link.get_attribute('href')}")
            assert notice.headers["content-type"] == "application/pdf"
            assert notice.body().startswith(b"%PDF")

        with desktop_page(browser) as page:
            sign_in(page, site, "window")
            page.goto(f"{site}/fees/cases/{case_id}/")
            _charge(page, "GS2026000002", unit="200")
            page.wait_for_selector('[data-error-code="fee_charge_outside_catalog"]')
            assert "高于收费标准下限而未经批准" in page.inner_text("main")
            assert Charge.objects.count() == 1
            _charge_confirmed = page.locator("input[name=confirm]")
            _charge_confirmed.check()
            _charge(page, "GS2026000002", unit="200")
            page.wait_for_selector("text=已登记收费")
            assert "高于收费标准下限而未经批准" in page.inner_text("[data-case-charges]")

        with desktop_page(browser) as page:
            sign_in(page, site, "caizheng")
            page.goto(f"{site}/fees/catalog/")
            assert CODE in page.inner_text("[data-fee-catalog]")
            _shot(page, "catalog")

        flag = Anomaly.objects.get(kind="fee_outside_catalog")
        with desktop_page(browser) as page:
            sign_in(page, site, "supervisor")
            page.goto(f"{site}/supervision/anomalies/?kind=fee_outside_catalog")
            row = page.locator(f"tr[data-anomaly='{flag.pk}']")
            assert "目录外或超标准收费" in row.inner_text()
            assert tracking_no in row.inner_text()
            _shot(page, "anomalies")
            row.get_by_role("link", name="证据与处理").click()
            evidence = page.inner_text("[data-subject-evidence]")
            for fact in (CODE, "200.00", "80.00", "550.00", "2026年3月16日"):
                assert fact in evidence
            _shot(page, "evidence")
