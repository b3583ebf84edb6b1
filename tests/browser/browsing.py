"""What every browser test shares: where Chromium is, how it is started, and
the checks that no request leaves this machine (an intranet has no internet)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.db import connections

from xiaoneng.demo.city_data import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
DESKTOP = {"width": 1440, "height": 900}


def chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium")


@contextmanager
def checked_page(
    browser: Any, viewport: dict[str, int] | None = None, **options: Any
) -> Iterator[Any]:
    """A fresh context (its own cookies: one signed-in person) at `viewport`
    (the desktop by default; `options` go to the context: a phone's
    geolocation …) whose requests must all stay on this machine and whose
    scripts must not fail. Confirmation dialogs are accepted, as the person
    would."""
    context = browser.new_context(
        viewport=viewport or DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    try:
        yield page
        assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
        assert not errors, errors
    finally:
        context.close()


def desktop_page(browser: Any) -> Any:
    """`checked_page` at the desktop size."""
    return checked_page(browser)


def expect(target: Any) -> Any:
    """Playwright's waiting assertions. A click does not wait for the page it
    loads, so a plain `assert locator.is_visible()` after one can read the old
    page; `expect(locator).to_be_visible()` waits (5 s) for the new one."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def sign_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/workbench/")


@contextmanager
def chromium(monkeypatch: Any) -> Iterator[Any]:
    """Headless Chromium for one test. Start it after the database fixtures and
    stop it before their teardown: Playwright's sync API keeps an event loop
    running in this thread, so database work the test does meanwhile (actions
    between two pages) runs on connections of that loop's context — closed
    here, inside it, or PostgreSQL keeps them open and cannot drop the test
    database at the end."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        violations = _report_csp_violations(browser)
        try:
            yield browser
        finally:
            connections.close_all()
            browser.close()
        assert not violations, f"Content-Security-Policy violations: {violations}"


def _report_csp_violations(browser: Any) -> list[str]:
    """Every page of every context of this browser reports what the
    Content-Security-Policy blocked (Chromium says so on the console): a
    blocked script or style is a broken page, so the test fails."""
    violations: list[str] = []
    new_context = browser.new_context

    def watched_context(*args: Any, **kwargs: Any) -> Any:
        context = new_context(*args, **kwargs)
        context.on(
            "console",
            lambda message: (
                violations.append(f"{message.text} ({message.location.get('url', '')})")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return context

    browser.new_context = watched_context
    return violations
