"""The supervision lists fit the screens the product names (1366, 1440, 1920
wide): every action of a row (查看, 审计链, 督办/纠错, the batch form's
buttons, 导出/打印) is on screen without scrolling sideways, and the page
itself never scrolls sideways. Screenshots: supervision-desk-<width>.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, sign_in
from screenshot_dir import SCREENSHOTS

from worlds import publish_promise_item
from xiaoneng.cases import actions
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User
from xiaoneng.supervision import tasks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

TODAY = date(2026, 10, 12)
WIDTHS = (1366, 1440, 1920)
PAGES = ("/supervision/", "/supervision/anomalies/", "/supervision/orders/", "/supervision/cards/")

# Every visible action in the page's main area, and how far right each ends
# beyond the viewport or beyond the scrolling box it sits in (0: fully seen).
CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('main a, main button, main input[type=checkbox]')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    let right = width;
    const wrap = el.closest('.xn-table-wrap');
    if (wrap) right = Math.min(right, wrap.getBoundingClientRect().right);
    if (box.right > right + 1 || box.left < -1)
      out.push(el.textContent.trim() || el.outerHTML.slice(0, 60));
  }
  return {clipped: out, overflow: document.documentElement.scrollWidth - width};
}"""


def _world() -> None:
    load_demo_city()
    users = {u.username: u for u in User.objects.all()}
    load_demo_catalog(users["admin"])
    item = publish_promise_item(
        users["admin"],
        code="TEST-0005-WD",
        basic_code="0100096000",
        name="外商投资企业设立登记（含分支机构设立、变更、注销及备案登记）",
    )
    for on in (date(2026, 9, 10), date(2026, 9, 17), date(2026, 9, 28)):
        with travel_to(on):
            case, _ = actions.submit_application(
                actor=users["window"],
                item_code=item.code,
                applicant_name="张掖市丹霞旅游文化产业开发投资有限责任公司",
            )
            actions.accept_case(actor=users["window"], case_id=case.pk)
    with travel_to(TODAY):
        tasks.issue_cards.call()
        tasks.detect_anomalies.call()


@pytest.fixture
def site(live_server: Any) -> Iterator[str]:
    with travel_everywhere(TODAY):
        _world()
        yield str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


@pytest.mark.parametrize("width", WIDTHS)
def test_no_supervision_action_is_clipped(browser: Any, site: str, width: int) -> None:
    with checked_page(browser, {"width": width, "height": 900}) as page:
        sign_in(page, site, "supervisor")
        for path in PAGES:
            page.goto(f"{site}{path}")
            seen = page.evaluate(CLIPPED)
            if path == "/supervision/":
                assert page.locator("main a", has_text="督办/纠错").count() >= 3
                page.screenshot(path=str(SCREENSHOTS / f"supervision-desk-{width}.png"))
            assert seen["clipped"] == [], (path, width, seen)
            assert seen["overflow"] <= 0, (path, width, seen)
