"""Holiday duty and leave in a real browser (seed art. 12, domain rules §14), 2026:

- Mon 9 Feb: the daily sweep has opened the 春节 rosters (春节 is 2月15日–23日
  on the shipped calendar; due three working days before, 2月12日). 市工商局's
  office (`office`, 王丽) sees the roster with its due day, fills every day —
  the head 王振华 leads, 王丽 and two colleagues keep the phone — and
  submits it (on a phone, 390×844, the form is looked at once too).
- Mon 16 Feb, a holiday day: the government office (`zhengfuban`) sees who is
  on duty where, calls 市工商局's duty phone — no answer — and records it:
  the finding duty_absent on 市工商局, which the supervision bureau
  (`supervisor`) sees on its anomalies desk.
- Leave (离张请假): on Mon 2 March 民乐县's principal (`minle`, 马永福) asks
  leave for Lanzhou 9–11 March, 李建国 (the demo's colleague in 民乐县) acting;
  民乐县 is in no city leader's portfolio, so the mayor (`mayor`) approves on
  the leave desk; back, on Thu 12 March, `minle` reports the return (销假)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.office import load_office_world
from xiaoneng.office.models.duty import DutyRoster, RosterStatus
from xiaoneng.office.models.leave import LeaveRequest, LeaveStatus
from xiaoneng.office.sweeps import duty as duty_sweep
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

FILL, CHECK = date(2026, 2, 9), date(2026, 2, 16)
SPRING, SPRING_END, DUE = date(2026, 2, 15), date(2026, 2, 23), date(2026, 2, 12)
ASK, BACK = date(2026, 3, 2), date(2026, 3, 12)
GONGSHANG = "620700005"
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server: Any) -> str:
    load_demo_city()
    load_office_world()
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def page_of(browser: Any, viewport: dict[str, int] = DESK) -> Any:
    return checked_page(browser, viewport)


def _shot(page: Any, n: int, what: str, *, full: bool = True) -> None:
    path = SCREENSHOTS / f"walk-office-duty-{n:02d}-{what}.png"
    page.screenshot(path=str(path), full_page=full)


def _days() -> list[date]:
    return [SPRING + timedelta(days=i) for i in range((SPRING_END - SPRING).days + 1)]


def _fill_roster(page: Any) -> None:
    """The head leads every day; 王丽, 李静 and 韩立军 take turns on the phone."""
    ids = {u.username: str(u.pk) for u in User.objects.filter(department__code=GONGSHANG)}
    ids |= {u.username: str(u.pk) for u in User.objects.filter(username="reviewer")}
    staff = ("office", "reviewer", "zhifa")
    page.fill("#r-phone", "0936-8213000")
    for n, day in enumerate(_days()):
        page.select_option(f"select[name=leader_{day.isoformat()}]", value=ids["depthead"])
        page.select_option(f"select[name=staff_{day.isoformat()}]", value=ids[staff[n % 3]])


def _roster(browser: Any, site: str) -> DutyRoster:
    with travel_everywhere(FILL):
        duty_sweep.sweep(FILL)
        roster = DutyRoster.objects.get(unit__code=GONGSHANG, starts_on=SPRING)
        assert (roster.holiday, roster.due_on) == ("春节", DUE)
        with page_of(browser) as page:
            sign_in(page, site, "office")
            page.goto(f"{site}/office/duty/")
            row = page.locator(f"tr[data-roster='{roster.pk}']")
            expect(row.locator("[data-due]")).to_have_text("2026年2月12日")
            _shot(page, 1, "rosters")
            row.get_by_role("link", name="编排").click()
            expect(page.locator("[data-due]")).to_have_text("2026年2月12日")
            _fill_roster(page)
            _shot(page, 2, "roster-form")
            page.get_by_role("button", name="保存并报送").click()
            expect(page.locator("[data-status]")).to_contain_text("已报送")
            expect(page.locator("[data-due]")).to_have_text("2026年2月12日")
            _shot(page, 3, "roster-submitted")
        with page_of(browser, PHONE) as phone:
            sign_in(phone, site, "office")
            phone.goto(f"{site}/office/duty/rosters/{roster.pk}/")
            expect(phone.locator("[data-roster-form]")).to_be_visible()
            _shot(phone, 4, "roster-phone")
    roster.refresh_from_db()
    assert (roster.status, roster.late, roster.shifts.count()) == (RosterStatus.SUBMITTED, False, 9)
    return roster


def test_a_holiday_roster_submitted_then_a_spot_check_unanswered(browser: Any, site: str) -> None:
    roster = _roster(browser, site)

    # 2. 2月16日: the government office calls 市工商局's duty phone; no answer.
    with travel_everywhere(CHECK), page_of(browser) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/office/duty/desk/")
        on_duty = page.locator("[data-on-duty] tr", has_text="张掖市工商行政管理局")
        expect(on_duty).to_contain_text("王振华")
        expect(on_duty).to_contain_text("0936-8213000")
        page.select_option("#c-unit", label="张掖市工商行政管理局")
        page.select_option("#c-result", value="no_answer")
        page.fill("#c-note", "10时05分拨打值班电话两次，均无人接听")
        page.get_by_role("button", name="登记").click()
        expect(page.locator("[data-checks]")).to_contain_text("电话无人接听")
        expect(page.locator(f"[data-desk] tr[data-unit='{roster.unit_id}']")).to_contain_text(
            "已报送"
        )
        _shot(page, 5, "spot-check")
    found = Anomaly.objects.get(kind="duty_absent")
    assert found.department.code == GONGSHANG
    assert found.subject_ref == roster.pk

    # 3. The supervision bureau sees the finding.
    with travel_everywhere(CHECK), page_of(browser) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/supervision/anomalies/?kind=duty_absent")
        expect(page.locator(f"tr[data-anomaly='{found.pk}']")).to_contain_text("春节值班")
        _shot(page, 6, "supervision-anomaly", full=False)
        page.goto(f"{site}/office/duty/desk/?holiday={SPRING.isoformat()}")
        expect(page.locator(f"[data-desk] tr[data-unit='{roster.unit_id}']")).to_contain_text("1")
        _shot(page, 7, "desk-supervisor")


def test_a_county_head_asks_leave_the_mayor_approves_he_reports_back(
    browser: Any, site: str
) -> None:
    acting = User.objects.get(username="minle2")
    with travel_everywhere(ASK), page_of(browser) as page:
        sign_in(page, site, "minle")
        page.goto(f"{site}/office/leave/")
        expect(page.locator("[role=note]")).to_contain_text("陈志远")
        page.fill("#l-dest", "兰州")
        page.fill("#l-purpose", "参加全省县域经济发展工作会议")
        page.fill("#l-start", "2026-03-09")
        page.fill("#l-end", "2026-03-11")
        page.select_option("#l-acting", value=str(acting.pk))
        _shot(page, 8, "leave-form")
        page.get_by_role("button", name="提交").click()
        expect(page.locator("[data-status]")).to_have_text("待审批")
        _shot(page, 9, "leave-requested")
    row = LeaveRequest.objects.get()
    mayor = User.objects.get(username="mayor")  # 民乐县 is in no leader's portfolio
    assert (row.number, row.approver_id, row.return_due) == ("QJ-2026-0001", mayor.pk, BACK)

    with travel_everywhere(ASK), page_of(browser) as page:
        sign_in(page, site, "mayor")
        page.goto(f"{site}/office/leave/desk/")
        awaiting = page.locator(f"[data-awaiting] tr[data-leave='{row.pk}']")
        expect(awaiting).to_contain_text("马永福")
        _shot(page, 10, "leave-desk")
        awaiting.get_by_role("link", name="审批").click()
        page.fill("#d-note", "同意。离张期间由李建国同志主持县政府日常工作")
        page.get_by_role("button", name="批准", exact=True).click()
        expect(page.locator("[data-status]")).to_have_text("已批准")
        _shot(page, 11, "leave-approved")

    with travel_everywhere(BACK), page_of(browser) as page:
        sign_in(page, site, "minle")
        page.goto(f"{site}/office/leave/{row.pk}/")
        page.fill("#r-day", "2026-03-11")
        page.get_by_role("button", name="销假").click()
        expect(page.locator("[data-status]")).to_have_text("已销假")
        _shot(page, 12, "leave-returned")
    row.refresh_from_db()
    assert (row.status, row.returned_on) == (LeaveStatus.RETURNED, date(2026, 3, 11))
    assert not Anomaly.objects.filter(kind="leave_unapproved").exists()
