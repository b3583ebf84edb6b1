"""The public portal section of trading (/trading/public/), no sign-in:
only announced projects (404 otherwise), the timeline of notices dated in
Chinese, bidders' names only after the opening, no personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from ocds_staging import PRICES, announced, notice, opened, whole_process
from trading_support import party, project

from xiaoneng.org.models import User
from xiaoneng.trading.common import ocid
from xiaoneng.trading.models import NoticeKind, Status

pytestmark = pytest.mark.django_db


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_list_shows_announced_projects_only(
    client: Client, trading_world: dict[str, User]
) -> None:
    shown, _ = announced(trading_world)
    hidden = project(trading_world, status=Status.ACCEPTED)
    html = page(client, "/trading/public/")
    assert f'data-project="{shown.code}"' in html
    assert f'data-project="{hidden.code}"' not in html
    assert "2026年10月9日 09:30" in html  # the deadline, in Chinese
    assert shown.code not in page(client, "/trading/public/?kind=procurement")
    assert shown.code in page(client, "/trading/public/?kind=construction&status=tendering")
    assert shown.code not in page(client, "/trading/public/?q=不存在的项目")
    assert shown.code in page(client, f"/trading/public/?q={shown.code}")
    page(client, f"/trading/public/projects/{hidden.code}/", 404)
    hidden_notice = notice(trading_world, hidden, NoticeKind.ANNOUNCEMENT, "未公开的公告")
    page(client, f"/trading/public/notices/{hidden_notice.pk}/", 404)
    page(client, "/trading/public/notices/abc/", 404)


def test_bidders_appear_only_after_the_opening(
    client: Client, trading_world: dict[str, User]
) -> None:
    row, round_ = announced(trading_world)  # two sealed bids in
    url = f"/trading/public/projects/{row.code}/"
    before = page(client, url)
    assert "招标公告" in before
    assert "2026年9月10日" in before
    for name in PRICES:
        assert name not in before
    assert "data-opening" not in before
    opened(trading_world, row, round_)
    after = page(client, url)
    for name in PRICES:
        assert name in after
    assert "8,120,000.00" in after


def test_a_finished_project_shows_everything_published(
    client: Client, trading_world: dict[str, User]
) -> None:
    row = whole_process(trading_world)
    html = page(client, f"/trading/public/projects/{row.code}/")
    for marker in (
        "data-timeline",
        "data-opening",
        "data-candidates",
        "data-award",
        "data-contract",
    ):
        assert marker in html
    assert "2026年10月30日" in html  # the contract signed
    assert "ZJT-2026-HT-118" in html
    assert f"/trading/ocds/records/{ocid(row)}.json" in html
    for name in [*PRICES, "甘肃明诚招标代理有限公司"]:
        p = party(name)
        for personal in (p.contact_phone, p.contact_name, p.legal_representative):
            assert personal not in html


def test_a_notice_reads_as_text_without_personal_numbers(
    client: Client, trading_world: dict[str, User]
) -> None:
    row, _ = announced(trading_world)
    typed = notice(
        trading_world,
        row,
        NoticeKind.CLARIFICATION,
        "澄清",
        "联系人手机13912345678，身份证620702199001011234。<script>alert(1)</script>\n第二段",
    )
    html = page(client, f"/trading/public/notices/{typed.pk}/")
    assert "13912345678" not in html
    assert "620702199001011234" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert row.title in html
