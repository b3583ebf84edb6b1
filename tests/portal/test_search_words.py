"""Search that finds what people type: result names (营业执照 finds
有限责任公司设立登记), materials, and the administrator's dictionary of
synonyms and hot words (through an audited action); suggestions when
nothing matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.org.models import User
from xiaoneng.portal import actions
from xiaoneng.portal.models import SearchWord
from xiaoneng.portal.search import expanded, hot_words, search_items, suggestions

pytestmark = pytest.mark.django_db


def _names(query: str) -> set[str]:
    return set(search_items(query).values_list("name", flat=True))


def test_what_an_item_issues_finds_it(catalog: None) -> None:
    assert "有限责任公司设立登记" in _names("营业执照")


def test_a_seeded_synonym_widens_the_search(catalog: None) -> None:
    assert "设立登记" in expanded("营业执照")
    assert "食品经营许可" in expanded("食品")
    assert "餐饮服务许可证核发" in _names("食品")
    assert {"营业执照", "身份证", "食品"} <= set(hot_words())


def test_the_administrator_adds_a_synonym_audited(catalog: None, users: dict[str, User]) -> None:
    assert not _names("开饭馆")
    row = actions.save_search_word(actor=users["admin"], word="开饭馆", terms="食品经营，餐饮")
    assert row.term_list() == ["食品经营", "餐饮"]
    assert "餐饮服务许可证核发" in _names("开饭馆")
    event = AuditEvent.objects.filter(event_type="portal.search_word_saved").latest("pk")
    assert event.payload["word"] == "开饭馆"
    actions.delete_search_word(actor=users["admin"], pk=row.pk)
    assert not _names("开饭馆")
    assert AuditEvent.objects.filter(event_type="portal.search_word_deleted").exists()


def test_only_the_catalog_manager_edits_the_dictionary(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_search_word(actor=users["window"], word="护照", terms="出入境")
    with pytest.raises(InvalidInput) as refused:
        actions.save_search_word(actor=users["admin"], word="护照", terms="  ")
    assert refused.value.code == "search_word_terms_required"
    assert not SearchWord.objects.filter(word="护照").exists()


def test_nothing_found_suggests(client: Client, catalog: None) -> None:
    assert [e.name for e in suggestions("企业设计")][:1] == ["企业设立联合审批"]
    html = client.get("/guide/", {"q": "企业设计审批"}).content.decode()
    assert "没有找到符合条件的事项" in html
    assert "您是不是要找" in html
    assert "企业设立联合审批" in html.split("data-suggest", 1)[1]
    assert "大家都在搜" in html


def test_the_guide_page_offers_hot_words(client: Client, catalog: None) -> None:
    html = client.get("/guide/").content.decode()
    hot = html.split("data-hot-words", 1)[1].split("</p>", 1)[0]
    assert "营业执照" in hot
    found = client.get("/guide/", {"q": "营业执照"}).content.decode()
    assert "有限责任公司设立登记" in found
    assert "您是不是要找" not in found


def test_the_admin_page_saves_through_the_action(client: Client, login: Any, catalog: None) -> None:
    login("admin")
    response = client.post(
        "/admin/portal/searchword/add/", {"word": "办证", "terms": "许可证", "sort": "0"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchWord.objects.get(word="办证").terms == "许可证"
    assert AuditEvent.objects.filter(
        event_type="portal.search_word_saved", payload__word="办证"
    ).exists()
    refused = client.post(
        "/admin/portal/searchword/add/", {"word": "空词", "terms": "", "sort": "0"}
    )
    assert "请填写同义词，或将该词设为热词" in refused.content.decode()
