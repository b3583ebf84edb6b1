"""The electronic supervision big screen (电子监察大屏) in a real browser at
1920×1080: a month of cases built through the actions, the screen opened by the
supervision bureau, a case received while it is open — the figure on the wall
changes within 5 seconds, without a reload. Screenshot: bigscreen.png (and
bigscreen-no-echarts.png, the tables shown when ECharts cannot load)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import LOCAL_HOSTS, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from worlds import publish_promise_item
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User
from xiaoneng.scores.actions import rollup_month

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

TODAY = date(2026, 3, 18)  # a Wednesday
SCREEN_SIZE = {"width": 1920, "height": 1080}
NAME_CHECK = "0100001000620700005"  # 企业名称预先核准 (即办件, 市工商局)
COMPANIES = [
    "张掖市丹霞旅游开发有限公司",
    "甘州区金张掖农产品有限公司",
    "张掖市湿地生态农业科技有限公司",
    "张掖市祁连山矿泉水有限公司",
    "临泽县红枣专业合作社",
    "高台县黑河湿地文旅有限公司",
    "山丹县马场草业有限公司",
    "民乐县紫皮大蒜种植专业合作社",
]


def _world() -> dict[str, Any]:
    """Four weeks of a small city's intake, through the actions: instant items
    finished at the window, promise items decided on time, one late, some
    still open (so the lights show red, yellow and green)."""
    load_demo_city()
    users = {u.username: u for u in User.objects.all()}
    admin, window, head = users["admin"], users["window"], users["depthead"]
    load_demo_catalog(admin)
    promise = publish_promise_item(
        admin, code="TEST-0005-BS", basic_code="0100098000", name="外商投资企业设立登记"
    )
    others = list(
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED, committed_limit_days__gt=0)
        .exclude(department__code="620700005")
        .order_by("department__code", "code")
        .distinct()[:40:8]
    )
    calendar = current_calendar()
    days = [calendar.add_workdays(TODAY, -n) for n in range(20, 0, -1)]

    def filed(day: date, code: str, n: int, actor: User = window) -> int:
        with travel_to(day):
            case, _ = actions.submit_application(
                actor=actor, item_code=code, applicant_name=COMPANIES[n % len(COMPANIES)]
            )
            actions.accept_case(actor=actor, case_id=case.pk)
        return case.pk

    def finish(pk: int, decided: date, delivered: date) -> None:
        with travel_to(decided):
            actions.decide_case(actor=head, case_id=pk, decision="approved")
        with travel_to(delivered):
            actions.deliver_case(actor=window, case_id=pk)

    for n, day in enumerate(days):
        for k in range(1 + n % 3):
            filed(day, NAME_CHECK, n + k)  # finished on the spot
        if n % 3 == 0:
            pk = filed(day, promise.code, n)
            done = calendar.add_workdays(day, 6 if n != 3 else 12)  # one of them late
            if done < TODAY:
                finish(pk, done, done)
        if n % 4 == 1 and others:
            filed(day, others[n % len(others)].code, n, admin)
    with travel_to(TODAY):
        filed(TODAY, NAME_CHECK, 1)
        rollup_month(TODAY, today=TODAY)  # the scores' hourly rollup: the ranking's scores
    return {"users": users, "promise": promise}


@pytest.fixture
def world(live_server: Any) -> Iterator[dict[str, Any]]:
    with travel_everywhere(TODAY):
        world = _world()
        world["site"] = str(live_server.url)
        yield world


@pytest.fixture
def screen(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The supervision bureau's wall: 1920×1080, every request on this machine."""
    with chromium(monkeypatch) as browser:
        context = browser.new_context(
            viewport=SCREEN_SIZE, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        page = context.new_page()
        hosts: set[str] = set()
        errors: list[str] = []
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            sign_in(page, world["site"], "supervisor")
            yield page
            assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
            assert not errors, errors
        finally:
            context.close()


def _figure(page: Any, element_id: str) -> int:
    return int(page.get_attribute(f"#{element_id}", "data-value"))


def test_the_wall_updates_live(world: dict[str, Any], screen: Any) -> None:
    page = screen
    page.goto(f"{world['site']}/bigscreen/")
    sync_api.expect(page.locator("h1")).to_have_text("张掖市电子监察中心")
    sync_api.expect(page.locator("#bs-date")).to_have_text("2026年3月18日 星期三")
    assert page.evaluate("typeof window.echarts") == "object"
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    expect(page.locator("#bs-no-charts")).to_have_count(0)
    before = _figure(page, "kpi-intake")
    assert before == 1  # the instant case filed today
    assert page.locator("#overdue .bs-overdue-row").count() >= 1
    assert page.locator("#ranking .bs-rank-row").count() >= 2

    page.wait_for_timeout(1500)  # the numbers have rolled to their values
    page.screenshot(path=str(SCREENSHOTS / "bigscreen.png"))

    page.evaluate("window.__notReloaded = true")
    with travel_to(TODAY):
        actions.submit_application(
            actor=world["users"]["window"],
            item_code=world["promise"].code,
            applicant_name="张掖市新收件科技有限公司",
        )
    # A locator, not wait_for_function: a string predicate is eval, which the
    # page's Content-Security-Policy (script-src 'self') refuses.
    sync_api.expect(page.locator("#kpi-intake")).to_have_attribute(
        "data-value", str(before + 1), timeout=5000
    )
    sync_api.expect(page.locator("#kpi-intake")).to_have_text(str(before + 1), timeout=2000)
    sync_api.expect(page.locator("#feed .bs-feed-row").first).to_contain_text("收件")
    assert page.evaluate("window.__notReloaded") is True


def test_without_echarts_the_wall_shows_tables(world: dict[str, Any], screen: Any) -> None:
    page = screen
    page.route("**/vendor/echarts/**", lambda route: route.abort())
    page.goto(f"{world['site']}/bigscreen/")
    sync_api.expect(page.locator("#bs-no-charts")).to_contain_text("图表暂以表格显示")
    sync_api.expect(page.locator("#chart-trend table")).to_be_visible()
    expect(page.locator("#chart-trend tbody tr")).to_have_count(10)
    page.wait_for_timeout(1500)  # the numbers have rolled to their values
    page.screenshot(path=str(SCREENSHOTS / "bigscreen-no-echarts.png"))
