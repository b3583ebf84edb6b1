"""Proactive disclosure in a real browser (条例 art. 26; 2026 calendar):

- Mon 19 Oct: 市工商局's head (`depthead`) registers a policy document
  formed on Fri 16 Oct — due Fri 13 Nov, a green light on his desk — and its
  interpretation linked to it, then publishes both.
- Signed out, the public 政府信息公开 page lists the document under its unit
  and category with its interpretation; its page shows the interpretation.
- The government office (`zhengfuban`) generates the 2025 annual report,
  reviews it and publishes it (then it can no longer be regenerated); the
  public sees its tables.
- The document changes (art. 26 变更): the head records the change day on its
  page; it waits to be published again, due 20 working days later, while its
  interpretation stays in the public 政策解读 list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.openinfo.models import AnnualReport, DisclosureItem

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

TODAY = date(2026, 10, 19)
TITLE = "张掖市个体工商户登记管理办法"
NOTE = "《张掖市个体工商户登记管理办法》政策解读"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-openinfo-{name}.png"), full_page=True)


def _register(page: Any, site: str, **fields: str) -> None:
    page.goto(f"{site}/openinfo/")
    with page.expect_navigation():
        page.get_by_role("link", name="登记主动公开信息").click()
    page.select_option("#id_category", value=fields.pop("category"))
    if "interprets" in fields:
        page.select_option("#id_interprets_id", label=fields.pop("interprets"))
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    with page.expect_navigation():
        page.get_by_role("button", name="登记").click()


def test_a_policy_document_with_its_interpretation_and_the_annual_report(
    browser: Any, site: str
) -> None:
    # 1. The unit registers the document and sees its light; then the interpretation.
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _register(
            page,
            site,
            category="policy",
            title=TITLE,
            document_number="张工商发〔2026〕3号",
            formed_on="2026-10-16",
            body="第一条 为规范个体工商户登记，制定本办法。",
        )
        expect(page.locator("[data-light=normal]").get_by_text("绿灯")).to_be_visible()
        assert "2026年11月13日" in page.inner_text("main")
        _shot(page, "registered")
        doc = DisclosureItem.objects.get(title=TITLE)
        _register(
            page,
            site,
            category="interpretation",
            interprets=f"{TITLE}（{doc.number}）",
            title=NOTE,
            formed_on="2026-10-19",
            body="一、制定背景。二、主要内容。",
        )
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
        page.goto(f"{site}/openinfo/")
        expect(page.locator(f'[data-item="{doc.pk}"] [data-light=normal]')).to_be_visible()
        _shot(page, "desk")
        for row in DisclosureItem.objects.order_by("id"):
            page.goto(f"{site}/openinfo/items/{row.pk}/")
            with page.expect_navigation():
                page.get_by_role("button", name="在政府网站公开").click()
            expect(page.locator("[data-status=published]")).to_be_visible()
        _shot(page, "published")
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"published"}

    # 2. The public page shows it with its interpretation.
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        page.goto(f"{site}/openinfo/public/")
        listed = page.locator(f'[data-public-item="{doc.pk}"]')
        expect(listed).to_contain_text(TITLE)
        expect(listed.locator("[data-interpretation]")).to_contain_text(NOTE)
        _shot(page, "public")
        with page.expect_navigation():
            listed.get_by_role("link", name=TITLE, exact=True).click()
        expect(page.locator("[data-interpretations]")).to_contain_text(NOTE)
        _shot(page, "public-item")

    # 3. The government office generates, reviews and publishes the 2025 report.
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/openinfo/report/?year=2025")
        with page.expect_navigation():
            page.get_by_role("button", name="生成2025年度报告").click()
        expect(page.locator("[data-report-status=generated]")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="审核无误，公开").click()
        expect(page.locator("[data-report-status=published]")).to_be_visible()
        expect(page.get_by_role("button", name="重新生成")).to_have_count(0)
        _shot(page, "report")
    assert AnnualReport.objects.get(year=2025).status == "published"
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        page.goto(f"{site}/openinfo/public/report/")
        expect(page.get_by_role("heading", name="2025年政府信息公开工作年度报告")).to_be_visible()
        expect(page.get_by_text("国办公开办函〔2021〕30号")).to_be_visible()
        expect(page.locator("[data-section='2']")).to_contain_text("本年新收政府信息公开申请数量")
        expect(page.locator("[data-section='3']")).to_contain_text("结果维持")
        _shot(page, "public-report")

    # 4. The document changes: its change day recorded, it waits to be published again.
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/openinfo/items/{doc.pk}/")
        page.locator("[data-revise] summary").click()
        page.fill("#id_changed_on", "2026-10-19")
        page.fill("#id_body", "第一条 为规范个体工商户登记，制定本办法（修订）。")
        with page.expect_navigation():
            page.get_by_role("button", name="登记变更").click()
        expect(page.locator("[data-status=pending]")).to_be_visible()
        expect(page.locator("[data-changed-on]")).to_contain_text("2026年10月19日")
        assert "2026年11月16日" in page.inner_text("main")
        _shot(page, "revised")
    with travel_everywhere(TODAY), desktop_page(browser) as page:
        page.goto(f"{site}/openinfo/public/?category=interpretation")
        expect(page.locator("[data-public-item]")).to_have_count(1)
        expect(page.locator("[data-public-item]")).to_contain_text(NOTE)
