"""The screens in a real browser: headless Chromium against a live server.

Signs in through the login form as a person would, checks what is visible,
checks that no request leaves this machine (an intranet has no internet), and
saves screenshots at desktop (1440×900) and phone (390×844) sizes to
docs/screenshots/ for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import LOCAL_HOSTS, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.demo.city import load_demo_city

# live_server needs a transactional database; serialized_rollback restores the
# rows the migrations install (the standard roles) after each test's flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}

if chromium_path() is None:
    pytest.skip(
        "headless Chromium is not installed at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def site(live_server: Any) -> str:
    """The live server with the demo city, set up before the browser starts."""
    load_demo_city()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Headless Chromium, started after the database fixtures and stopped before
    their teardown: Playwright's sync API keeps an event loop running in this
    thread, and Django would take the database work done meanwhile for async
    code (and give it another connection object than the one the test database
    was set up and serialised on)."""
    with chromium(monkeypatch) as launched:
        yield launched


class Screen:
    """One browser context at one size, recording every host it requests."""

    def __init__(self, browser: Any, size: str) -> None:
        self.size = size
        self.context = browser.new_context(
            viewport=SIZES[size],
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            device_scale_factor=1,
            is_mobile=size == "phone",
            has_touch=size == "phone",
        )
        self.page = self.context.new_page()
        self.hosts: set[str] = set()
        self.failures: list[str] = []
        self.page.on("request", self._request)
        self.page.on("requestfailed", self._failed)
        self.page.on("pageerror", lambda e: self.failures.append(f"JS error: {e}"))

    def _failed(self, request: Any) -> None:
        # A navigation cancels what the old page still loads (often the
        # favicon): that is the browser's choice, not a broken resource.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failures.append(f"{request.url} {request.failure}")

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        self.hosts.add(url.hostname or "")

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}-{self.size}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def check_local(self) -> None:
        assert self.hosts, "no request was seen"
        assert self.hosts <= LOCAL_HOSTS, f"requests left the machine: {self.hosts - LOCAL_HOSTS}"
        assert not self.failures, self.failures

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_login_page(browser: Any, site: str, size: str) -> None:
    screen = Screen(browser, size)
    try:
        page = screen.page
        page.goto(f"{site}/accounts/login/")
        expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
        expect(page.get_by_text("张掖市政府工作效能平台").first).to_be_visible()
        # a demo-account row fills the user name and moves to the password
        page.click('[data-xn-fill-username="supervisor"]')
        assert page.input_value("#id_username") == "supervisor"
        assert page.evaluate("document.activeElement.id") == "id_password"
        page.fill("#id_username", "")
        screen.shot("login")
        # a wrong password shows the error in place
        page.fill("#id_username", "window")
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]")
        expect(page.locator('[data-error-code="login_failed"]')).to_be_visible()
        screen.check_local()
    finally:
        screen.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    ("username", "title"), [("window", "窗口工作台"), ("supervisor", "电子监察工作台")]
)
def test_workbench(browser: Any, site: str, size: str, username: str, title: str) -> None:
    screen = Screen(browser, size)
    try:
        page = screen.page
        sign_in(screen.page, site, username)
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        expect(page.get_by_role("heading", name="未来两周工作日历")).to_be_visible()
        expect(page.locator(".xn-day")).to_have_count(14)
        expect(page.locator(".xn-daytag")).to_be_visible()
        nav = page.locator("#xn-aside")
        if size == "phone":
            assert not nav.is_visible() or nav.bounding_box()["x"] < 0  # collapsed
            page.click("[data-xn-nav-toggle]")
            page.wait_for_timeout(300)
            expect(page.get_by_role("link", name="岗位职责").first).to_be_visible()
            screen.shot(f"workbench-{username}-nav", full_page=False)
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
        else:
            assert page.locator(".xn-nav-link.is-active").inner_text().strip() == "我的工作台"
        screen.shot(f"workbench-{username}")
        screen.check_local()
    finally:
        screen.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_portal_home(browser: Any, site: str, size: str) -> None:
    screen = Screen(browser, size)
    try:
        page = screen.page
        page.goto(f"{site}/")
        expect(page.get_by_role("heading", name="部门导航")).to_be_visible()
        expect(page.get_by_role("heading", name="效能投诉")).to_be_visible()
        expect(page.get_by_text("张掖市工商行政管理局")).to_be_visible()
        expect(page.get_by_text("甘州区", exact=True)).to_be_visible()
        screen.shot("portal-home")
        # the search box leads to the service guides, filtered
        page.fill("#pt-q", "营业执照")
        page.press("#pt-q", "Enter")
        page.wait_for_url("**/guide/?q=*")
        expect(page.get_by_role("heading", name="办事指南", level=1)).to_be_visible()
        # the published duties (岗位责任制), filtered
        page.goto(f"{site}/duties/?q=一次性告知")
        expect(page.get_by_role("heading", name="窗口受理岗")).to_be_visible()
        screen.check_local()
    finally:
        screen.close()


def test_more_screens(browser: Any, site: str) -> None:
    """Pages reviewed less often, desktop only: duties, logout, org tree, tokens, admin."""
    screen = Screen(browser, "desktop")
    try:
        page = screen.page
        page.goto(f"{site}/duties/")
        expect(page.get_by_role("heading", name="岗位责任制公示", level=1)).to_be_visible()
        screen.shot("portal-duties")
        sign_in(screen.page, site, "reviewer")
        page.goto(f"{site}/workbench/duties/")
        expect(page.get_by_role("heading", name="本部门岗位职责公示")).to_be_visible()
        screen.shot("duties")
        page.click(".xn-logout button")
        page.wait_for_url(f"{site}/accounts/login/")
        expect(page.get_by_text("您已安全退出")).to_be_visible()
        sign_in(screen.page, site, "admin")
        page.goto(f"{site}/workbench/org/")
        page.fill("[data-xn-tree-filter]", "工商")
        expect(page.get_by_text("市工商局企业注册科")).to_be_visible()
        expect(page.get_by_text("甘州区人民政府")).to_be_hidden()
        page.click("[data-xn-tree-reset]")
        screen.shot("org")
        page.goto(f"{site}/accounts/tokens/")
        page.fill("#id_name", "市政务服务网对接")
        page.click("form.xn-form-row button[type=submit]")
        assert page.locator("#new-secret").inner_text().startswith("xn_")
        screen.shot("tokens")
        page.goto(f"{site}/workbench/")
        expect(page.get_by_role("heading", name="最新审计事件")).to_be_visible()
        screen.shot("workbench-admin")
        page.goto(f"{site}/admin/")
        expect(page.get_by_text("张掖市政府工作效能平台 · 系统管理")).to_be_visible()
        screen.shot("admin", full_page=False)
        screen.check_local()
    finally:
        screen.close()
