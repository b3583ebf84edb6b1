"""Part D's pages and API: the walk from the candidates' publication to the
contract through the JSON API (an objection pausing the award, the award by
the agency refused, the contract's value), the regulator's suspension and
decision, the desks (objections, complaints), the forms (award, contract, a
bidder's objection and complaint) and the project page's section."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from trading_support import BIDDERS, evaluated_round, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions import awards, objections
from xiaoneng.trading.models import Award, Complaint, Contract, Objection, Project, Round

pytestmark = pytest.mark.django_db

PRICES = {BIDDERS[0]: "8200000", BIDDERS[1]: "8350000", BIDDERS[2]: "8400000"}
PUBLISHED, AFTER = date(2026, 8, 28), date(2026, 9, 3)


def evaluated(users: dict[str, User]) -> Round:
    return evaluated_round(users, project(users), PRICES, opened_on=date(2026, 8, 27))


def test_the_api_from_publicity_to_contract(trading_world: dict[str, User], api: Any) -> None:
    row = evaluated(trading_world)
    with travel_to(PUBLISHED):
        shown = api("daili").post(f"/trading/rounds/{row.pk}/candidates")
        assert shown.status_code == 200, shown.content
        assert shown.json()["publicity_ends_on"] == "2026-08-31"
        ask = {"stage": "评标结果", "text": "第一名报价低于成本", "known_on": "2026-08-28"}
        raised = api("toubiao2").post(f"/trading/rounds/{row.pk}/objections", ask)
        assert raised.status_code == 201, raised.content
        assert raised.json()["reply_due"] == "2026-08-31"
        assert raised.json()["kind"] == "objection"
    with travel_to(AFTER):
        paused = api("zhaobiao").post(f"/trading/rounds/{row.pk}/award", {})
        assert paused.status_code == 409
        assert paused.json()["code"] == "trading_objection_pending"
        answer = {"reply": "经评标委员会复核，报价不低于成本", "upheld": False}
        answered = api("daili").post(f"/trading/objections/{raised.json()['id']}/answer", answer)
        assert answered.status_code == 200, answered.content
        assert answered.json()["upheld"] is False
        assert api("daili").post(f"/trading/rounds/{row.pk}/award", {}).status_code == 403
        made = api("zhaobiao").post(f"/trading/rounds/{row.pk}/award", {})
        assert made.status_code == 201, made.content
        assert made.json()["bidder"] == BIDDERS[0]
        assert made.json()["contract_due"] == "2026-10-08"
        sign = {
            "number": "HT-9",
            "title": "施工合同",
            "value": "8000000",
            "signed_on": "2026-09-03",
        }
        differs = api("zhaobiao").post(f"/trading/awards/{made.json()['id']}/contract", sign)
        assert differs.status_code == 409
        assert differs.json()["code"] == "trading_contract_value_differs"
        signed = api("zhaobiao").post(
            f"/trading/awards/{made.json()['id']}/contract", sign | {"value": "8200000"}
        )
        assert signed.status_code == 201, signed.content
        assert signed.json()["signed_on"] == "2026-09-03"
    assert Project.objects.get(pk=row.project_id).status == "contracted"


def test_the_api_complaint_suspension_and_decision(
    trading_world: dict[str, User], api: Any
) -> None:
    row = evaluated(trading_world)
    with travel_to(PUBLISHED):
        awards.publish_candidates(trading_world["daili"], row.pk)
        filed = api("toubiao1").post(
            f"/trading/projects/{row.project_id}/complaints",
            {"text": "评标委员会组成违法", "matter": "other"},
        )
        assert filed.status_code == 201, filed.content
        regulator = api("zhujian")
        held = regulator.post(f"/trading/projects/{row.project_id}/suspend", {"reason": "处理投诉"})
        assert held.status_code == 200, held.content
        assert held.json()["suspended_reason"] == "处理投诉"
    with travel_to(AFTER):
        refused = api("zhaobiao").post(f"/trading/rounds/{row.pk}/award", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "trading_project_suspended"
        regulator = api("zhujian")
        decided = regulator.post(
            f"/trading/complaints/{filed.json()['id']}/decide",
            {"decision": "经查不属实，驳回", "upheld": False},
        )
        assert decided.status_code == 200, decided.content
        assert regulator.post(f"/trading/projects/{row.project_id}/resume").status_code == 200
        assert api("zhaobiao").post(f"/trading/rounds/{row.pk}/award", {}).status_code == 201


def test_the_desks_and_the_project_section(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    users = trading_world
    row = evaluated(users)
    with travel_to(PUBLISHED):
        page = login("daili").get(f"/trading/{row.project_id}/")
        assert page.status_code == 200
        assert b"data-publish-candidates" in page.content
        done = client.post(
            f"/trading/awards/rounds/{row.pk}/candidates/", {"next": f"/trading/{row.project_id}/"}
        )
        assert done.status_code == 302
        objection = objections.raise_objection(
            users["toubiao2"], row.pk, stage="评标结果", text="评分有误"
        )
        desk = client.get("/trading/awards/objections/")
        assert desk.status_code == 200
        assert f'data-objection="{objection.pk}"'.encode() in desk.content
        assert "2026年8月31日".encode() in desk.content
        client.post(
            f"/trading/awards/objections/{objection.pk}/answer/",
            {"reply": "评分无误", "upheld": "0"},
        )
        assert Objection.objects.get(pk=objection.pk).replied_at is not None
        page = login("zhaobiao").get(f"/trading/{row.project_id}/")
        text = page.content.decode()
        assert 'data-section="awards"' in text
        assert "2026年8月31日" in text  # the publicity's end
        assert "2026年9月1日" in text  # the first day to award
        assert "评分无误" in text
    assert login("toubiao1").get("/trading/awards/objections/").status_code == 403
    assert login("daili").get(f"/trading/awards/rounds/{row.pk}/award/").status_code == 403
    with travel_to(AFTER):
        form = login("zhaobiao").get(f"/trading/awards/rounds/{row.pk}/award/")
        assert form.status_code == 200
        assert BIDDERS[0] in form.content.decode()
        made = client.post(f"/trading/awards/rounds/{row.pk}/award/", {"bid_id": "", "reason": ""})
        assert made.status_code == 302
        award = Award.objects.get(round=row)
        refused = client.post(
            f"/trading/awards/awards/{award.pk}/contract/",
            {"number": "HT-1", "title": "合同", "value": "1", "signed_on": "2026-09-03"},
        )
        assert refused.status_code == 400
        assert b'data-error-code="trading_contract_value_differs"' in refused.content
        client.post(
            f"/trading/awards/awards/{award.pk}/contract/",
            {"number": "HT-1", "title": "合同", "value": "8200000", "signed_on": "2026-09-03"},
        )
        assert Contract.objects.filter(award=award).exists()


def test_bidder_forms_and_the_regulators_desk(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    users = trading_world
    row = evaluated(users)
    with travel_to(PUBLISHED):
        awards.publish_candidates(users["daili"], row.pk)
        bidder = login("toubiao2")
        assert bidder.get(f"/trading/awards/rounds/{row.pk}/objection/").status_code == 200
        done = bidder.post(
            f"/trading/awards/rounds/{row.pk}/objection/",
            {"stage": "评标结果", "text": "评分有误", "known_on": "2026-08-28"},
        )
        assert done.status_code == 302
        assert Objection.objects.filter(round=row).count() == 1
        empty = bidder.post(
            f"/trading/awards/projects/{row.project_id}/complaint/", {"text": "", "known_on": ""}
        )
        assert empty.status_code == 400
        assert b'data-error-code="trading_award_input_invalid"' in empty.content
        bidder.post(
            f"/trading/awards/projects/{row.project_id}/complaint/",
            {"text": "评标委员会组成违法", "known_on": "2026-08-28", "matter": "other"},
        )
        complaint = Complaint.objects.get(project_id=row.project_id)
        assert login("jiaoyi").get("/trading/awards/complaints/").status_code == 403
        desk = login("zhujian").get("/trading/awards/complaints/")
        assert desk.status_code == 200
        assert f'data-complaint="{complaint.pk}"'.encode() in desk.content
        client.post(
            f"/trading/awards/projects/{row.project_id}/suspend/", {"reason": "处理投诉期间暂停"}
        )
        assert Project.objects.get(pk=row.project_id).suspended_at is not None
        client.post(
            f"/trading/awards/complaints/{complaint.pk}/decide/",
            {"decision": "驳回", "upheld": "0"},
        )
        client.post(f"/trading/awards/projects/{row.project_id}/resume/")
    assert Complaint.objects.get(pk=complaint.pk).decided_at is not None
    assert Project.objects.get(pk=row.project_id).suspended_at is None
