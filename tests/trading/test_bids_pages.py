"""The bidder's desk, the bid form and its receipt (the code shown once),
the centre's opening page, the project page's bids section (nobody learns
who bid before the opening) and the API paths of bids and the opening."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from test_bids_actions import AFTER, BEFORE, a_round, three_bids
from trading_support import BIDDERS

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions.opening import close_opening, decrypt_bid_at_venue, start_opening
from xiaoneng.trading.models import Bid, BidStatus, RoundStatus
from xiaoneng.trading.views.bids import project_section

pytestmark = pytest.mark.django_db


def test_a_bid_through_the_form_shows_its_code_once(
    trading_world: dict[str, User], login: Any
) -> None:
    row = a_round(trading_world)
    client: Client = login("toubiao1")
    with travel_to(BEFORE):
        desk = client.get("/trading/bids/")
        assert desk.status_code == 200
        assert row.project.title in desk.content.decode()
        form = client.get(f"/trading/bids/rounds/{row.pk}/")
        assert form.status_code == 200
        token = form.context["form_token"]
        refused = client.post(
            f"/trading/bids/rounds/{row.pk}/",
            {"price": "0", "period_days": "180", "summary": "摘要", "form_token": token},
        )
        assert refused.status_code == 400
        assert "trading_bid_price_invalid" in refused.content.decode()
        sent = client.post(
            f"/trading/bids/rounds/{row.pk}/",
            {"price": "7600000", "period_days": "180", "summary": "摘要", "form_token": token},
        )
        assert sent.status_code == 302
        made = Bid.objects.get(round=row, status=BidStatus.SEALED)
        assert sent["Location"] == f"/trading/bids/{made.pk}/receipt/"
        receipt = client.get(sent["Location"])
        code = receipt.context["code"]
        assert code
        assert code in receipt.content.decode()
        assert made.content_digest in receipt.content.decode()
        assert "no-store" in receipt["Cache-Control"]
        again = client.get(sent["Location"])
        assert again.context["code"] is None
        assert code not in again.content.decode()
        # The same form posted twice does not bid twice.
        client.post(
            f"/trading/bids/rounds/{row.pk}/",
            {"price": "7600000", "period_days": "180", "summary": "摘要", "form_token": token},
        )
        assert Bid.objects.filter(round=row).count() == 1
        desk = client.get("/trading/bids/").content.decode()
        assert made.content_digest[:16] in desk
        assert "撤回" in desk
    # Another bidder does not see this receipt; the tenderer has no desk.
    client.logout()
    assert login("toubiao2").get(f"/trading/bids/{made.pk}/receipt/").status_code == 404
    client.logout()
    assert login("zhaobiao").get("/trading/bids/").status_code == 403


def test_the_opening_page_counts_before_and_records_after(
    trading_world: dict[str, User], login: Any
) -> None:
    row = a_round(trading_world)
    made = three_bids(trading_world, row)
    client: Client = login("jiaoyi")
    with travel_to(BEFORE):
        page = client.get(f"/trading/bids/rounds/{row.pk}/opening/")
        text = page.content.decode()
        assert page.status_code == 200
        assert page.context["count"] == 3
        assert not any(name in text for name in BIDDERS[:3])
    with travel_to(AFTER):
        started = client.post(f"/trading/bids/rounds/{row.pk}/opening/start/")
        assert started.status_code == 302
        row.refresh_from_db()
        assert row.status == RoundStatus.OPENING
        text = client.get(f"/trading/bids/rounds/{row.pk}/opening/").content.decode()
        assert BIDDERS[0] in text
        assert "代为解密" in text
        for bid_, code in made.values():
            client.post(
                f"/trading/bids/rounds/{row.pk}/opening/bids/{bid_.pk}/decrypt/", {"code": code}
            )
        client.post(f"/trading/bids/rounds/{row.pk}/opening/close/")
        row.refresh_from_db()
        assert row.status == RoundStatus.OPENED
        text = client.get(f"/trading/bids/rounds/{row.pk}/opening/").content.decode()
        assert "7,600,000.00" in text
        assert "开标记录" in text
    client.logout()
    assert login("supervisor").get(f"/trading/bids/rounds/{row.pk}/opening/").status_code == 200
    client.logout()
    assert login("zhaobiao").get(f"/trading/bids/rounds/{row.pk}/opening/").status_code == 403


def test_the_project_section_hides_who_bid_until_the_opening(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    made = three_bids(trading_world, row)
    factory = RequestFactory()

    def section(username: str) -> dict[str, Any]:
        request = factory.get("/")
        request.user = trading_world[username]
        return project_section(request, row.project)

    assert section("zhaobiao") == {}
    assert section("daili") == {}
    assert section("zhujian") == {}
    centre = section("jiaoyi")["bids_section"]["rounds"][0]
    assert centre.count == 3
    assert centre.bidders == []
    with travel_to(AFTER):
        start_opening(trading_world["jiaoyi"], row.pk)
        for bid_, code in made.values():
            decrypt_bid_at_venue(trading_world["jiaoyi"], bid_.pk, code)
        close_opening(trading_world["jiaoyi"], row.pk)
    shown = section("zhaobiao")["bids_section"]["rounds"][0]
    assert shown.record
    assert {b.bidder.name for b in shown.bidders} == set(BIDDERS[:3])


def test_the_bids_api(trading_world: dict[str, User], api: Any, client: Client) -> None:
    row = a_round(trading_world, kind="land")
    with travel_to(BEFORE):
        bidder = api("toubiao1")
        listed = bidder.get("/trading/rounds/open")
        assert listed.status_code == 200
        assert row.pk in [r["round_id"] for r in listed.json()]
        body = {"price": "12000000", "period_days": 30, "summary": "竞买申请"}
        made = bidder.post(f"/trading/rounds/{row.pk}/bids", body)
        assert made.status_code == 201, made.content
        code = made.json()["code"]
        assert made.json()["price"] is None
        assert made.json()["status"] == "sealed"
        late_free = bidder.post(f"/trading/rounds/{row.pk}/bids", {**body, "price": "-1"})
        assert late_free.status_code == 400
        assert late_free.json()["code"] == "trading_bid_price_invalid"
        mine = bidder.get("/trading/bids/mine").json()
        assert [b["id"] for b in mine] == [made.json()["id"]]
        assert "code" not in mine[0]
        second = bidder.post(f"/trading/rounds/{row.pk}/bids", body)
        gone = client.delete(f"/api/v1/trading/bids/{second.json()['id']}")
        assert gone.status_code == 200
        assert gone.json()["status"] == "withdrawn"
        again = bidder.post(f"/trading/rounds/{row.pk}/bids", body)
        assert again.status_code == 409
        assert again.json()["code"] == "trading_bid_withdrawn"
        centre = api("jiaoyi")
        early = centre.post(f"/trading/rounds/{row.pk}/opening")
        assert early.status_code == 409
        assert early.json()["code"] == "trading_opening_too_early"
    # The first bid was superseded by the second, then that one withdrawn: no bid
    # is left, and a land round with none fails.
    with travel_to(AFTER):
        opened = centre.post(f"/trading/rounds/{row.pk}/opening")
        assert opened.status_code == 200
        assert opened.json()["status"] == "failed"
        bidder = api("toubiao1")
        refused = bidder.post(f"/trading/bids/{made.json()['id']}/decrypt", {"code": code})
        assert refused.status_code == 409


def test_the_api_opening_and_decryption(
    trading_world: dict[str, User], api: Any, client: Client
) -> None:
    row = a_round(trading_world)
    made = three_bids(trading_world, row)
    with travel_to(AFTER):
        assert api("toubiao1").post(f"/trading/rounds/{row.pk}/opening").status_code == 403
        centre = api("jiaoyi")
        started = centre.post(f"/trading/rounds/{row.pk}/opening")
        assert started.status_code == 200
        assert started.json()["status"] == "opening"
        pending = centre.post(f"/trading/rounds/{row.pk}/opening/close")
        assert pending.json()["code"] == "trading_opening_pending"
        for name in ("toubiao1", "toubiao2"):
            bid_, code = made[name]
            done = api(name).post(f"/trading/bids/{bid_.pk}/decrypt", {"code": code})
            assert done.status_code == 200
            assert done.json()["status"] == "opened"
        wrong = api("jiaoyi").post(
            f"/trading/bids/{made['third'][0].pk}/decrypt-at-venue", {"code": "AAAA-BBBB"}
        )
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "trading_bid_code_invalid"
        api("jiaoyi").post(
            f"/trading/bids/{made['third'][0].pk}/decrypt-at-venue", {"code": made["third"][1]}
        )
        closed = api("jiaoyi").post(f"/trading/rounds/{row.pk}/opening/close")
        assert closed.status_code == 200
        assert closed.json()["status"] == "opened"
