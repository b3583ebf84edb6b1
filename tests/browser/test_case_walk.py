"""Two cases walked from application to delivery in a real browser, every
step taken on its own (test-controlled) day across the 2026 Spring Festival,
each date on the page checked against domain rules §2 by hand:

- an instant item (即办件) received and finished at the window on Saturday
  14 February 2026, a make-up working day;
- the parallel item 企业设立联合审批 (committed 5 working days; 质监 and 公安
  give opinions within 2) with a one-time notice, a special procedure
  (专家评审) and an extension, by window staff, two co-departments, the
  reviewer, the vice-mayor in charge (the extension) and the head.

The 2026 schedule: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

JOINT = "0100090000620700005"  # 企业设立联合审批 (parallel: 质监, 公安)
NAME_CHECK = "0100001000620700005"  # 企业名称预先核准 (instant)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def desk(browser: Any, site: str) -> Iterator[Any]:
    """Opens a person's desk; whatever is still open is closed before the browser."""
    opened: list[Desk] = []

    def open_desk(username: str) -> Desk:
        opened.append(Desk(browser, site, username))
        return opened[-1]

    try:
        yield open_desk
    finally:
        for d in opened:
            d.close()


class Desk:
    """One person at their desk: a browser context signed in as them."""

    def __init__(self, browser: Any, site: str, username: str) -> None:
        self.site, self.username = site, username
        self._pages: Any = desktop_page(browser)
        self.page = self._pages.__enter__()
        sign_in(self.page, site, username)

    def case(self, pk: int) -> Any:
        self.page.goto(f"{self.site}/cases/{pk}/")
        return self.page

    def click_step(self, key: str, message: str) -> None:
        self.page.click(f'button[data-step="{key}"]')
        expect(self.page.get_by_text(message)).to_be_visible()

    def open_step(self, key: str) -> Any:
        self.page.click(f'details[data-step="{key}"] > summary')
        return self.page.locator(f'details[data-step="{key}"]')

    def fact(self, label: str) -> str:
        return str(self.page.locator(f'.xc-facts div:has(dt:text-is("{label}")) dd').inner_text())

    def due(self) -> str:
        return str(self.page.locator("[data-due]").inner_text())

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        if self._pages is not None:
            pages, self._pages = self._pages, None
            pages.__exit__(None, None, None)


def test_instant_item_on_a_make_up_saturday(desk: Any, site: str) -> None:
    window = desk("window")
    with travel_everywhere(date(2026, 2, 14)):
        page = window.page
        page.goto(f"{site}/cases/window/")
        page.click("[data-intake]")
        page.click(f'[data-item="{NAME_CHECK}"]')
        page.fill("#id_applicant_name", "张掖市丹霞文旅发展有限公司")
        boxes = page.locator("[data-checklist] input[type=checkbox]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        page.click("[data-submit-intake]")
        expect(page.locator('[data-outcome="instant"]')).to_be_visible()
        page.click("[data-detail-link]")
        expect(page.locator('[data-status="delivered"]')).to_be_visible()
        # Received, accepted, decided and delivered the same day, on time.
        assert window.fact("收件日期") == "2026年2月14日"
        assert window.fact("受理日期") == "2026年2月14日"
        assert window.fact("送达日期").startswith("2026年2月14日")
        assert "按期办结" in window.fact("送达日期")
        window.shot("walk-instant-delivered")
    window.close()


def _case_id(page: Any) -> int:
    match = re.search(r"/cases/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def test_parallel_item_with_notice_suspension_and_extension(desk: Any, site: str) -> None:
    # Wed 11 Feb: received at the window with the seal request missing → one-time notice.
    window = desk("window")
    with travel_everywhere(date(2026, 2, 11)):
        page = window.page
        page.goto(f"{site}/cases/window/intake/")
        page.click(f'[data-item="{JOINT}"]')
        page.fill("#id_applicant_name", "张掖市黑河湿地文旅发展有限公司")
        boxes = page.locator("[data-checklist] input[type=checkbox]")
        for i in range(boxes.count() - 1):
            boxes.nth(i).check()
        page.click("[data-submit-intake]")
        page.click("[data-confirm-notice]")
        expect(page.locator('[data-outcome="notice"]')).to_be_visible()
        with page.expect_navigation():
            page.click("[data-detail-link]")
        pk = _case_id(page)
        expect(page.locator('[data-status="supplementing"]')).to_be_visible()
        assert window.fact("收件日期") == "2026年2月11日"

    # Thu 12 Feb: the supplement is recorded and the case accepted. Due 5 working
    # days on: 13 Feb, Sat 14 Feb (make-up), then 24, 25, 26 Feb.
    with travel_everywhere(date(2026, 2, 12)):
        window.case(pk)
        window.click_step("supplement", "已登记补正")
        window.click_step("accept", "已受理，受理通知书已出具")
        assert window.fact("受理日期") == "2026年2月12日"
        assert window.due().startswith("2026年2月26日")
        # Each co-department's opinion is due 2 working days on: Sat 14 Feb.
        rows = page.locator('section[aria-labelledby="opinions-title"] tbody tr')
        assert rows.count() == 2
        assert all("2026年2月14日" in rows.nth(i).inner_text() for i in range(2))
    window.close()

    # Fri 13 Feb and Sat 14 Feb: the opinions, both on time.
    for username, day in (("zhijian", date(2026, 2, 13)), ("gongan", date(2026, 2, 14))):
        co = desk(username)
        with travel_everywhere(day):
            co.case(pk)
            step = co.open_step("opinion")
            step.locator('input[name=agrees][value="1"]').check()
            step.locator("textarea, input[name=opinion]").first.fill("符合条件，同意")
            step.locator("button[type=submit]").click()
            expect(co.page.get_by_text("会签意见已出具")).to_be_visible()
        co.close()

    # Tue 24 Feb (first working day after the holiday): expert review starts.
    reviewer = desk("reviewer")
    with travel_everywhere(date(2026, 2, 24)):
        reviewer.case(pk)
        step = reviewer.open_step("suspend")
        step.locator("select[name=procedure]").select_option("expert_review")
        step.locator("input[name=expected_days]").fill("3")
        step.locator("input[name=reason]").fill("组织专家评审经营范围")
        step.locator("button[type=submit]").click()
        expect(reviewer.page.locator('[data-status="suspended"]')).to_be_visible()

    # Fri 27 Feb: resumed. 24 Feb → 27 Feb adds 3 working days (25, 26, 27):
    # due 5 + 3 working days after 12 Feb = 13, 14, 24, 25, 26, 27, Sat 28, 2 Mar.
    with travel_everywhere(date(2026, 2, 27)):
        reviewer.case(pk)
        reviewer.click_step("resume", "已恢复计时")
        assert reviewer.fact("特别程序中止").startswith("3 个工作日")
        assert reviewer.due().startswith("2026年3月2日")
        step = reviewer.open_step("extend")
        step.locator("input[name=days]").fill("3")
        step.locator("[name=reason]").fill("专家评审意见需补充核实")
        step.locator("button[type=submit]").click()
        expect(reviewer.page.get_by_text("延期申请已提交")).to_be_visible()
        # Not granted yet: the deadline stands.
        assert reviewer.due().startswith("2026年3月2日")
    reviewer.close()

    # Mon 2 Mar, the last day: the vice-mayor in charge grants 3 more working
    # days (3, 4, 5 Mar; a parallel item's extension is the government head's,
    # ALL art. 42 ¶2), and the head decides.
    leader = desk("leader")
    with travel_everywhere(date(2026, 3, 2)):
        leader.case(pk)
        leader.click_step("approve-extension", "已批准延期 3 个工作日")
        assert leader.due().startswith("2026年3月5日")
        assert leader.fact("延期") == "已延长 3 个工作日"
    leader.close()
    head = desk("depthead")
    with travel_everywhere(date(2026, 3, 2)):
        head.case(pk)
        expect(head.page.locator('button[data-step="approve-extension"]')).to_have_count(0)
        step = head.open_step("decide")
        step.locator('input[value="approved"]').check()
        step.locator("button[type=submit]").click()
        expect(head.page.get_by_text("已作出决定：准予许可")).to_be_visible()
        assert head.fact("审批决定").endswith("2026年3月2日")
        # The certificate is now due within 10 working days of the decision: 16 Mar.
        assert head.due().startswith("2026年3月16日")
    head.close()

    # Tue 3 Mar: delivered at the window, on time.
    window = desk("window")
    with travel_everywhere(date(2026, 3, 3)):
        page = window.case(pk)
        step = window.open_step("deliver")  # 送达 records its method and recipient
        expect(step.locator("select[name=method]")).to_have_value("in_person")
        step.locator("button[type=submit]").click()
        expect(window.page.get_by_text("已送达，办件办结")).to_be_visible()
        assert window.fact("送达日期").startswith("2026年3月3日")
        assert "按期办结" in window.fact("送达日期")
        events = page.locator(".xc-timeline > li").evaluate_all(
            "els => els.map(e => e.dataset.event)"
        )
        assert events == [
            "received",
            "supplement_notice",
            "supplemented",
            "accepted",
            "suspended",
            "resumed",
            "extended",  # the request is on the audit trail; the grant moves the clock
            "decided",
            "delivered",
        ]
        window.shot("walk-parallel-delivered")
    window.close()
