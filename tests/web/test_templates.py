"""The signed-in shell, the login page and the tokens page as a person gets them:
through the real login form, with the demo city built by its loader."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import Client

from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.web.templatetags import xn

# username -> the workbench title that role lands on
WORKBENCHES = {
    "admin": "系统管理员工作台",
    "mayor": "市长工作台",
    "leader": "分管领导工作台",
    "supervisor": "电子监察工作台",
    "complaint": "效能投诉工作台",
    "inspector": "政府督查工作台",
    "depthead": "部门负责人工作台",
    "reviewer": "审核人员工作台",
    "window": "窗口工作台",
    "agent": "帮办代办工作台",
    "applicant": "申请人工作台",
}


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


def _sign_in(client: Client, username: str) -> Client:
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, _text(response)[:500]
    return client


def _page_as(client: Client, username: str, url: str, status: int = 200) -> str:
    """The demo city loaded, `username` signed in: the page's HTML, its status checked."""
    load_demo_city()
    _sign_in(client, username)
    response = client.get(url)
    assert response.status_code == status
    return _text(response)


# --- login page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_renders_standalone(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="zh-Hans">' in html
    assert "张掖市政府工作效能平台" in html
    assert "转作风" in html
    assert "提效能" in html
    assert "张政发〔2012〕20号" in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "xn-aside" not in html  # no side navigation before signing in


@pytest.mark.django_db
def test_login_page_lists_demo_accounts_in_demo_mode(client: Client, settings: Any) -> None:
    settings.DEMO_MODE = True
    html = _text(client.get("/accounts/login/"))
    for username in WORKBENCHES:
        assert f'data-xn-fill-username="{username}"' in html
    for role in (
        "系统管理员",
        "市长",
        "分管领导",
        "监察局（电子监察）",
        "效能投诉中心",
        "政府督查室",
        "部门负责人",
        "部门审核人员",
        "窗口工作人员",
        "帮办代办员",
        "申请人",
    ):
        assert role in html
    assert DEMO_PASSWORD in html
    assert "演示环境" in html


@pytest.mark.django_db
def test_login_page_hides_demo_accounts_outside_demo_mode(client: Client, settings: Any) -> None:
    settings.DEMO_MODE = False
    html = _text(client.get("/accounts/login/"))
    assert "data-xn-fill-username" not in html
    assert DEMO_PASSWORD not in html
    assert "演示环境" not in html


@pytest.mark.django_db
def test_wrong_password_shows_the_error(client: Client) -> None:
    load_demo_city()
    response = client.post("/accounts/login/", {"username": "window", "password": "wrong-one"})
    assert response.status_code == 401
    html = _text(response)
    assert 'data-error-code="login_failed"' in html
    assert "登录失败" in html
    assert "用户名或密码错误" in html
    assert 'value="window"' in html  # the user name is kept


@pytest.mark.django_db
def test_locked_account_shows_a_distinct_error(client: Client) -> None:
    load_demo_city()
    response = None
    for _ in range(10):
        response = client.post("/accounts/login/", {"username": "reviewer", "password": "nope"})
        if response.status_code == 423:
            break
    assert response is not None
    assert response.status_code == 423
    html = _text(response)
    assert 'data-error-code="account_locked"' in html
    assert "账号已锁定" in html
    assert "xn-alert-locked" in html


@pytest.mark.django_db
def test_login_form_keeps_next(client: Client) -> None:
    html = _text(client.get("/accounts/login/?next=/workbench/duties/"))
    assert 'name="next" value="/workbench/duties/"' in html


# --- workbenches ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "title"), list(WORKBENCHES.items()))
def test_each_role_signs_in_to_its_workbench(client: Client, username: str, title: str) -> None:
    html = _page_as(client, username, "/workbench/")
    assert f'<h1 class="xn-page-title">{title}</h1>' in html
    assert "未来两周工作日历" in html
    assert html.count('class="xn-day ') == 14
    assert "数据权限" in html
    assert "我的岗位职责" in html
    # the shell: product name, the user's name, a logout form with CSRF, htmx served locally
    assert "张掖市政府工作效能平台" in html
    assert 'action="/accounts/logout/"' in html
    assert "csrfmiddlewaretoken" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no asset may come from another host"


@pytest.mark.django_db
def test_window_workbench_shows_duties_colleagues_and_date(client: Client) -> None:
    html = _page_as(client, "window", "/workbench/")
    assert "周敏" in html
    assert "窗口受理岗" in html
    assert "一次性告知" in html
    assert "本部门同事" in html
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 星期[一二三四五六日]", html)
    assert 'data-day-kind="' in html
    assert 'aria-current="page"' in html  # the active menu item


@pytest.mark.django_db
def test_leader_workbench_lists_departments_in_charge(client: Client) -> None:
    html = _page_as(client, "leader", "/workbench/")
    assert "分管部门" in html
    assert "张掖市发展和改革委员会" in html
    assert "张掖市政务服务中心" in html


@pytest.mark.django_db
def test_admin_and_supervisor_see_the_audit_panel(client: Client) -> None:
    html = _page_as(client, "admin", "/workbench/")
    assert "最新审计事件" in html
    assert "安全概况" in html
    assert "新增用户" in html or "分配分管部门" in html
    client.logout()
    _sign_in(client, "supervisor")
    html = _text(client.get("/workbench/"))
    assert "最新审计事件" in html
    assert "安全概况" not in html


@pytest.mark.django_db
def test_demo_ribbon_follows_demo_mode(client: Client, settings: Any) -> None:
    load_demo_city()
    _sign_in(client, "window")
    settings.DEMO_MODE = True
    assert "演示环境" in _text(client.get("/workbench/"))
    settings.DEMO_MODE = False
    assert "演示环境" not in _text(client.get("/workbench/"))


@pytest.mark.django_db
def test_logout_is_a_post_and_returns_to_login(client: Client) -> None:
    load_demo_city()
    _sign_in(client, "window")
    response = client.post("/accounts/logout/", follow=True)
    assert response.status_code == 200
    assert "您已安全退出" in _text(response)


@pytest.mark.django_db
def test_duties_page(client: Client) -> None:
    html = _page_as(client, "reviewer", "/workbench/duties/")
    assert "注册审查岗" in html
    assert "本部门岗位职责公示" in html
    assert "责任追究" in html


@pytest.mark.django_db
def test_org_page_shows_the_tree(client: Client) -> None:
    html = _page_as(client, "admin", "/workbench/org/")
    assert "张掖市人民政府" in html
    assert "张掖市工商行政管理局" in html
    assert "市工商局企业注册科" in html  # an office under its department
    assert "甘州区人民政府" in html
    assert "data-xn-tree" in html


@pytest.mark.django_db
def test_applicant_cannot_open_org(client: Client) -> None:
    assert "无权访问此页面" in _page_as(client, "applicant", "/workbench/org/", status=403)


@pytest.mark.django_db
def test_not_found_page_is_in_chinese(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in _text(response)


def test_server_error_page_renders_without_context() -> None:
    html = get_template("500.html").render({})
    assert "系统暂时无法处理您的请求" in html
    assert 'lang="zh-Hans"' in html


# --- API tokens -------------------------------------------------------------------------


@pytest.mark.django_db
def test_tokens_create_shows_secret_once_then_revoke(client: Client) -> None:
    html = _page_as(client, "window", "/accounts/tokens/")
    assert "暂无令牌" in html
    response = client.post("/accounts/tokens/", {"name": "市政务服务网对接", "days": 30})
    html = _text(response)
    assert "data-new-secret" in html
    secret = re.search(r'<code id="new-secret">([^<]+)</code>', html)
    assert secret
    assert secret.group(1).startswith("xn_")
    assert "有效" in html
    assert "市政务服务网对接" in html
    token_id = re.search(r'name="revoke" value="(\d+)"', html)
    assert token_id
    again = _text(client.get("/accounts/tokens/"))
    assert secret.group(1) not in again  # shown once
    response = client.post("/accounts/tokens/", {"revoke": token_id.group(1)}, follow=True)
    html = _text(response)
    assert "令牌已吊销" in html
    assert "已吊销" in html


# --- template helpers --------------------------------------------------------------------


def test_cn_date_and_weekday() -> None:
    assert xn.cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert xn.cn_weekday(date(2026, 11, 28)) == "星期六"
    assert xn.cn_weekday_short(date(2026, 11, 30)) == "周一"
    assert xn.cn_month_day(date(2026, 1, 9)) == "1月9日"
    assert xn.cn_date(None) == ""


def test_cn_date_converts_to_shanghai() -> None:
    late_utc = datetime(2026, 3, 4, 17, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 next day in Shanghai
    assert xn.cn_date(late_utc) == "2026年3月5日"
    assert xn.cn_datetime(late_utc) == "2026年3月5日 01:30"
    assert xn.cn_time(late_utc) == "01:30:00"


def test_day_kind() -> None:
    assert xn.day_kind({"date": date(2026, 11, 27), "workday": True, "name": ""}) == "workday"
    assert xn.day_kind({"date": date(2026, 11, 28), "workday": False, "name": ""}) == "weekend"
    assert xn.day_kind({"date": date(2026, 10, 1), "workday": False, "name": "国庆节"}) == "holiday"
    assert xn.day_kind({"date": date(2026, 9, 27), "workday": True, "name": "国庆节"}) == "makeup"


def test_filters_in_a_template() -> None:
    html = Template("{% load xn %}{{ d|cn_date }} {{ d|cn_weekday }} {{ h|short_hash:6 }}").render(
        Context({"d": date(2026, 11, 28), "h": "abcdef0123456789"})
    )
    assert html == "2026年11月28日 星期六 abcdef…"


@pytest.mark.django_db
def test_admin_is_branded(client: Client) -> None:
    html = _page_as(client, "admin", "/admin/")
    assert "张掖市政府工作效能平台 · 系统管理" in html
    assert "/static/web/css/admin.css" in html
    assert "返回工作台" in html
