"""审批结果公示: decided cases, masked, filterable, paginated, with an Atom feed."""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from portal_world import COMPANY, INSTANT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


def _decide_many(users: dict[str, User], n: int, on: date) -> list[Case]:
    cases = []
    with travel_to(on):
        for i in range(n):
            case, _ = actions.submit_application(
                actor=users["window"],
                item_code=INSTANT,
                applicant_name=f"张掖市第{i}号商贸有限公司",
            )
            actions.accept_case(actor=users["window"], case_id=case.pk)
            cases.append(case)
    return cases


def test_results_list_decided_cases_masked(
    client: Client, decided: tuple[Case, str], users: dict[str, User]
) -> None:
    case, _ = decided
    html = _text(client.get("/results/"))
    assert case.tracking_no in html
    assert "企业名称预先核准" in html
    assert "张掖市祁连****有限公司" in html
    assert COMPANY not in html
    assert "准予许可" in html
    assert "2026年3月2日" in html
    assert users["window"].display_name in html
    assert "市工商局" in html


def test_open_cases_are_not_published(client: Client, received: tuple[Case, str]) -> None:
    case, _ = received
    html = _text(client.get("/results/"))
    assert case.tracking_no not in html
    assert "暂无审批结果" in html


def test_results_filter_and_paginate(client: Client, users: dict[str, User], catalog: None) -> None:
    _decide_many(users, 16, ON)
    late = _decide_many(users, 1, date(2026, 3, 9))[0]
    html = _text(client.get("/results/"))
    assert "共 17 件" in html
    assert 'rel="next"' in html
    assert _text(client.get("/results/", {"page": "2"})).count("<tr id=") == 2
    html = _text(client.get("/results/", {"from": "2026-03-05"}))
    assert "检索到 1 件" in html
    assert late.tracking_no in html
    assert "检索到 0 件" in _text(client.get("/results/", {"dept": "620700013"}))
    assert "检索到 17 件" in _text(client.get("/results/", {"item": INSTANT}))
    assert client.get("/results/", {"from": "not-a-date", "page": "x"}).status_code == 200


def test_atom_feed(client: Client, decided: tuple[Case, str]) -> None:
    case, _ = decided
    response = client.get("/results/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "企业名称预先核准：准予许可"
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert "张掖市祁连****有限公司" in summary
    assert COMPANY not in response.content.decode()
    assert case.tracking_no in (entry.findtext(f"{ATOM}id") or "")
