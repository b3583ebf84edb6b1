"""办事指南: search in Chinese and pinyin initials, browse by department and
life event, one guide per published item with the full one-time list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from portal_world import INSTANT, JOINT

from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.org.models import User
from xiaoneng.portal.events import EVENTS_BY_SLUG, event_codes
from xiaoneng.portal.search import pinyin_codes, pinyin_index, pinyin_of, search_items

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


def test_pinyin_of_a_name() -> None:
    assert pinyin_of("企业设立联合审批") == ("qysllhsp", "qiyeshelilianheshenpi")
    assert pinyin_of("《药品经营许可证》核发")[0] == "ypjyxkzhf"


def test_initials_find_the_item(catalog: None) -> None:
    names = list(search_items("qysl").values_list("name", flat=True))
    assert "企业设立联合审批" in names
    assert all("企业设立" in n for n in names)
    assert "企业设立联合审批" in search_items("QYSL").values_list("name", flat=True)
    assert "企业设立联合审批" in search_items("qiyesheli").values_list("name", flat=True)


def test_chinese_keyword_and_department(catalog: None) -> None:
    names = set(search_items("施工许可").values_list("name", flat=True))
    # 商品房预售许可 asks for the 建筑工程施工许可证 among its materials.
    assert names == {"建筑工程施工许可证核发", "商品房预售许可"}
    by_dept = set(search_items("工商").values_list("department__name", flat=True))
    assert by_dept == {"张掖市工商行政管理局"}
    assert not search_items("no-such-thing").exists()


def test_only_published_items_are_found(catalog: None) -> None:
    draft = ApprovalItem.objects.exclude(status=ItemStatus.PUBLISHED).values_list("name", flat=True)
    assert draft
    found = set(search_items("").values_list("name", flat=True))
    assert not found & set(draft)


def test_index_follows_the_catalog(users: dict[str, User], catalog: None) -> None:
    before = len(pinyin_index())
    item = ApprovalItem.objects.get(code=INSTANT)
    catalog_actions.suspend_item(actor=users["admin"], item=item, reason="测试暂停")
    assert len(pinyin_index()) == before - 1
    assert INSTANT not in pinyin_codes("qymcyxhz")


def test_life_events_cover_the_demo(catalog: None) -> None:
    index = pinyin_index()
    business = {i.name for i in index if i.code in event_codes(EVENTS_BY_SLUG["business"], index)}
    assert {"企业名称预先核准", "企业设立联合审批", "有限责任公司设立登记"} <= business
    construction = event_codes(EVENTS_BY_SLUG["construction"], index)
    assert "0100091000620700002" in construction  # 建设项目并联审批
    assert "0100028000620700012" in construction  # 施工许可


def test_guides_page_searches_by_initials(client: Client, catalog: None) -> None:
    html = _text(client.get("/guide/", {"q": "qysl"}))
    assert "企业设立联合审批" in html
    assert "建筑工程施工许可证核发" not in html
    assert "检索到" in html


def test_guides_page_browses_by_event_department_and_audience(
    client: Client, catalog: None
) -> None:
    html = _text(client.get("/guide/", {"event": "construction"}))
    assert "建设项目并联审批" in html
    assert "企业名称预先核准" not in html
    assert 'aria-current="page"' in html
    html = _text(client.get("/guide/", {"dept": "620700013"}))
    assert "建设项目环境影响报告书审批" in html
    assert "企业名称预先核准" not in html
    html = _text(client.get("/guide/", {"who": "person", "event": "business"}))
    assert "个体工商户名称预先核准" in html
    assert "旅行社设立许可" not in html  # 旅行社: 法人 only


def test_guides_page_bad_input_is_not_an_error(client: Client, catalog: None) -> None:
    for params in ({"page": "x"}, {"page": "999"}, {"event": "nope"}, {"who": "x"}):
        assert client.get("/guide/", params).status_code == 200
    html = _text(client.get("/guide/", {"q": "<script>x</script>"}))
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html
    assert "没有找到符合条件的事项" in html


def test_guide_has_every_section_and_the_full_material_list(client: Client, catalog: None) -> None:
    response = client.get(f"/guide/{JOINT}/")
    assert response.status_code == 200
    html = _text(response)
    for section in (
        "基本信息",
        "办理地点时间",
        "申请条件",
        "申报材料",
        "特殊环节",
        "办理流程",
        "收费标准",
        "设定依据",
        "常见问题",
    ):
        assert f">{section}</h2>" in html or f">{section} <small>" in html, section
    item = ApprovalItem.objects.get(code=JOINT)
    for material in item.materials.all():
        assert material.name in html
    assert (
        html.count('<span class="xn-tag xn-tag-red">必需</span>')
        == item.materials.filter(required=True).count()
    )
    assert "5</strong> 个工作日" in html  # committed
    assert "45</strong> 个工作日" in html  # legal (joint handling)
    assert "市工商局驻政务服务中心窗口" in html
    assert "12345" in html
    assert "效能投诉中心" in html
    assert "0936-8212345" in html
    assert f'href="/cases/apply/{JOINT}/"' in html
    # The flow diagram: one box per procedure line, between 申请 and 办结.
    steps = re.findall(r'<li class="ps-flow-step"><b>(\d+)</b><span>([^<]+)</span>', html)
    assert [s for _, s in steps] == item.procedure_steps
    assert "质监、公安同步会签" in html
    assert "张掖市质量技术监督局" in html  # co-department
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_instant_item_needs_one_visit(client: Client, catalog: None) -> None:
    html = _text(client.get(f"/guide/{INSTANT}/"))
    assert "<dt>到现场次数</dt><dd><strong>1</strong> 次" in html
    assert "当场办结" in html
    assert "无特殊环节" in html
    assert "问：预先核准的名称保留多久？" in html


def test_guide_of_a_fee_item_shows_the_standard(client: Client, catalog: None) -> None:
    html = _text(client.get("/guide/0700032000620700012/"))
    assert "住房每件80元" in html


def test_guide_of_an_unpublished_item_is_404(client: Client, catalog: None) -> None:
    draft = ApprovalItem.objects.filter(status=ItemStatus.DRAFT).first()
    assert draft is not None
    assert client.get(f"/guide/{draft.code}/").status_code == 404
    assert client.get("/guide/nope/").status_code == 404


def test_guide_prints_on_a4(client: Client) -> None:
    response = client.get("/static/portal/portal-services.css")
    css = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "@media print" in css
    assert "size: A4" in css
