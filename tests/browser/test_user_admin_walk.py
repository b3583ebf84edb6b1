"""系统管理 in a real browser at 1366×768: the administrator makes a role
with its data scope, adds a user with that role, hands over the temporary
password; the new user signs in, must set a password of their own, and
then works with the role's menu. Screenshots: docs/screenshots/admin-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import Department, Role, User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SMALL_LAPTOP = {"width": 1366, "height": 768}
NEW_PASSWORD = "Heihe#River2026"


@pytest.fixture
def site(live_server: Any) -> str:
    load_demo_city()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _fits(page: Any) -> None:
    """No horizontal overflow at this width: every action is reachable."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"


def test_admin_adds_a_user_who_must_set_a_password(browser: Any, site: str) -> None:
    window_unit = Department.objects.get(code="620700005W")
    with checked_page(browser, SMALL_LAPTOP) as page:
        sign_in(page, site, "admin")
        page.get_by_role("link", name="用户管理").first.click()
        expect(page.get_by_role("heading", name="用户管理", level=1)).to_be_visible()
        expect(page.locator("[data-users] tbody tr[data-user]")).to_have_count(10)
        assert "$" not in page.locator("[data-users]").inner_text()
        _fits(page)
        _shot(page, "admin-users")

        # 角色管理: a role for the 工商 window with its data scope.
        page.get_by_role("link", name="角色管理").first.click()
        page.get_by_role("link", name="新增角色").click()
        page.fill("#id_code", "window_general")
        page.fill("#id_name", "综合受理窗口")
        page.check("input[name=data_scope][value=dept]")
        for code in ("org.view", "calendar.view", "case.intake"):
            page.check(f"input[name=permissions][value='{code}']")
        _fits(page)
        _shot(page, "admin-role")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("tr[data-role=window_general]")).to_contain_text("本部门数据")
        role = Role.objects.get(code="window_general")

        # 用户管理 → 新增用户, in that unit with that role.
        page.goto(f"{site}/system/users/new/")
        page.fill("#id_username", "wangfang")
        page.fill("#id_real_name", "王芳")
        page.select_option("#id_department", str(window_unit.pk))
        page.fill("#id_title", "窗口受理员")
        page.fill("#id_phone", "13893601234")
        page.check(f"input[name=roles][value='{role.pk}']")
        _fits(page)
        _shot(page, "admin-user-new")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("heading", name="用户已创建", level=1)).to_be_visible()
        temporary = page.locator("[data-password]").inner_text().strip()
        assert len(temporary) >= 12
        _shot(page, "admin-user-password")

        # The list finds her, phone masked; her page offers reset and unlock.
        page.goto(f"{site}/system/users/?q=wangfang")
        row = page.locator("tr[data-user=wangfang]")
        expect(row).to_contain_text("王芳")
        expect(row).to_contain_text("138****1234")
        expect(row).to_contain_text("待改密码")
        row.get_by_role("link", name="修改").click()
        expect(page.locator("[data-user-reset]")).to_be_visible()
        expect(page.locator("[data-user-unlock]")).to_be_visible()
        _fits(page)
        _shot(page, "admin-user-edit")

        page.goto(f"{site}/system/departments/")
        _fits(page)
        _shot(page, "admin-departments")

    with checked_page(browser, SMALL_LAPTOP) as page:
        page.goto(f"{site}/accounts/login/")
        page.fill("#id_username", "wangfang")
        page.fill("#id_password", temporary)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/accounts/password/"))
        expect(page.locator("[data-password-temporary]")).to_be_visible()
        _shot(page, "admin-first-sign-in")
        # Nothing else opens before the password is hers.
        page.goto(f"{site}/workbench/")
        page.wait_for_url(re.compile(r"/accounts/password/"))
        page.fill("#id_old_password", temporary)
        page.fill("#id_new_password", NEW_PASSWORD)
        page.fill("#id_new_password2", NEW_PASSWORD)
        page.get_by_role("button", name="修改密码").click()
        page.wait_for_url(re.compile(r"/workbench/"))
        expect(page.get_by_role("link", name="收件受理").first).to_be_visible()
        assert not User.objects.get(username="wangfang").must_change_password

    # A non-admin opening the admin site gets the staff 403 page.
    with checked_page(browser, SMALL_LAPTOP) as page:
        sign_in(page, site, "window")
        response = page.goto(f"{site}/admin/")
        assert response is not None
        assert response.status == 403
        expect(page.get_by_role("heading", name="无权访问此页面")).to_be_visible()
