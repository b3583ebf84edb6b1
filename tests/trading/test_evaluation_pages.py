"""The evaluation's pages and API as each role sees them: an expert's desk
and scoring form hold their own committee and scores only (another round
is 404); the committee page shows the centre the exclusions, the seed and
the replay, the tenderer only the count; the pool masks identity numbers
and phones; the API draws, replays, scores and closes with coded refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from evaluation_support import account_for, expert_account, seated_round, seats
from trading_support import BIDDERS, opened_round, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.models import Draw, Expert, MemberKind, RoundStatus
from xiaoneng.trading.views.evaluation import project_section

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 9)
PRICES = {BIDDERS[0]: "8250000", BIDDERS[1]: "8100000", BIDDERS[2]: "8400000"}


def error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["code"] == code


def test_an_expert_sees_only_their_own_committee_and_scores(
    trading_world: dict[str, User], client: Client
) -> None:
    users = trading_world
    with travel_to(DAY):
        mine = seated_round(users, PRICES, day=DAY)
        theirs = seated_round(users, PRICES, day=DAY)
        me = next(m for m in seats(mine) if m.kind == MemberKind.EXPERT)
        other = next(m for m in seats(mine) if m.kind == MemberKind.EXPERT and m.pk != me.pk)
        account = account_for(me)
        client.force_login(account_for(other))
        form = {f"qualified_{b.pk}": "1" for b in mine.bids.all()}
        form |= {f"total_{b.pk}": "77.5" for b in mine.bids.all()}
        assert client.post(f"/trading/evaluation/rounds/{mine.pk}/score/", form).status_code == 302
        client.force_login(account)
        desk = client.get("/trading/evaluation/").content.decode()
        assert mine.project.code in desk
        page = client.get(f"/trading/evaluation/rounds/{mine.pk}/score/")
        assert page.status_code == 200
        assert "77.5" not in page.content.decode()  # the other member's total is not shown
        if not any(m.expert_id == me.expert_id for m in seats(theirs)):
            assert theirs.project.code not in desk
            got = client.get(f"/trading/evaluation/rounds/{theirs.pk}/score/")
            assert got.status_code == 404
        outsider = expert_account(
            Expert.objects.exclude(pk__in=[m.expert_id for m in seats(mine)]).first()
        )
        client.force_login(outsider)
        assert client.get(f"/trading/evaluation/rounds/{mine.pk}/score/").status_code == 404


def test_the_committee_page_names_the_experts_to_the_centre_only(
    trading_world: dict[str, User], client: Client
) -> None:
    users = trading_world
    with travel_to(DAY):
        row = seated_round(users, PRICES, day=DAY)
        draw = Draw.objects.get(committee__round=row)
        drawn = list(Expert.objects.filter(pk__in=draw.picked).values_list("name", flat=True))
        url = f"/trading/evaluation/rounds/{row.pk}/committee/"
        client.force_login(users["jiaoyi"])
        centre = client.get(url).content.decode()
        assert draw.seed in centre
        assert 'data-replay="match"' in centre
        assert "曹建平（受聘于本轮投标人）" in centre
        assert all(name in centre for name in drawn)
        client.force_login(users["zhaobiao"])
        tenderer = client.get(url).content.decode()
        assert draw.seed not in tenderer
        assert not any(name in tenderer for name in drawn)
        assert 'data-seated="5"' in tenderer
        client.force_login(users["toubiao1"])
        assert client.get(url).status_code == 403
        # The project page's section: the count before the result, no names.
        request: Any = type("R", (), {"user": users["zhaobiao"]})()
        shown = project_section(request, row.project)["evaluation_section"]
        assert shown["seated_count"] == 5
        assert shown["members"] == []


def test_the_pool_page_masks_personal_data(trading_world: dict[str, User], client: Client) -> None:
    client.force_login(trading_world["jiaoyi"])
    page = client.get("/trading/evaluation/experts/?q=许文博").content.decode()
    xu = Expert.objects.get(name="许文博")
    assert xu.id_no not in page
    assert xu.phone not in page
    assert f"{xu.id_no[:4]}**********{xu.id_no[-4:]}" in page
    client.force_login(trading_world["zhaobiao"])
    assert client.get("/trading/evaluation/experts/").status_code == 403


def test_the_api_draws_replays_scores_and_closes(
    trading_world: dict[str, User], api: Any, client: Client
) -> None:
    users = trading_world
    with travel_to(DAY):
        row = opened_round(users, project(users), PRICES, opened_on=DAY)
        centre = api("jiaoyi")
        error(
            centre.post(f"/trading/rounds/{row.pk}/committee", {"size": 6, "expert_seats": 4}),
            400,
            "trading_committee_even",
        )
        made = centre.post(f"/trading/rounds/{row.pk}/committee", {"size": 5, "expert_seats": 5})
        assert made.status_code == 201, made.content
        drawn = centre.post(f"/trading/rounds/{row.pk}/draws")
        assert drawn.status_code == 201, drawn.content
        body = drawn.json()
        assert len(body["picked"]) == 5
        assert {e["reason"] for e in body["excluded"]} == {"bidder_employee", "declared_tie"}
        replay = centre.get(f"/trading/draws/{body['id']}/replay").json()
        assert replay["matches"] is True
        assert replay["recomputed"] == body["picked"]
        listed = centre.get("/trading/experts?q=许文博").json()
        assert listed[0]["id_no"].count("*") == 10
        error(
            centre.post(f"/trading/rounds/{row.pk}/evaluation/finish"),
            409,
            "trading_scores_missing",
        )
        member = next(m for m in seats(row))
        declined = centre.post(f"/trading/members/{member.pk}/decline", {"reason": "未到场"})
        assert declined.json()["declined"] is True
        redrawn = centre.post(f"/trading/rounds/{row.pk}/draws")
        assert redrawn.json()["needed"] == 1
        error(
            api("zhaobiao").get(f"/trading/draws/{body['id']}/replay"),
            404,
            "trading_draw_not_found",
        )
        for seat in seats(row):  # each member through the API, signed in as themself
            client.force_login(account_for(seat))
            sheet = {
                "scores": [
                    {"bid_id": b.pk, "qualified": True, "total": "85"} for b in row.bids.all()
                ]
            }
            sent = client.post(
                f"/api/v1/trading/rounds/{row.pk}/scores", sheet, content_type="application/json"
            )
            assert sent.status_code == 201, sent.content
        again = client.post(
            f"/api/v1/trading/rounds/{row.pk}/scores", sheet, content_type="application/json"
        )
        error(again, 409, "trading_scores_submitted")
        done = api("jiaoyi").post(f"/trading/rounds/{row.pk}/evaluation/finish")
        assert done.status_code == 200, done.content
        assert done.json()["status"] == RoundStatus.EVALUATED
        assert [c["rank"] for c in done.json()["candidates"]] == [1, 2, 3]
