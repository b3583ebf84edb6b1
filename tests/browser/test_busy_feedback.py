"""web/js/busy.js in Chromium: a document link marked data-busy reads
"正在生成…" once clicked and sends no second request for a second click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, chromium_path

pytestmark = pytest.mark.browser

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

BUSY_JS = Path(__file__).resolve().parents[2] / "src/xiaoneng/web/static/web/js/busy.js"
SITE = "http://127.0.0.1:9/"  # never reached: every request is answered by the route below
PAGE = (
    '<!doctype html><html lang="zh-CN"><body>'
    '<a id="doc" href="/doc.pdf" target="_blank" rel="noopener" data-busy>下载 PDF</a>'
    '<a id="plain" href="/other.pdf" target="_blank">其他</a>'
    "</body></html>"
)


def test_a_busy_link_shows_progress_and_takes_one_click(monkeypatch: Any) -> None:
    asked: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        if url.endswith(".pdf"):
            asked.append(url)
            route.fulfill(status=200, content_type="application/pdf", body=b"%PDF-1.4\n")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=PAGE)

    with chromium(monkeypatch) as browser:
        context = browser.new_context(locale="zh-CN")
        context.route("**/*", answer)
        page = context.new_page()
        page.goto(SITE)
        page.add_script_tag(path=str(BUSY_JS))
        link = page.locator("#doc")
        link.click()
        assert link.inner_text() == "正在生成…"
        assert link.get_attribute("aria-busy") == "true"
        link.click()  # a second, impatient click
        page.wait_for_timeout(500)
        assert sum(u.endswith("/doc.pdf") for u in asked) == 1
        # A link not marked is left alone.
        page.locator("#plain").click()
        assert page.locator("#plain").inner_text() == "其他"
        # Back on the page, the link reads as before.
        page.evaluate("window.dispatchEvent(new Event('pageshow'))")
        assert link.inner_text() == "下载 PDF"
        assert link.get_attribute("aria-busy") is None
        context.close()
