"""Every staff menu page fits the screens the product names (issue 19, item
12): at 1366, 1440, 1920 and 390 pixels wide, the document is no wider than
the window, no action of <main> is cut off (an action in a table that
scrolls sideways counts when the table's scroll container is on screen), and
on the phone no table column wraps its text one character a line.

Fast by design: one browser, one context per role, each menu page loaded
once (by the first role whose menu holds it) and measured at the four widths
by resizing the same page.

Pages that other parts of the product still have to fix are listed in
MISFITS with who owns them; the test fails if one of them starts to fit (so
the list only shrinks) or if any other page does not fit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import chromium, chromium_path, sign_in
from fitting import misfits

from xiaoneng.core import timesource
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.history.generator import generate
from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

WIDTHS = (1366, 1440, 1920, 390)
HEIGHT = 800
# Roles whose menus together hold every staff page of the demo city.
ROLES = (
    "window",
    "reviewer",
    "depthead",
    "supervisor",
    "leader",
    "mayor",
    "admin",
    "inspector",
    "complaint",
    "complainthead",
    "organisation",
    "office",
    "caizheng",
    "fazhi",
    "zhengfuban",
    "zhifa",
    "fagai",
    "minle",
    "agent",
    "jiaoyi",
    "zhujian",
    "zhaobiao",
    "toubiao1",
    "zhuanjia1",
)
# path → (widths where it does not fit yet, who fixes it). Keep it short.
MISFITS: dict[str, tuple[frozenset[int], str]] = {}


@pytest.fixture
def site(live_server: Any) -> str:
    """The demo city with a month of cases, so the lists have rows to fit."""
    load_demo_city()
    load_demo_catalog(User.objects.get(username="admin"))
    generate(
        cases=40,
        months=1,
        seed=12,
        end=timesource.today(),
        efficiency=False,
        targets=False,
        discipline=False,
        openness=False,
        enforcement=False,
        trading=False,
        office=False,
    )
    return str(live_server.url)


@pytest.fixture
def pages(site: str) -> dict[str, list[str]]:
    """role → the menu pages it is the first to reach (read before the browser starts)."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    # XN_WIDTH_PAGES=/a/,/b/ measures only these (while fixing a page).
    only = {p for p in os.environ.get("XN_WIDTH_PAGES", "").split(",") if p}
    for username in ROLES:
        actor = User.objects.get(username=username)
        urls = [
            item["url"]
            for group in menu_for(actor)
            for item in group["items"]
            if not item["new_tab"]  # the big screen: a fixed 1920×1080 canvas, scaled
        ]
        out[username] = [
            u for u in dict.fromkeys(urls) if u not in seen and (not only or u in only)
        ]
        seen.update(out[username])
    return out


@pytest.fixture
def browser(pages: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def only_some() -> bool:
    return bool(os.environ.get("XN_WIDTH_PAGES"))


def _measure(page: Any) -> dict[int, list[str]]:
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        if problems := misfits(page, phone=width < 500):
            found[width] = problems
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    return found


def test_every_menu_page_fits_every_width(
    browser: Any, site: str, pages: dict[str, list[str]]
) -> None:
    measured: dict[str, dict[int, list[str]]] = {}
    for username, urls in pages.items():
        if not urls:
            continue
        context = browser.new_context(
            viewport={"width": WIDTHS[0], "height": HEIGHT},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        page = context.new_page()
        try:
            sign_in(page, site, username)
            for url in urls:
                response = page.goto(f"{site}{url}")
                assert response is not None, (username, url)
                assert response.status < 400, (username, url, response.status)
                measured[url] = _measure(page)
        finally:
            context.close()
    assert only_some() or len(measured) > 60, "the menus hold the product's staff pages"
    unexpected = {
        url: found
        for url, found in measured.items()
        if found and set(found) - MISFITS.get(url, (frozenset(), ""))[0]
    }
    fixed = [url for url, (widths, _) in MISFITS.items() if not set(measured.get(url, {})) & widths]
    assert not unexpected, unexpected
    assert not fixed, f"these pages fit now: remove them from MISFITS {fixed}"
