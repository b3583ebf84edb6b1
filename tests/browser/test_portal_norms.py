"""The portal's pages at the widths the product names (1366, 1440, 1920 and
a 390 px phone): no horizontal overflow, no clipped action, no table text one
character a line on the phone, and every entry of the menu on screen (at 1440
the menu used to hide 服务承诺 and 效能投诉 behind a hidden scrollbar). Then
the 好差评 form by keyboard (the chosen face survives a refused submit, the
thank-you page gives a 评价编号) and the 长者模式 toggle, remembered across
pages. Screenshots under var/screenshots/ (docs/screenshots with
XIAONENG_SCREENSHOTS=docs/screenshots)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect
from fitting import misfits
from screenshot_dir import SCREENSHOTS

from xiaoneng.cases import actions
from xiaoneng.org.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

INSTANT = "0100001000620700005"  # 企业名称预先核准 (即办件)
JOINT = "0100090000620700005"  # 企业设立联合审批
WIDTHS = {
    "1366": {"width": 1366, "height": 768},
    "1440": {"width": 1440, "height": 900},
    "1920": {"width": 1920, "height": 1080},
    "390": {"width": 390, "height": 844},
}
PAGES = {
    "home": "/",
    "guides": "/guide/?q=营业执照",
    "guides-none": "/guide/?q=企业设计审批",
    "guide": f"/guide/{JOINT}/",
    "track": "/track/",
    "results": "/results/",
    "ranking": "/ranking/",
    "duties": "/duties/",
    "ratings": "/ratings/",
    "follow": "/ratings/follow/",
    "not-found": "/guide/no-such-item/",
}
SHOTS = {("1440", "home"), ("390", "home"), ("390", "guide"), ("1366", "guides-none")}

# Every menu entry: on screen (inside the window, not clipped by its row).
NAV_JS = """
() => {
  const width = window.innerWidth;
  const out = [];
  for (const a of document.querySelectorAll('nav.pt-nav a')) {
    const r = a.getBoundingClientRect();
    let hidden = r.width === 0 || r.height === 0 || r.left < -1 || r.right > width + 1;
    for (let p = a.parentElement; p && !hidden; p = p.parentElement) {
      const box = p.getBoundingClientRect();
      const s = getComputedStyle(p);
      const out_of_box = r.left < box.left - 1 || r.right > box.right + 1;
      if (s.overflowX !== 'visible' && out_of_box) hidden = true;
    }
    if (hidden) out.push(a.innerText.trim());
  }
  return out;
}
"""


MAIN_HEIGHT_JS = "() => document.querySelector('main').getBoundingClientRect().height"


@pytest.fixture
def browser(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def world(site: str) -> dict[str, Any]:
    window = User.objects.get(username="window")
    case, code = actions.submit_application(
        actor=window, item_code=INSTANT, applicant_name="张掖市祁连绿源农业科技有限公司"
    )
    actions.accept_case(actor=window, case_id=case.pk)  # 即办件: finished at once
    return {"site": site, "case": case, "code": code}


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"portal-norms-{name}.png"), full_page=False)


def test_every_portal_page_fits_every_width(browser: Any, world: dict[str, Any]) -> None:
    site = world["site"]
    problems: list[str] = []
    for size, viewport in WIDTHS.items():
        with checked_page(browser, viewport) as page:
            for name, path in PAGES.items():
                page.goto(f"{site}{path}")
                page.wait_for_load_state("load")
                for misfit in misfits(page, phone=size == "390"):
                    problems.append(f"{size} {name}: {misfit}")
                hidden = page.evaluate(NAV_JS)
                if hidden:
                    problems.append(f"{size} {name}: menu entries off screen {hidden}")
                if (size, name) in SHOTS:
                    _shot(page, f"{name}-{size}")
            nav = page.locator("nav.pt-nav")
            for entry in ("服务承诺", "效能投诉", "目标晒台"):
                expect(nav.get_by_role("link", name=entry, exact=True)).to_be_visible()
    assert not problems, "\n".join(problems)


def test_the_rating_form_by_keyboard(browser: Any, world: dict[str, Any]) -> None:
    site, case, code = world["site"], world["case"], world["code"]
    with checked_page(browser, WIDTHS["1366"]) as page:
        page.goto(f"{site}/ratings/?no={case.tracking_no}")
        page.fill("#r-code", code)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_selector("[data-levels]")
        # Tab reaches the faces; arrows move the choice as in any radio group.
        page.focus("#r-level-1")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(page.locator("#r-level-4")).to_be_checked()
        _shot(page, "rating-1366")
        # A bad rating without a reason is refused; the face stays chosen.
        page.get_by_role("button", name="提交评价").click()
        expect(page.locator("[role=alert]")).to_contain_text("差评请勾选存在问题的评价指标")
        expect(page.locator("#r-level-4")).to_be_checked()
        page.locator("input[name=criteria]").first.check()
        page.fill("#r-comment", "窗口告知的材料要求与办事指南不一致")
        page.get_by_role("button", name="提交评价").click()
        reference = page.locator("[data-reference]")
        expect(reference).to_have_text(re.compile(r"^PJ\d{14}$"))
        ref = reference.inner_text()
        _shot(page, "rating-thanks-1366")
        page.get_by_role("link", name="查询评价处理情况").click()
        page.fill("#f-code", code)
        page.locator("#f-code").press("Enter")
        expect(page.locator("[data-rectification-status]")).to_have_text("整改中")
        assert ref in page.inner_text("[data-followed]")


def test_the_elder_mode_is_remembered(browser: Any, world: dict[str, Any]) -> None:
    site = world["site"]
    with checked_page(browser, WIDTHS["1440"]) as page:
        page.goto(f"{site}/")
        size = page.evaluate(MAIN_HEIGHT_JS)
        toggle = page.locator("[data-elder-toggle]")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(page.locator("html")).to_have_class(re.compile(r"\bpt-elder\b"))
        bigger = page.evaluate(
            "() => document.querySelector('main').getBoundingClientRect().height"
        )
        assert bigger > size * 1.1
        page.goto(f"{site}/guide/{JOINT}/")
        expect(page.locator("html")).to_have_class(re.compile(r"\bpt-elder\b"))
        expect(page.locator("[data-elder-toggle]")).to_have_text("退出长者模式")
        assert not misfits(page)
        _shot(page, "elder-guide-1440")
        page.locator("[data-elder-toggle]").click()
        expect(page.locator("html")).not_to_have_class(re.compile(r"\bpt-elder\b"))
    with checked_page(browser, WIDTHS["390"]) as phone:
        phone.goto(f"{site}/")
        phone.locator("[data-elder-toggle]").click()
        assert not misfits(phone, phone=True), misfits(phone, phone=True)
        _shot(phone, "elder-home-390")
