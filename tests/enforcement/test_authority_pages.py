"""The authority desks: the list and certificate pages render for each role
that may read them (403 for those who may not, 404 for an item out of
scope), the head's forms go through the actions (a refusal shown with its
code), and the legal office's desk shows the certificates running out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import Benchmark, Certificate, Item
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
ITEM_FORM = {
    "code": "GS-CF-201",
    "name": "销售不合格产品",
    "legal_basis": "《产品质量法》第三十九条",
    "penalty_basis": "《产品质量法》第五十条",
    "penalties": ["fine", "warning"],
    "fine_min": "1000",
    "fine_max": "50000",
}
BENCHMARK_FORM = {
    "mitigated_circumstances": "主动消除危害后果",
    "mitigated_min": "0",
    "mitigated_max": "1000",
    "lighter_circumstances": "初次违法",
    "lighter_min": "1000",
    "lighter_max": "5000",
    "general_circumstances": "一般情节",
    "general_min": "5000",
    "general_max": "20000",
    "heavier_circumstances": "拒不改正",
    "heavier_min": "20000",
    "heavier_max": "50000",
}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("depthead", 200),
        ("zhifa", 200),
        ("fazhi", 200),
        ("supervisor", 200),
        ("fagai", 200),
        ("window", 403),
        ("reviewer", 403),
        ("applicant", 403),
    ],
)
def test_the_list_page_for_each_role(
    enforcement_item: Item, login: Any, who: str, status: int
) -> None:
    with travel_to(DAY):
        response = login(who).get("/enforcement/authority/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        # fagai heads another body: 市工商局's list is not his to see.
        assert ('data-item="GS-CF-001"' in page) is (who != "fagai")
        assert ("data-item-form" in page) is (who in ("depthead", "fagai"))


@pytest.mark.parametrize(
    ("who", "status"), [("depthead", 200), ("zhifa", 200), ("fazhi", 200), ("fagai", 404)]
)
def test_the_item_page_shows_the_benchmarks_in_scope(
    enforcement_item: Item, login: Any, who: str, status: int
) -> None:
    with travel_to(DAY):
        response = login(who).get(f"/enforcement/authority/{enforcement_item.pk}/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        for grade in ("mitigated", "lighter", "general", "heavier"):
            assert f'data-grade="{grade}"' in page
        assert "20000.00 – 50000.00" in page
        assert "本事项适用首违不罚" in page
        assert ("data-benchmarks-form" in page) is (who == "depthead")


def test_the_head_adds_an_item_sets_benchmarks_and_publishes_through_the_pages(
    users: dict[str, User], login: Any
) -> None:
    with travel_to(DAY):
        client = login("depthead")
        refused = client.post("/enforcement/authority/", {**ITEM_FORM, "fine_min": "90000"})
        text = refused.content.decode()
        assert refused.status_code == 200
        assert "enforcement_item_fine_range_invalid" in text
        assert 'value="GS-CF-201"' in text  # what was typed is kept
        made = client.post("/enforcement/authority/", ITEM_FORM)
        item = Item.objects.get(code="GS-CF-201")
        assert made.status_code == 302
        assert made["Location"] == f"/enforcement/authority/{item.pk}/"
        bad = client.post(
            f"/enforcement/authority/{item.pk}/benchmarks/",
            {**BENCHMARK_FORM, "heavier_min": "4000"},
            follow=True,
        )
        assert "enforcement_benchmark_grades_disordered" in bad.content.decode()
        client.post(f"/enforcement/authority/{item.pk}/benchmarks/", BENCHMARK_FORM)
        assert Benchmark.objects.filter(item=item).count() == 4
        published = client.post("/enforcement/authority/publish/", {}, follow=True)
        assert "已公示 1 个执法事项" in published.content.decode()
        assert Item.objects.get(pk=item.pk).published_on == DAY
        client.post(f"/enforcement/authority/{item.pk}/repeal/", {"reason": "职权调整"})
        assert Item.objects.get(pk=item.pk).active is False
        assert client.post(f"/enforcement/authority/{item.pk}/nothing/", {}).status_code == 404


def test_another_head_or_an_officer_cannot_post_to_the_bodys_item(
    enforcement_item: Item, login: Any
) -> None:
    with travel_to(DAY):
        url = f"/enforcement/authority/{enforcement_item.pk}/repeal/"
        assert login("fagai").post(url, {"reason": "越权"}).status_code == 404
        assert login("zhifa").post(url, {"reason": "越权"}).status_code == 403
        assert login("zhifa").post("/enforcement/authority/", ITEM_FORM).status_code == 403
    assert Item.objects.get(pk=enforcement_item.pk).active is True


@pytest.mark.parametrize(
    ("who", "status", "forms"),
    [
        ("fazhi", 200, True),
        ("supervisor", 200, False),
        ("depthead", 200, False),
        ("zhifa", 200, False),
        ("window", 403, False),
        ("applicant", 403, False),
    ],
)
def test_the_certificate_desk_for_each_role(
    enforcement_item: Item, login: Any, who: str, status: int, forms: bool
) -> None:
    with travel_to(date(2028, 12, 10)):  # the world's certificates end on 2028-12-31
        response = login(who).get("/enforcement/authority/certificates/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert 'data-certificate="620700202400001"' in page
        assert ('data-certificate="620700202400002"' in page) is (who != "zhifa")
        assert 'data-expiring-certificate="620700202400001"' in page
        assert "2028年12月31日" in page
        assert ("data-issue-form" in page) is forms


def test_the_legal_office_issues_and_revokes_on_its_desk(
    users: dict[str, User], login: Any
) -> None:
    with travel_to(DAY):
        client = login("fazhi")
        form = {
            "officer_id": users["zhifa"].pk,
            "body_id": users["zhifa"].department_id,
            "number": "620700005202699",
            "field": "市场监管",
            "issued_on": "2026-03-01",
            "valid_until": "2026-02-01",
        }
        bad = client.post("/enforcement/authority/certificates/issue/", form, follow=True)
        assert "enforcement_certificate_dates_invalid" in bad.content.decode()
        form["valid_until"] = "2030-12-31"
        client.post("/enforcement/authority/certificates/issue/", form)
        cert = Certificate.objects.get(number="620700005202699")
        page = client.get("/enforcement/authority/certificates/?q=韩立军").content.decode()
        assert 'data-certificate="620700005202699"' in page
        client.post(
            f"/enforcement/authority/certificates/{cert.pk}/revoke/",
            {"reason": "调离执法岗位", "revoked_on": "2026-03-02"},
        )
        assert Certificate.objects.get(pk=cert.pk).revoked_on == DAY
        assert (
            client.post(f"/enforcement/authority/certificates/{cert.pk}/nothing/").status_code
            == 404
        )
        assert (
            client.post("/enforcement/authority/certificates/999999/revoke/", {}).status_code == 404
        )
        assert (
            login("depthead")
            .post(f"/enforcement/authority/certificates/{cert.pk}/revoke/", {"reason": "x"})
            .status_code
            == 403
        )


def test_bad_query_parameters_are_never_a_500(enforcement_item: Item, login: Any) -> None:
    client = login("fazhi")
    for url in (
        "/enforcement/authority/?page=abc&body=x",
        "/enforcement/authority/?page=99999999999999999999&body=99999999999999999999999",
        "/enforcement/authority/certificates/?page=-1&body=%00&q=" + "长" * 100,
    ):
        assert client.get(url).status_code == 200
