"""执法公示, the public pages (no sign-in): the bodies, the published lists
with benchmarks (not the unpublished or repealed), the officers with a
certificate valid today, and the published decisions — a natural person
masked, never his ID number, phone or address, not even when an officer
typed them into the facts; a person not found by name; bad ?page never a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import Certificate, Item, PenaltyCase
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 20)
ID_NO = "620102199003071234"
PHONE = "13919261234"
ADDRESS = "张掖市甘州区县府街88号3单元502室"


def case(item: Item, users: dict[str, User], **extra: Any) -> PenaltyCase:
    """A decided, published penalty case written as a row (the cases part's
    actions are not what these tests test)."""
    fields: dict[str, Any] = {
        "body": item.body,
        "item": item,
        "status": "closed",
        "number": "张工商立〔2026〕3号",
        "party_kind": "person",
        "party_name": "李秀英",
        "party_id_no": ID_NO,
        "party_phone": PHONE,
        "party_address": ADDRESS,
        "facts": (
            f"当事人李秀英（身份证号{ID_NO}，电话{PHONE}）未取得营业执照在{ADDRESS}经营小吃店。"
        ),
        "place": ADDRESS,
        "violated_on": date(2026, 3, 1),
        "source": "inspection",
        "found_on": date(2026, 3, 2),
        "outcome": "penalty",
        "grade": "lighter",
        "fine": Decimal("6000"),
        "penalties": ["fine", "confiscate"],
        "decision_no": "张工商罚〔2026〕5号",
        "decided_on": date(2026, 4, 20),
        "published_on": date(2026, 4, 24),
        "created_by": users["zhifa"],
    }
    fields.update(extra)
    return PenaltyCase.objects.create(**fields)


def get(client: Client, url: str) -> str:
    with travel_to(DAY):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_home_page_names_the_bodies_with_their_counts(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    case(enforcement_item, users)
    page = get(client, "/enforcement/public/")
    assert "执法公示" in page
    assert f'data-body="{enforcement_item.body_id}"' in page
    assert f"/enforcement/public/decisions/?body={enforcement_item.body_id}" in page


def test_the_lists_show_published_active_items_with_benchmarks(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    Item.objects.create(
        body=enforcement_item.body,
        code="GS-CF-009",
        name="未公示的事项",
        legal_basis="x",
        penalty_basis="x",
        penalties=["warning"],
        created_by=users["depthead"],
    )
    Item.objects.create(
        body=enforcement_item.body,
        code="GS-CF-010",
        name="已废止的事项",
        legal_basis="x",
        penalty_basis="x",
        penalties=["warning"],
        active=False,
        published_on=date(2026, 1, 5),
        created_by=users["depthead"],
    )
    page = get(client, f"/enforcement/public/items/?body={enforcement_item.body_id}")
    assert 'data-public-item="GS-CF-001"' in page
    assert "GS-CF-009" not in page
    assert "GS-CF-010" not in page
    assert page.index('data-grade="mitigated"') < page.index('data-grade="heavier"')
    assert "首违不罚" in page
    assert "20000.00 – 50000.00" in page
    other = get(client, "/enforcement/public/items/?body=1")
    assert "GS-CF-001" not in other


def test_the_officers_page_lists_valid_certificates_only(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    Certificate.objects.filter(officer=users["zhifa2"]).update(revoked_on=date(2026, 5, 1))
    page = get(client, "/enforcement/public/officers/")
    assert 'data-officer="620700202400001"' in page
    assert "韩立军" in page
    assert "2028年12月31日" in page
    assert "620700202400002" not in page  # revoked before today
    with travel_to(date(2029, 1, 1)):
        assert "620700202400001" not in client.get("/enforcement/public/officers/").content.decode()


def test_published_decisions_never_show_a_persons_personal_data(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    case(enforcement_item, users)
    page = get(client, "/enforcement/public/decisions/")
    assert 'data-decision="张工商罚〔2026〕5号"' in page
    assert "李*英" in page
    assert "李秀英" not in page
    for secret in (ID_NO, PHONE, ADDRESS, "县府街"):
        assert secret not in page, secret
    assert "罚款 6000.00 元" in page
    assert "2026年4月20日" in page


def test_an_organisation_is_shown_and_found_by_name_and_credit_code(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    case(enforcement_item, users)
    case(
        enforcement_item,
        users,
        number="张工商立〔2026〕4号",
        party_kind="organisation",
        party_name="张掖市丹霞商贸有限公司",
        party_code="91620702MA71B3K9PD",
        party_id_no="",
        party_phone="",
        party_address="",
        facts="当事人在店内张贴虚假宣传海报。",
        decision_no="张工商罚〔2026〕6号",
    )
    found = get(client, "/enforcement/public/decisions/?q=丹霞商贸")
    assert "张掖市丹霞商贸有限公司" in found
    assert "91620702MA71B3K9PD" in found
    assert "张工商罚〔2026〕5号" not in found
    assert "张工商罚〔2026〕6号" in get(
        client, "/enforcement/public/decisions/?q=91620702MA71B3K9PD"
    )
    # A person is not found by name (the search would unmask him) …
    assert "暂无" in get(client, "/enforcement/public/decisions/?q=李秀英") or (
        "没有符合条件" in get(client, "/enforcement/public/decisions/?q=李秀英")
    )
    assert "张工商罚〔2026〕5号" not in get(client, "/enforcement/public/decisions/?q=李秀英")
    # … but anyone finds a decision by its number.
    assert "李*英" in get(client, "/enforcement/public/decisions/?q=〔2026〕5号")


def test_unpublished_or_future_publications_are_not_shown(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    case(enforcement_item, users, published_on=None)
    case(
        enforcement_item,
        users,
        number="张工商立〔2026〕9号",
        decision_no="张工商罚〔2026〕9号",
        published_on=date(2026, 6, 1),
    )
    page = get(client, "/enforcement/public/decisions/")
    assert "张工商罚〔2026〕5号" not in page
    assert "张工商罚〔2026〕9号" not in page


def test_decisions_are_paged_and_bad_input_is_never_a_500(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    for n in range(1, 18):
        case(
            enforcement_item,
            users,
            number=f"张工商立〔2026〕{n + 10}号",
            decision_no=f"张工商罚〔2026〕{n + 10}号",
        )
    first = get(client, "/enforcement/public/decisions/")
    assert first.count("data-decision=") == 15
    assert "共 17 条" in first
    assert get(client, "/enforcement/public/decisions/?page=2").count("data-decision=") == 2
    for url in (
        "/enforcement/public/decisions/?page=abc",
        "/enforcement/public/decisions/?page=-5&body=x",
        "/enforcement/public/decisions/?page=99999999999999999999999",
        "/enforcement/public/decisions/?body=99999999999999999999999&q=" + "%25" * 80,
        "/enforcement/public/items/?page=0&body=abc",
        "/enforcement/public/officers/?page=1e9",
    ):
        get(client, url)


def test_the_public_pages_use_the_portal(enforcement_item: Item, client: Client) -> None:
    for url in (
        "/enforcement/public/",
        "/enforcement/public/items/",
        "/enforcement/public/officers/",
        "/enforcement/public/decisions/",
    ):
        page = get(client, url)
        assert "张掖市政务服务网" in page
        assert 'class="pt-banner"' in page
