"""发文 in a real browser (seed art. 11, 文风):

Tue 10 March 2026: 市工商局's office (`office`, 王丽) drafts a 通知 to the
county governments (民乐县, 甘州区) and submits it; the head (`depthead`,
王振华) checks it (核稿) and signs it (签发); being a municipal
department's document to the counties it waits for the city leader in
charge; `leader` (刘卫东) approves it from his queue; `office` issues it:
the number 张工商发〔2026〕1号 shows, and the PDF downloads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.office import load_office_world
from xiaoneng.office.models import Dispatch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

DAY = date(2026, 3, 10)
TITLE = "关于做好2026年度市场主体年报公示工作的通知"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    load_office_world()
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, n: int, name: str) -> None:
    path = SCREENSHOTS / f"walk-office-dispatches-{n:02d}-{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top
    page.screenshot(path=str(path), full_page=True)


def _draft(page: Any, site: str) -> int:
    sign_in(page, site, "office")
    page.goto(f"{site}/office/documents/new/")
    page.select_option("#d-kind", value="notice")
    page.fill("#d-title", TITLE)
    for code in ("620722", "620702"):
        page.check(f"[data-recipients] input[data-unit='{code}']")
    page.check("[data-copies] input[data-unit='620700002']")
    page.fill(
        "#d-body",
        "各县区人民政府：\n请督促辖区内市场主体于6月30日前报送并公示2026年度报告。\n"
        "对未按时公示的，依法列入经营异常名录。",
    )
    _shot(page, 1, "draft")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("[data-to-counties]")
    pk = int(page.get_attribute("[data-dispatch]", "data-dispatch"))
    page.get_by_role("button", name="送审").click()
    page.wait_for_selector("text=已送审")
    _shot(page, 2, "submitted")
    return pk


def _review_and_sign(page: Any, site: str, pk: int) -> None:
    sign_in(page, site, "depthead")
    page.goto(f"{site}/office/documents/{pk}/")
    page.fill("#r-note", "文字已核")
    page.get_by_role("button", name="核稿通过").click()
    page.wait_for_selector("text=已核稿")
    page.fill("#g-note", "同意，报刘市长审批")
    page.get_by_role("button", name="签发", exact=True).click()
    page.wait_for_selector("text=待市分管领导审批")
    assert page.get_attribute("[data-dispatch]", "data-status") == "leader"
    _shot(page, 3, "signed-waits-for-leader")


def _approve(page: Any, site: str, pk: int) -> None:
    sign_in(page, site, "leader")
    page.goto(f"{site}/office/documents/leader/")
    page.click(f"tr[data-dispatch='{pk}'] >> text=审批")
    _shot(page, 4, "leader-queue-opened")
    page.fill("#a-note", "同意印发")
    page.get_by_role("button", name="同意印发").click()
    page.wait_for_selector("text=已审批，可以印发")


def _issue(page: Any, site: str, pk: int) -> None:
    sign_in(page, site, "office")
    page.goto(f"{site}/office/documents/{pk}/")
    page.get_by_role("button", name="印发（编发文字号）").click()
    page.wait_for_selector("text=张工商发〔2026〕1号")
    assert page.inner_text("[data-number]").strip() == "张工商发〔2026〕1号"
    _shot(page, 5, "issued")
    with page.expect_download() as download:
        page.click("[data-pdf]")
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"


def test_a_document_to_the_counties_approved_by_the_leader_and_issued(
    site: str, browser: Any
) -> None:
    with travel_everywhere(DAY), desktop_page(browser) as page:
        pk = _draft(page, site)
    with travel_everywhere(DAY), desktop_page(browser) as page:
        _review_and_sign(page, site, pk)
    with travel_everywhere(DAY), desktop_page(browser) as page:
        _approve(page, site, pk)
    with travel_everywhere(DAY), desktop_page(browser) as page:
        _issue(page, site, pk)
    row = Dispatch.objects.get(pk=pk)
    assert (row.status, row.number, row.to_counties) == ("issued", "张工商发〔2026〕1号", True)
    assert row.leader is not None
    assert row.leader.username == "leader"
