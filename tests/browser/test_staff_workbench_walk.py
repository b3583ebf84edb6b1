"""Each staff role from its workbench's 待办 to the work, at 1366×768 (the
footer's own minimum screen): the window, the reviewer, the department head,
the supervision bureau, the leader in charge, the mayor and a unit office
sign in, land on their workbench, follow a 待办 count to its list (which
holds as many rows as the count said) and open the first row's page; no
action button there is cut off at the screen's edge. Screenshots
docs/screenshots/workbench-<role>.png (and -list.png, -work.png) for review."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import chromium, chromium_path, expect, sign_in
from fitting import misfits
from screenshot_dir import SCREENSHOTS

from todo_world import desk_morning
from xiaoneng.core import timesource
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.history.generator import generate
from xiaoneng.org.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SCREEN = {"width": 1366, "height": 768}
# role → (its workbench's title, the 待办 tiles it follows, first with work in it)
ROLES = {
    "window": ("窗口工作台", ("收件待受理", "待送达", "补正后待受理")),
    "reviewer": ("审核人员工作台", ("待审查办件", "会签意见待出具")),
    "depthead": ("部门负责人工作台", ("待审查决定", "延期待批准", "未消除黄红牌")),
    "supervisor": ("电子监察工作台", ("未消除红牌", "异常待说明", "督办纠错待答复")),
    "leader": ("分管领导工作台", ("超期在办件", "未消除黄红牌")),
    "mayor": ("市长工作台", ("超期在办件", "未消除黄红牌")),
    "office": ("", ()),  # the unit office: its 待办 are the office figures (workbench/office.py)
}


@pytest.fixture
def site(live_server: Any) -> str:
    """Two months of the city's history and a busy morning at 市工商局, played
    through the actions up to today."""
    load_demo_city()
    load_demo_catalog(User.objects.get(username="admin"))
    summary = generate(
        cases=30,
        months=2,
        seed=19,
        end=timesource.today(),
        efficiency=False,
        targets=False,
        discipline=False,
        openness=False,
        enforcement=False,
        trading=False,
        office=True,
    )
    assert not summary.failures
    desk_morning(timesource.today())
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _first_with_work(page: Any, labels: tuple[str, ...]) -> Any:
    """The first of `labels`' tiles whose count is not zero (an office: the
    first linked figure with one)."""
    if not labels:
        figures = page.locator(".xn-kpi").filter(has=page.locator(".xn-kpi-label a"))
        for i in range(figures.count()):
            figure = figures.nth(i)
            if int(re.sub(r"\D", "", figure.locator(".xn-kpi-value").inner_text()) or 0):
                return figure.locator(".xn-kpi-label a"), None
        raise AssertionError("the office has nothing to do on its workbench")
    for label in labels:
        tile = page.locator(f'a.xn-todo[data-todo="{label}"]')
        count = int(tile.locator("[data-todo-count]").inner_text())
        if count:
            return tile, count
    raise AssertionError(f"none of {labels} has work in it")


def _open_first_row(page: Any) -> str:
    """Opens the first row's own page (its first link to another page)."""
    link = page.locator("main table tbody tr td a[href^='/']").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    return str(href)


def _rows_listed(page: Any, count: int | None) -> None:
    """The list holds the rows counted: its pager says so (共 N 条)."""
    if count is None:
        return
    pager = page.locator(".xn-pagination span").first
    if pager.count():
        expect(pager).to_contain_text(f"共 {count} 条")


def _walk(browser: Any, site: str, username: str) -> list[str]:
    """One role's walk; what did not fit or failed, in words."""
    title, labels = ROLES[username]
    context = browser.new_context(viewport=SCREEN, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    try:
        sign_in(page, site, username)
        if title:
            expect(page.locator("h1.xn-page-title")).to_have_text(title)
        errors += [f"workbench: {m}" for m in misfits(page)]
        page.screenshot(path=str(SCREENSHOTS / f"workbench-{username}.png"), full_page=True)

        tile, count = _first_with_work(page, labels)
        tile.click()
        page.wait_for_load_state()
        listed = page.url
        _rows_listed(page, count)
        errors += [f"list {listed}: {m}" for m in misfits(page)]
        page.screenshot(path=str(SCREENSHOTS / f"workbench-{username}-list.png"), full_page=False)

        _open_first_row(page)
        assert page.url != listed
        # On the work page every action is on screen, not behind a scroll.
        errors += [f"work {page.url}: {m}" for m in misfits(page, allow_scroll=False)]
        page.screenshot(path=str(SCREENSHOTS / f"workbench-{username}-work.png"), full_page=False)
        return errors
    finally:
        context.close()


def test_each_role_from_its_workbench_to_the_work(browser: Any, site: str) -> None:
    problems = {username: _walk(browser, site, username) for username in ROLES}
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}
