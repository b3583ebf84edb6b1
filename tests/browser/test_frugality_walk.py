"""A reception of 市工商局 in a real browser (seed art. 13; dates by hand,
2026 calendar: 1–7 Oct off, Sat 10 Oct worked):

- Fri 9 Oct: the unit's office (`office`) registers the visit of 武威市市场
  监督管理局 (5 guests, same level, from within the city… of the province,
  not recorded as 市外客人), its letter, on Tue 13 Oct: 2 companions, 2
  meals, 1,400 元 planned — (5 + 2) × 2 × 100 = 1,400, the standard.
- The same day the unit head (`depthead`) approves it on his desk.
- Wed 14 Oct: the office records the actuals: 1,380 元, alcohol served on
  Tue 13 Oct, a working day — the guests are neither a superior agency nor
  from outside the city: a `reception_alcohol` finding.
- The supervision bureau (`supervisor`) sees it on the anomalies desk with
  its evidence.
- Finance (`caizheng`) publishes 2026; the public 三公经费公开 page (signed
  out) shows the year: 1,380.00 元 of 市工商局."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.frugality.models import PublishedYear, Reception
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

REGISTERED, VISIT, RECORDED = date(2026, 10, 9), date(2026, 10, 13), date(2026, 10, 14)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-frugality-{name}.png"), full_page=True)


def test_a_reception_with_alcohol_on_a_working_day(browser: Any, site: str) -> None:
    assert current_calendar().is_workday(VISIT)

    # 1. The office registers the reception with its letter.
    with travel_everywhere(REGISTERED), desktop_page(browser) as page:
        sign_in(page, site, "office")
        page.goto(f"{site}/frugality/")
        page.get_by_role("link", name="登记公务接待").click()
        page.fill("#id_sending_unit", "武威市市场监督管理局")
        page.fill("#id_letter_number", "武市监函〔2026〕21号")
        page.fill("#id_letter_date", "2026-10-08")
        page.select_option("#id_guest_level", value="same")
        page.fill("#id_guests", "5")
        page.fill("#id_companions", "2")
        page.fill("#id_meals", "2")
        page.fill("#id_nights", "0")
        page.fill("#id_start_on", VISIT.isoformat())
        page.fill("#id_end_on", VISIT.isoformat())
        page.fill("#id_planned_cost", "1400")
        page.fill("#id_purpose", "交流个体工商户登记工作经验")
        _shot(page, "register")
        page.get_by_role("button", name="提交审批").click()
        page.wait_for_url("**/frugality/receptions/*/")
        assert "待审批" in page.inner_text("[data-step=register]")
    row = Reception.objects.get()
    assert (row.guests, row.companions, row.letter_number) == (5, 2, "武市监函〔2026〕21号")

    # 2. The unit head approves on his desk.
    with travel_everywhere(REGISTERED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/frugality/approvals/")
        assert row.number in page.inner_text("[data-approvals]")
        _shot(page, "approvals")
        page.locator(f'[data-reception="{row.pk}"] a').click()
        page.fill("#d-note", "同意，按标准接待")
        page.get_by_role("button", name="批准", exact=True).click()
        page.wait_for_selector("text=同意，按标准接待")
    assert Reception.objects.get().status == "approved"

    # 3. The office records the actuals: alcohol on Tuesday, a working day.
    with travel_everywhere(RECORDED), desktop_page(browser) as page:
        sign_in(page, site, "office")
        page.goto(f"{site}/frugality/receptions/{row.pk}/")
        page.fill("#id_actual_guests", "5")
        page.fill("#id_actual_companions", "2")
        page.fill("#id_actual_meals", "2")
        page.fill("#id_meal_cost", "1380")
        page.check("#id_alcohol_1")
        page.fill("#id_alcohol_on", VISIT.isoformat())
        page.fill("#id_checklist", "10月13日午餐 7人 680元\n10月13日晚餐 7人 700元（含酒水）")
        page.get_by_role("button", name="登记实际情况").click()
        page.wait_for_selector("[data-actuals]")
        facts = page.inner_text("[data-actuals]")
        assert "合计 1380.00 元" in facts
        assert "提供（2026年10月13日）" in facts
        _shot(page, "actuals")
        page.goto(f"{site}/frugality/vehicles/")
        assert "暂无车辆" in page.inner_text("[data-vehicles]")
        _shot(page, "vehicles")
    (found,) = Anomaly.objects.filter(subject_kind="reception", subject_ref=row.pk)
    assert found.kind == "reception_alcohol"

    # 4. The supervision bureau sees it with its evidence.
    with travel_everywhere(RECORDED), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/supervision/anomalies/?kind=reception_alcohol")
        listed = page.inner_text("main")
        assert "工作日接待饮酒" in listed
        assert row.number in listed
        _shot(page, "anomalies")
        page.goto(f"{site}/supervision/anomalies/{found.pk}/")
        detail = page.inner_text("main")
        assert "2026年10月13日" in detail  # the day of the reception, in words
        _shot(page, "anomaly")

    # 5. Finance publishes 2026; the public page shows the year, signed out.
    with travel_everywhere(RECORDED), desktop_page(browser) as page:
        sign_in(page, site, "caizheng")
        page.goto(f"{site}/frugality/report/?year=2026")
        assert "1380.00" in page.inner_text("[data-report-departments]")
        page.get_by_role("button", name="公开2026年三公经费").click()
        page.wait_for_selector("text=已于 2026年10月14日 公开")
        _shot(page, "report")
    assert PublishedYear.objects.get(year=2026).figures["total"] == "1380.00"
    with travel_everywhere(RECORDED), desktop_page(browser) as page:
        page.goto(f"{site}/frugality/public/")
        assert "2026年三公经费" in page.inner_text("main")
        table = page.inner_text("[data-sangong]")
        assert "1380.00" in table
        assert "武威" not in table
        _shot(page, "public")
