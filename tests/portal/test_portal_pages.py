"""The public portal: what a citizen sees without signing in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.city_data import COUNTIES, DEPARTMENTS


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


@pytest.mark.django_db
def test_home_lists_departments_and_counties(client: Client) -> None:
    load_demo_city()
    response = client.get("/")
    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="zh-Hans">' in html
    assert "张掖市政务服务网" in html
    for _code, name, _short, _functions in DEPARTMENTS:
        assert name in html
    for _code, _name, short in COUNTIES:
        assert short in html
    assert "?dept=620700005" in html  # a department links to its published duties


@pytest.mark.django_db
def test_home_shows_channels_promises_and_staff_login(client: Client) -> None:
    load_demo_city()
    html = _text(client.get("/"))
    assert "12345" in html
    for principle in ("岗位责任制", "服务承诺制", "限时办结制", "责任追究制", "一次性告知制"):
        assert principle in html
    assert "岗位责任制公示" in html
    assert 'href="/accounts/login/"' in html
    assert 'action="/guide/"' in html  # the search box searches the service guides
    assert "<main" in html
    assert "<nav" in html
    assert "<footer" in html
    assert "市工商局驻政务服务中心窗口" in html
    assert re.search(r"窗口(正常办理|暂停办理)", html)
    assert not re.search(r'(src|href)="(https?:)?//', html), "no asset may come from another host"


@pytest.mark.django_db
def test_home_renders_before_any_data(client: Client) -> None:
    html = _text(client.get("/"))
    assert "部门信息正在整理中" in html


@pytest.mark.django_db
def test_duties_lists_published_positions(client: Client) -> None:
    load_demo_city()
    html = _text(client.get("/duties/"))
    assert "窗口受理岗" in html
    assert "电子监察岗" in html
    assert "责任追究" in html


@pytest.mark.django_db
def test_duties_keyword_filter(client: Client) -> None:
    load_demo_city()
    html = _text(client.get("/duties/", {"q": "投诉"}))
    assert "投诉受理岗" in html
    assert "注册审查岗" not in html
    assert "检索到" in html


@pytest.mark.django_db
def test_duties_department_filter_includes_its_offices_and_windows(client: Client) -> None:
    load_demo_city()
    html = _text(client.get("/duties/", {"dept": "620700005"}))
    for name in ("窗口受理岗", "注册审查岗", "局长"):
        assert name in html
    assert "电子监察岗" not in html
    assert 'value="620700005" selected' in html


@pytest.mark.django_db
def test_duties_search_without_match_says_so(client: Client) -> None:
    load_demo_city()
    html = _text(client.get("/duties/", {"q": "<script>x</script>"}))
    assert "没有找到符合条件的公示岗位" in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_duties_bad_page_number_is_not_an_error(client: Client) -> None:
    load_demo_city()
    assert client.get("/duties/", {"page": "abc"}).status_code == 200
    assert client.get("/duties/", {"page": "999"}).status_code == 200
