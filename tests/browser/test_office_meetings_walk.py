"""会风 in a real browser (seed art. 11):

- Mon 2 March 2026: the government office (`zhengfuban`) applies for a
  全市性会议 in the government's name hosted by 市工商局, inviting 市工商局
  (主要负责同志) and 市发改委; the leader in charge (`leader`) reviews it,
  the mayor approves it, the government office sends the notice.
- Mon 9 March: 市工商局's office (`office`) confirms a deputy (分管负责同志)
  without asking leave.
- Tue 10 March, at the door, on a phone (390×844): the clerk (`zhengfuban`)
  signs the deputy in → flagged "未经请假派人代会".
- Wed 11 March: the meeting marked held; the supervision bureau
  (`supervisor`) sees the finding on its anomalies desk and in the
  attendance statistics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.office.models.meetings import Invitation, Meeting
from xiaoneng.org.models import Department
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

APPLIED, CONFIRMED, DOOR, AFTER = (
    date(2026, 3, 2),
    date(2026, 3, 9),
    date(2026, 3, 10),
    date(2026, 3, 11),
)
SCREEN = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def page_of(browser: Any, viewport: dict[str, int] = SCREEN) -> Any:
    return checked_page(browser, viewport)


def _shot(page: Any, n: int, what: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-office-meetings-{n:02d}-{what}.png"))


def _apply(page: Any, site: str) -> None:
    gongshang = Department.objects.get(code="620700005").pk
    fagai = Department.objects.get(code="620700002").pk
    sign_in(page, site, "zhengfuban")
    page.goto(f"{site}/office/meetings/")
    page.select_option("#m-kind", value="government")
    page.select_option("#m-host", value=str(gongshang))
    page.fill("#m-title", "全市优化营商环境推进会")
    page.fill("#m-start", "2026-03-10T09:00")
    page.fill("#m-end", "2026-03-10T11:30")
    page.fill("#m-place", "市政府第一会议室")
    page.fill("#m-agenda", "一、通报营商环境评价结果；二、部署2026年重点任务")
    page.check(f"#inv-{gongshang}")
    page.select_option(f"select[name=level_{gongshang}]", value="principal")
    page.check(f"#inv-{fagai}")
    page.select_option(f"select[name=level_{fagai}]", value="deputy")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("[data-meeting-info]")
    expect(page.locator("[data-meeting-info]")).to_contain_text("HY-2026-0001")
    _shot(page, 1, "applied")


def _decide(page: Any, site: str, who: str, button: str, n: int, what: str) -> None:
    sign_in(page, site, who)
    page.goto(f"{site}/office/meetings/approve/")
    page.click("tr[data-meeting] a")
    page.wait_for_selector("[data-decide]")
    page.fill("#d-note", "同意")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector("text=已办理")
    _shot(page, n, what)


def test_a_deputy_sent_without_leave_is_flagged(site: str, browser: Any) -> None:
    with travel_everywhere(APPLIED):
        with page_of(browser) as page:
            _apply(page, site)
        meeting = Meeting.objects.get()
        with page_of(browser) as page:
            _decide(page, site, "leader", "审核同意，报市长审批", 2, "leader-reviewed")
        with page_of(browser) as page:
            _decide(page, site, "mayor", "批准", 3, "mayor-approved")
        with page_of(browser) as page:
            sign_in(page, site, "zhengfuban")
            page.goto(f"{site}/office/meetings/{meeting.pk}/")
            page.click("[data-notify]")
            page.wait_for_selector("text=会议通知已发出")
            _shot(page, 4, "notified")
    inv = Invitation.objects.get(meeting=meeting, unit__code="620700005")

    with travel_everywhere(CONFIRMED), page_of(browser) as page:
        sign_in(page, site, "office")
        page.goto(f"{site}/office/meetings/{meeting.pk}/")
        form = page.locator(f"form[action$='/invitations/{inv.pk}/confirm/']")
        form.locator("input[name=attendee_name]").fill("李明")
        form.locator("input[name=attendee_title]").fill("副局长")
        form.locator("select[name=attendee_level]").select_option("deputy")
        form.get_by_role("button", name="确认").click()
        page.wait_for_selector("text=已确认参会人员")
        row = page.locator(f"tr[data-invitation='{inv.pk}']")
        expect(row).to_contain_text("代会")
        row.scroll_into_view_if_needed()
        _shot(page, 5, "deputy-confirmed")

    with travel_everywhere(DOOR), page_of(browser, PHONE) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/office/meetings/sign/{inv.sign_token}/")
        expect(page.locator("[data-sign-page]")).to_contain_text("李明")
        page.get_by_role("button", name="签到").click()
        page.wait_for_selector("[data-violation]")
        expect(page.locator("[data-violation]")).to_have_text("未经请假派人代会")
        _shot(page, 6, "phone-flagged")
    found = Anomaly.objects.get(kind="meeting_substitute")
    assert found.department.code == "620700005"

    with travel_everywhere(AFTER):
        with page_of(browser) as page:
            sign_in(page, site, "zhengfuban")
            page.goto(f"{site}/office/meetings/{meeting.pk}/")
            page.click("[data-held]")
            page.wait_for_selector("text=已确认会议召开")
            page.click("[data-publish]")
            page.wait_for_selector("text=出勤情况已通报市监察局")
            _shot(page, 7, "held-published")
        with page_of(browser) as page:
            sign_in(page, site, "supervisor")
            page.goto(f"{site}/supervision/anomalies/?kind=meeting_substitute")
            expect(page.locator(f"tr[data-anomaly='{found.pk}']")).to_contain_text(
                "全市优化营商环境推进会"
            )
            _shot(page, 8, "supervision-anomaly")
            page.goto(f"{site}/office/meetings/stats/?year=2026")
            row = page.locator("[data-unit-stats] tr", has_text="张掖市工商行政管理局")
            expect(row).to_contain_text("1")
            _shot(page, 9, "stats")
