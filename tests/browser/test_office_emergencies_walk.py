"""An emergency in a real browser (seed art. 9, domain rules §12), 2026:

- Tue 14 Jul, 08:30: a fire at 甘州区西关农贸市场 (事故灾难, Ⅲ级: 90 minutes
  to the scene). The government office's duty room (`zhengfuban`) registers
  it with 市工商局 as the competent department — the demo accounts allow
  this: its leader in charge is `leader` (刘卫东), its head `depthead`
  (王振华) and, with no holiday roster for the day, its office `office`
  (王丽) is the staff on duty; 市水务局, the competent department of a Hei
  River flood, has neither a leader in charge nor a head among them.
- The same day `leader` and `depthead` check in on a phone (390×844), the
  browser's location allowed: on time, green.
- Wed 15 Jul (the clock travelled a day): `office` checks in — about 1,440
  minutes after the notice, late: red, and a `late_arrival` finding on
  市工商局 for the supervision bureau.
- `zhengfuban` closes the event (处置完毕); `supervisor` writes the review,
  whose arrival table is generated into the printable page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.office import load_office_world
from xiaoneng.office.models.emergencies import Emergency, EmergencyStatus, Responder
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

DAY, NEXT = date(2026, 7, 14), date(2026, 7, 15)
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SCENE = {"latitude": 38.9321, "longitude": 100.4512}


@pytest.fixture
def site(live_server: Any) -> str:
    load_demo_city()
    load_office_world()
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def page_of(browser: Any, viewport: dict[str, int], *, phone: bool = False) -> Any:
    """One signed-in person's page; a phone has its location allowed."""
    if not phone:
        return checked_page(browser, viewport)
    return checked_page(
        browser,
        viewport,
        geolocation=SCENE,
        permissions=["geolocation"],
        is_mobile=True,
        has_touch=True,
    )


def _shot(page: Any, name: str, *, full: bool = True) -> None:
    path = SCREENSHOTS / f"walk-office-emergencies-{name}.png"
    page.screenshot(path=str(path), full_page=full)


def _check_in(browser: Any, site: str, username: str, pk: int, shot: str) -> Any:
    with page_of(browser, PHONE, phone=True) as page:
        sign_in(page, site, username)
        page.goto(f"{site}/office/emergencies/{pk}/checkin/")
        page.get_by_role("button", name="获取定位").click()
        expect(page.locator("[data-geo-status]")).to_contain_text("已定位")
        page.fill("#c-place", "西关农贸市场东门")
        page.get_by_role("button", name="我已到达现场，签到").click()
        expect(page.locator("[data-checked-in]")).to_be_visible()
        _shot(page, shot, full=False)
        return page.get_attribute("[data-checked-in]", "data-late")


def test_an_emergency_three_check_ins_one_late_then_review(browser: Any, site: str) -> None:
    # 1. The duty room registers the fire; the three are called at once.
    with travel_everywhere(DAY), page_of(browser, DESK) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/office/emergencies/")
        page.locator("[data-register] summary").click()
        page.fill("#e-title", "西关农贸市场火灾")
        page.select_option("#e-category", value="accident")
        page.select_option("#e-grade", value="3")
        page.select_option("#e-dept", label="市工商局")
        page.fill("#e-occurred", f"{DAY.isoformat()}T08:30")
        page.fill("#e-place", "甘州区西关农贸市场")
        page.fill(
            "#e-desc", "市场东区商铺起火，过火面积约200平方米，已疏散商户和群众，无人员伤亡。"
        )
        _shot(page, "01-register")
        page.get_by_role("button", name="登记并通知").click()
        page.wait_for_url("**/office/emergencies/*/")
        expect(page.locator("[data-arrivals]")).to_contain_text("刘卫东")
        assert "王振华" in page.inner_text("[data-arrivals]")
        assert "王丽" in page.inner_text("[data-arrivals]")
        page.fill("#l-text", "调集消防救援力量，封控市场东区")
        page.get_by_role("button", name="添加记录").click()
        expect(page.locator("[data-log]")).to_contain_text("封控市场东区")
        _shot(page, "02-registered")
    row = Emergency.objects.get()
    assert row.number == "TF-2026-0001"
    assert row.arrival_minutes == 90

    # 2. The leader in charge and the head arrive in time (phone, location allowed).
    with travel_everywhere(DAY):
        assert _check_in(browser, site, "leader", row.pk, "03-checkin-leader") == "0"
        assert _check_in(browser, site, "depthead", row.pk, "04-checkin-head") == "0"
    # 3. The unit's office arrives the next day: late, a finding.
    with travel_everywhere(NEXT):
        assert _check_in(browser, site, "office", row.pk, "05-checkin-late") == "1"
    late = Responder.objects.get(emergency=row, user__username="office")
    assert late.late
    assert late.minutes is not None
    assert late.minutes > 90
    finding = Anomaly.objects.get(kind="late_arrival", subject_ref=late.pk)
    assert finding.department.code == "620700005"

    # 4. The duty room closes; the supervision bureau writes the review.
    with travel_everywhere(NEXT), page_of(browser, DESK) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/office/emergencies/{row.pk}/")
        assert page.locator("[data-light=red]").count() == 1
        assert page.locator("[data-light=green]").count() == 2
        _shot(page, "06-arrivals")
        page.get_by_role("button", name="处置完毕").click()
        expect(page.locator("[data-facts]")).to_contain_text("处置完毕待复盘")
    with travel_everywhere(NEXT), page_of(browser, DESK) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/office/emergencies/{row.pk}/review/")
        expect(page.locator("[data-summary]")).to_contain_text("未按时到场 1 人（王丽）")
        page.fill(
            "#r-text",
            "接报后分管市领导和主管部门负责人按时到场，处置得当；值班人员到场超时，责成市工商局说明情况。",
        )
        page.get_by_role("button", name="保存复盘评估报告").click()
        expect(page.locator("[data-review-text]")).to_contain_text("责成市工商局说明情况")
        _shot(page, "07-review")
    row.refresh_from_db()
    assert row.status == EmergencyStatus.REVIEWED
