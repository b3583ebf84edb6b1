"""A citizen's whole walk on the public portal, in a real browser, across the
2026 Labour Day holiday (1–5 May off; Saturday 9 May a make-up working day):

- Mon 27 Apr: a new visitor finds 企业设立联合审批 by pinyin initials and by
  keyword, reads its full material list, signs in through 法人登录 as the
  demo `applicant` from the guide's 在线申请 and applies online; the page shows the tracking
  number and the query code once. In a new, anonymous browser the case is
  tracked on /track/ with them.
- Tue 28 Apr – Thu 30 Apr: staff finish it through the case actions (window
  accepts, 质监 and 公安 give their opinions, the head decides, the window
  delivers).
- Thu 30 Apr: the tracking page offers 评价本次服务; the rating form opens
  with the tracking number filled in (the code typed again, never in a
  link) and the citizen rates it 不满意 with a reason.
- The same day `depthead` sees the rectification on the 差评整改 desk, due
  5 working days on (`rating.rectify_days`): 6, 7, 8, Sat 9 and Mon 11 May,
  and in the notification bell.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.public_accounts import load_demo_public_accounts
from xiaoneng.org.models import User
from xiaoneng.system.params import get_param

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

JOINT = "0100090000620700005"  # 企业设立联合审批 (市工商局; opinions of 质监 and 公安)
APPLIED, ACCEPTED, DECIDED, DELIVERED = (
    date(2026, 4, 27),
    date(2026, 4, 28),
    date(2026, 4, 29),
    date(2026, 4, 30),
)
RECTIFY_BY = date(2026, 5, 11)  # 30 Apr + 5 working days across 1–5 May (Sat 9 May works)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _finish(case: Case) -> None:
    """The staff's part, through the case actions, each on its own day."""
    names = ["window", "zhijian", "gongan", "depthead"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    with travel_everywhere(ACCEPTED):
        actions.accept_case(actor=users["window"], case_id=case.pk)
        for co in ("zhijian", "gongan"):
            actions.give_opinion(
                actor=users[co], case_id=case.pk, agrees=True, opinion="符合条件，同意"
            )
    with travel_everywhere(DECIDED):
        actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    with travel_everywhere(DELIVERED):
        actions.deliver_case(actor=users["window"], case_id=case.pk)


def test_find_apply_track_rate_and_rectify(browser: Any, site: str) -> None:
    load_demo_public_accounts()  # `applicant` signs in as the 法人 of 祁连绿源
    materials = list(ApprovalItem.objects.get(code=JOINT).materials.values_list("name", flat=True))

    # Mon 27 Apr: find the guide, read the materials, sign in from 在线申请, apply.
    with travel_everywhere(APPLIED), desktop_page(browser) as page:
        page.goto(f"{site}/")
        page.fill("#pt-q", "qysllhsp")  # 企业设立联合审批 by its pinyin initials
        page.press("#pt-q", "Enter")
        page.wait_for_url("**/guide/?q=qysllhsp")
        assert page.get_by_role("link", name="企业设立联合审批").count() >= 1
        page.fill("#g-q", "企业设立")  # and by keyword, from the guides' own search box
        page.press("#g-q", "Enter")
        page.wait_for_url(lambda url: "/guide/?q=" in url and "qysllhsp" not in url)
        assert unquote(urlparse(page.url).query).startswith("q=企业设立")
        page.get_by_role("link", name="企业设立联合审批").first.click()
        page.wait_for_url(f"**/guide/{JOINT}/")
        page.click("a[href='#s-materials']")
        table = page.locator(".ps-materials")
        assert table.locator("tbody tr").count() == len(materials)
        for name in materials:
            expect(table.get_by_text(name, exact=True)).to_have_count(1)
        page.get_by_role("link", name="在线申请").click()
        page.wait_for_url("**/portal/login/**")  # the public login, never the staff one
        page.click("[data-tab=enterprise]")
        page.fill("#id_identifier", "applicant")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("[data-public-login] button[type=submit]")
        page.wait_for_url(f"**/cases/apply/{JOINT}/")
        expect(page.locator("[data-apply-form]")).to_be_visible()
        page.fill("#id_summary", "新设农业科技有限公司，申请企业设立联合审批")
        page.click("[data-apply-form] button[type=submit]")
        page.wait_for_selector('[data-outcome="applied"]')
        tracking_no = page.inner_text("[data-tracking-no]").strip()
        code = page.inner_text("[data-code]").strip()
        assert tracking_no
        assert code
        page.screenshot(path=str(SCREENSHOTS / "walk-citizen-applied.png"), full_page=True)
    case = Case.objects.get(tracking_no=tracking_no)
    assert case.item.code == JOINT
    assert case.received_on == APPLIED

    # The same day, anonymous, in a new browser: track it with the code.
    with travel_everywhere(APPLIED), desktop_page(browser) as page:
        page.goto(f"{site}/track/")
        page.fill("#t-no", tracking_no)
        page.fill("#t-code", code)
        page.click(".ps-track-actions button")
        page.wait_for_selector(".ps-case")
        text = page.inner_text(".ps-case")
        assert "企业设立联合审批" in text
        assert "2026年4月27日" in text
        assert "data-rate" not in page.content()  # not finished: nothing to rate yet

    _finish(case)

    # Thu 30 Apr: finished; rate it from the tracking page.
    with travel_everywhere(DELIVERED), desktop_page(browser) as page:
        page.goto(f"{site}/track/")
        page.fill("#t-no", tracking_no)
        page.fill("#t-code", code)
        page.click(".ps-track-actions button")
        page.wait_for_selector(".ps-case")
        assert "已送达（办结）" in page.inner_text(".ps-case")
        link = page.get_by_role("link", name="评价本次服务")
        href = link.get_attribute("href") or ""
        assert href == f"/ratings/?no={tracking_no}"
        assert code not in href
        link.click()
        page.wait_for_url(f"**/ratings/?no={tracking_no}")
        assert code not in page.url
        assert page.input_value("#r-no") == tracking_no
        page.fill("#r-code", code)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_selector("#case-title")
        assert code not in urlparse(page.url).query
        page.check('input[name=level][value="4"]')  # 不满意
        page.locator("input[name=criteria]").first.check()
        page.fill("#r-comment", "窗口告知的材料要求与办事指南不一致，多跑了一趟")
        page.get_by_role("button", name="提交评价").click()
        expect(page.locator('[data-level="4"]')).to_have_text("不满意")

    # The rectification: due `rating.rectify_days` working days after the rating.
    days = get_param("rating.rectify_days")
    assert current_calendar().add_workdays(DELIVERED, days) == RECTIFY_BY

    with travel_everywhere(DELIVERED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        bell = page.locator(".xs-bell")
        assert int(bell.get_attribute("data-unread") or 0) >= 1
        page.goto(f"{site}/ratings/desk/")
        row = page.locator("[data-rectifications] tbody tr", has_text=tracking_no)
        assert row.count() == 1
        cells = row.locator("td")
        assert "不满意" in cells.nth(0).inner_text()
        assert "企业设立联合审批" in cells.nth(1).inner_text()
        assert cells.nth(3).inner_text() == "2026年4月30日"
        assert cells.nth(4).inner_text() == "2026年5月11日"
        page.screenshot(path=str(SCREENSHOTS / "walk-citizen-rectification.png"), full_page=True)
        bell.click()
        page.wait_for_selector("[data-notifications]")
        note = page.locator('[data-kind="rating.rectification"]')
        assert note.count() == 1
        assert "企业设立联合审批" in note.inner_text()
        assert "2026-05-11 前整改" in note.inner_text()
