"""The window clerk's day at 1366×768 (issue 19, items 5, 6 and 12): the
queue's action in sight; 综合查询 finds yesterday's finished case by the
applicant's certificate number and its decision prints again; a case is
received with the certificate and an agent, its 材料接收凭证 printed with
the query code; a decision is delivered by post and its 送达回证 printed.
The queue and the review desk fit 1366, 1440 and 1920 without a clipped
action, and a phone without sideways scrolling. Screenshots:
case-search.png, case-receipt.png, case-delivery.png, window-queue-1366.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
from browsing import checked_page, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from worlds import publish_promise_item
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

NAME_CHECK = "0100001000620700005"  # 企业名称预先核准 (即办件, 市工商局)
PERSON = "62070219800101001X"
ENTERPRISE = "91620700MA72XKXX81"
SCREEN = {"width": 1366, "height": 768}

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

# The visible actions of <main> (buttons, links in tables) whose box leaves
# the window: what the clerk would have to scroll sideways to reach.
CLIPPED = """
() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('main button, main .xn-btn, main td a')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('[hidden], details:not([open])')) continue;
    if (r.left >= -1 && r.right <= width + 1) continue;
    out.push(`${el.innerText.trim()} ${Math.round(r.right)}`);
  }
  return out;
}
"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _world() -> dict[str, int]:
    """Yesterday's finished instant case with a certificate, and a decided
    case waiting to be delivered."""
    load_demo_city()
    users = {u.username: u for u in User.objects.all()}
    load_demo_catalog(users["admin"])
    window, head = users["window"], users["depthead"]
    promise = publish_promise_item(users["admin"])  # a 承诺件 of 市工商局
    yesterday = current_calendar().add_workdays(timesource.today(), -1)
    with travel_to(yesterday):
        finished, _ = actions.submit_application(
            actor=window,
            item_code=NAME_CHECK,
            applicant_name="张三",
            applicant_id_type="resident_id",
            applicant_id_no=PERSON,
        )
        actions.accept_case(actor=window, case_id=finished.pk)
        decided, _ = actions.submit_application(
            actor=window,
            item_code=promise.code,
            # A long name, as real ones are: the queue's 办理 must stay in sight.
            applicant_name="张掖市祁连山生态农业科技开发有限责任公司甘州区分公司",
        )
        actions.accept_case(actor=window, case_id=decided.pk)
    actions.decide_case(actor=head, case_id=decided.pk, decision="approved")
    return {"finished": finished.pk, "decided": decided.pk}


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch, live_server: Any) -> Iterator[Any]:
    with chromium(monkeypatch) as running:
        yield running


def _fits(page: Any, what: str) -> None:
    assert page.evaluate(CLIPPED) == [], what
    assert page.evaluate(OVERFLOW) <= 1, what


def _pdf(page: Any, href: str) -> None:
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200, href
    assert response.headers["content-type"] == "application/pdf"


def test_the_window_clerks_day(live_server: Any, browser: Any) -> None:
    world = _world()
    site = live_server.url
    with checked_page(browser, SCREEN) as page:
        sign_in(page, site, "window")
        page.goto(f"{site}/cases/window/")
        expect(page.locator("[data-case-table] tbody tr").first).to_be_visible()
        _fits(page, "window queue at 1366")
        page.screenshot(path=str(SCREENSHOTS / "window-queue-1366.png"))

        # 综合查询 from the menu: yesterday's finished case by the certificate number.
        page.click("nav >> text=综合查询")
        page.fill("#id_id_no", PERSON.lower())
        page.click("[data-case-search] button[type=submit]")
        row = page.locator(f"[data-found] tr[data-case='{world['finished']}']")
        expect(row).to_be_visible()
        _fits(page, "case search at 1366")
        page.screenshot(path=str(SCREENSHOTS / "case-search.png"), full_page=True)
        _pdf(page, row.locator("[data-reprint]").get_attribute("href"))

        # Intake with the certificate and an agent; the receipt with the query code.
        page.goto(f"{site}/cases/window/intake/?item={NAME_CHECK}")
        page.fill("#id_applicant_name", "张掖市祁连绿源农业科技有限公司")
        page.select_option("#id_applicant_id_type", "credit_code")
        page.fill("#id_applicant_id_no", ENTERPRISE)
        page.select_option("#id_handler_kind", "proxy")
        page.fill("#id_handler_name", "王五")
        page.fill("#id_handler_id_no", "62070219900202002X")
        for box in page.locator("[data-checklist] input[type=checkbox]").all():
            box.check()
        _fits(page, "intake form at 1366")
        page.click("[data-submit-intake]")
        expect(page.locator("[data-intake-papers]")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "case-receipt.png"), full_page=True)
        form = page.locator("[data-print-receipt]")
        receipt = page.request.post(
            site + form.get_attribute("action"),
            form={
                "csrfmiddlewaretoken": form.locator("[name=csrfmiddlewaretoken]").input_value(),
                "query_code": form.locator("[name=query_code]").input_value(),
            },
            headers={"Referer": page.url},
        )
        assert receipt.status == 200
        assert receipt.headers["content-type"] == "application/pdf"
        _pdf(page, page.locator("[data-print-completion]").get_attribute("href"))

        # 送达 by post, with its 邮件号; then the 送达回证.
        page.goto(f"{site}/cases/{world['decided']}/")
        page.click("details[data-step=deliver] > summary")
        page.select_option("#deliver-method", "post")
        page.fill("#deliver-tracking_no", "EMS1234567890")
        page.click("details[data-step=deliver] button[type=submit]")
        expect(page.locator("[data-delivery]")).to_contain_text("EMS1234567890")
        page.screenshot(path=str(SCREENSHOTS / "case-delivery.png"), full_page=True)
        proof = page.locator("[data-document=delivery-proof] a")
        _pdf(page, proof.get_attribute("href"))


def test_the_desks_fit_the_named_screens(live_server: Any, browser: Any) -> None:
    """1366, 1440, 1920: no action out of sight; 390 (a phone): no sideways scroll."""
    _world()
    site = live_server.url
    pages = {"window": ("/cases/window/", "/cases/search/"), "reviewer": ("/cases/desk/",)}
    for width in (1366, 1440, 1920, 390):
        height = 844 if width == 390 else 768
        for who, paths in pages.items():
            with checked_page(browser, {"width": width, "height": height}) as page:
                sign_in(page, site, who)
                for url in paths:
                    page.goto(site + url)
                    if width == 390:
                        assert page.evaluate(OVERFLOW) <= 1, f"{url} at {width}"
                    else:
                        _fits(page, f"{url} at {width}")
