"""The review's security findings, each pinned: the experts stay unnamed to
the tenderer and its agency until the award (实施条例 art. 46 ¶4: the
committee's list is secret until 中标结果确定) — neither the project page's
timeline nor its evaluation section names them before; user text stays text
in the pages and in the xlsx export."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from evaluation_support import account_for, seated_round, seats
from openpyxl import load_workbook
from trading_support import BIDDERS, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions import scoring
from xiaoneng.trading.models import Award, Bid, MemberKind, Project
from xiaoneng.trading.views.evaluation import project_section

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 9)
PRICES = {BIDDERS[0]: "8250000", BIDDERS[1]: "8100000", BIDDERS[2]: "8400000"}


def sheet(row: Any) -> list[dict[str, Any]]:
    return [
        {"bid_id": b.pk, "qualified": True, "total": "90", "comment": ""}
        for b in Bid.objects.filter(round=row, status="opened")
    ]


def test_the_experts_stay_unnamed_to_the_tenderer_until_the_award(
    trading_world: dict[str, User], client: Client
) -> None:
    users = trading_world
    with travel_to(DAY):
        row = seated_round(users, PRICES, day=DAY)
        experts = [m for m in seats(row) if m.kind == MemberKind.EXPERT]
        names = [m.expert.name for m in experts if m.expert]
        scoring.submit_scores(actor=account_for(experts[0]), round_id=row.pk, scores=sheet(row))
        for reader in ("zhaobiao", "daili"):
            client.force_login(users[reader])
            response = client.get(f"/trading/{row.project_id}/")
            assert response.status_code == 200
            page = response.content.decode()
            assert "评标委员会成员提交评分" in page  # the step is there, not who took it
            assert not any(name in page for name in names), reader
        for member in [m for m in seats(row) if m.pk != experts[0].pk]:
            scoring.submit_scores(actor=account_for(member), round_id=row.pk, scores=sheet(row))
        scoring.finish_evaluation(actor=users["jiaoyi"], round_id=row.pk)
    request: Any = type("R", (), {"user": users["zhaobiao"]})()
    project_row = Project.objects.get(pk=row.project_id)
    # evaluated, candidates known, but no award yet: still no names
    assert project_section(request, project_row)["evaluation_section"]["members"] == []
    first = row.candidates.get(rank=1).bid
    Award.objects.create(
        round=row,
        bid=first,
        value=first.price,
        decided_by=users["zhaobiao"],
        contract_due=DAY + timedelta(days=30),
    )
    shown = project_section(request, project_row)["evaluation_section"]["members"]
    assert {m.expert.name for m in shown if m.expert} == set(names)


def test_user_text_is_text_in_the_pages_and_the_export(
    trading_world: dict[str, User], client: Client
) -> None:
    users = trading_world
    row = project(users)
    title = "=1+1<script>alert(1)</script>"
    Project.objects.filter(pk=row.pk).update(title=title)
    client.force_login(users["zhaobiao"])
    listed = client.get("/trading/").content.decode()
    page = client.get(f"/trading/{row.pk}/").content.decode()
    for html in (listed, page):
        assert "<script>alert(1)</script>" not in html
        assert "=1+1&lt;script&gt;alert(1)&lt;/script&gt;" in html
    exported = client.get("/trading/?format=xlsx")
    book = load_workbook(io.BytesIO(exported.content))
    sheet_ = book.active
    assert sheet_ is not None
    cells = [c for r in sheet_.iter_rows(min_row=2) for c in r if c.value == title]
    assert len(cells) == 1  # written as typed, not computed to 2
    assert cells[0].data_type == "s"
