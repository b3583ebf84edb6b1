"""The case desks in a real browser: the window receives an application with
one material missing, issues the one-time notice, records the supplement and
accepts; the leader in charge approves a parallel case's extension. Screenshots go to
docs/screenshots/case-*.png for review."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.core import timesource
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


JOINT = "0100090000620700005"  # 企业设立联合审批: 市工商局 leads, 质监 and 公安 give opinions
NAME_CHECK = "0100001000620700005"  # 企业名称预先核准 (即办件)
SOLE_TRADER = "0100002000620700005"  # 个体工商户名称预先核准 (即办件)
COMPANY = "0100003000620700005"  # 有限责任公司设立登记 (即办件)

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _world() -> None:
    """A morning at the 工商 window: cases in every state, received over the
    last working days through the actions, so the lights are real."""
    load_demo_city()
    users = {u.username: u for u in User.objects.all()}
    load_demo_catalog(users["admin"])
    window, reviewer = users["window"], users["reviewer"]
    calendar, today = current_calendar(), timesource.today()

    def back(days: int) -> Any:
        return calendar.add_workdays(today, -days) if days else today

    def receive(code: str, name: str, days: int, actor: User = window) -> int:
        with travel_to(back(days)):
            case, _ = actions.submit_application(
                actor=actor, item_code=code, applicant_name=name, applicant_phone="0936-8210000"
            )
        return case.pk

    def accepted(code: str, name: str, days: int) -> int:
        pk = receive(code, name, days)
        with travel_to(back(days)):
            actions.accept_case(actor=window, case_id=pk)
        return pk

    accepted(JOINT, "张掖市丹霞旅游开发有限公司", 6)  # past due: red
    slow = accepted(JOINT, "甘州区金张掖农产品有限公司", 5)  # due within a day: yellow
    accepted(JOINT, "张掖市湿地生态农业科技有限公司", 1)
    with travel_to(back(1)):
        actions.request_extension(
            actor=reviewer, case_id=slow, days=5, reason="待质监局补充赋码资料"
        )
    notice = receive(SOLE_TRADER, "甘州区丝路驿站餐饮店", 1)
    with travel_to(back(1)):
        actions.issue_supplement_notice(
            actor=window, case_id=notice, missing=["经营者身份证明", "经营场所使用证明"]
        )
    receive(COMPANY, "张掖市祁连山矿泉水有限公司", 4)
    receive(NAME_CHECK, "张掖市祁连绿源农业科技有限公司", 0, users["applicant"])


@pytest.fixture
def site(live_server: Any) -> str:
    _world()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(live_server.url)


@pytest.fixture
def page(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A desktop page of headless Chromium; confirm dialogs are accepted, and
    every request must stay on this machine."""
    with chromium(monkeypatch) as launched, desktop_page(launched) as desktop:
        yield desktop


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_window_intake_to_acceptance(page: Any, site: str) -> None:
    sign_in(page, site, "window")
    page.goto(f"{site}/cases/window/")
    expect(page.get_by_role("heading", name="窗口工作台 · 收件受理", level=1)).to_be_visible()
    expect(page.locator("[data-case-table] tbody tr[data-case]")).to_have_count(6)
    assert page.locator('[data-alert="overdue"]').count() >= 1
    _shot(page, "case-window-desk")

    # 收件: choose the item, fill in the applicant, tick what was received.
    page.click("[data-intake]")
    page.click(f'[data-item="{JOINT}"]')
    page.fill("#id_applicant_name", "张掖市黑河湿地文旅发展有限公司")
    page.fill("#id_applicant_phone", "0936-8123456")
    page.fill("#id_summary", "新设有限责任公司，申请营业执照、组织机构代码证和刻章准许一并办理")
    boxes = page.locator("[data-checklist] input[type=checkbox]")
    for i in range(boxes.count() - 1):  # the last one (公安 seal request) is missing
        boxes.nth(i).check()
    page.click("[data-submit-intake]")
    offer = page.locator("[data-offer]")
    expect(offer).to_be_visible()
    assert "法定代表人身份证明及印章刻制申请" in offer.inner_text()
    _shot(page, "case-intake")

    # The one-time notice, and the query code shown once.
    page.click("[data-confirm-notice]")
    # A click does not wait for the page it loads: wait for what it shows.
    expect(page.locator('[data-outcome="notice"]')).to_be_visible()
    code = page.locator("[data-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    _shot(page, "case-intake-done")

    # The applicant brings the missing material: record it, then accept.
    with page.expect_navigation():
        page.click("[data-detail-link]")
    assert code not in page.content()
    page.click('button[data-step="supplement"]')
    expect(page.get_by_text("已登记补正")).to_be_visible()
    page.click('button[data-step="accept"]')
    expect(page.get_by_text("已受理，受理通知书已出具")).to_be_visible()
    expect(page.locator('[data-status="accepted"]')).to_be_visible()
    expect(page.get_by_role("heading", name="并联审批会签意见")).to_be_visible()
    events = page.locator(".xc-timeline > li").evaluate_all("els => els.map(e => e.dataset.event)")
    assert events == ["received", "supplement_notice", "supplemented", "accepted"]
    _shot(page, "case-detail")


def test_head_desk(page: Any, site: str) -> None:
    sign_in(page, site, "depthead")
    page.goto(f"{site}/cases/desk/")
    expect(page.get_by_role("heading", name="待批准的延期申请")).to_be_visible()
    expect(page.locator("[data-my-cases] tbody tr[data-case]")).to_have_count(3)
    # The parallel case's extension is not the bureau head's to approve
    # (ALL art. 42 ¶2): the vice-mayor in charge approves it from 延期审批.
    expect(page.locator("[data-approve]")).to_have_count(0)
    _shot(page, "case-review-desk")
    page.context.clear_cookies()
    sign_in(page, site, "leader")
    page.get_by_role("list", name="审批办件").get_by_role("link", name="延期审批").click()
    page.click("[data-approve]")
    expect(page.get_by_text("已批准延期 5 个工作日")).to_be_visible()
    _shot(page, "case-extension-leader")
    page.context.clear_cookies()
    sign_in(page, site, "depthead")
    page.goto(f"{site}/cases/desk/")
    # The head's case page: the steps open as panels; a denial without reasons
    # comes back with the rule's code, not a 500.
    page.locator("[data-my-cases] tbody tr[data-case] a").first.click()
    page.click('details[data-step="decide"] > summary')
    page.check('details[data-step="decide"] input[value="denied"]')
    page.click('details[data-step="decide"] button[type=submit]')
    expect(page.locator('[data-error-code="denial_reason_required"]')).to_be_visible()
    assert page.locator('details[data-step="decide"]').get_attribute("open") is not None
    _shot(page, "case-detail-head")


def test_applicant_applies_online(page: Any, site: str) -> None:
    sign_in(page, site, "applicant")
    page.goto(f"{site}/cases/apply/?q=联合审批")
    page.click(f'a[href="/cases/apply/{JOINT}/"]')
    expect(page.locator("[data-upload-note]")).to_be_visible()
    page.fill("#id_summary", "新设企业，营业执照、代码证、刻章一并办理")
    _shot(page, "case-apply")
    page.click("[data-apply-form] button[type=submit]")
    code = page.locator("[data-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    _shot(page, "case-apply-done")
    with page.expect_navigation():
        page.click("[data-detail-link]")
    assert code not in page.content()
    page.fill("#id_reason", "材料准备不全，改日到窗口办理")
    page.click("[data-withdraw] button[type=submit]")
    expect(page.get_by_text("申请已撤回，办件终止。")).to_be_visible()
    page.goto(f"{site}/cases/mine/")
    expect(page.locator('[data-status="withdrawn"]')).to_have_count(1)
    _shot(page, "case-mine")
