"""The API: permissions per step (the subject cannot decide; another unit's
head sees nothing; the organisation only what was referred to it), the
person's record (the person and accountability.records only), the decision
PDF, sources linked and checked, and bad input with stable codes."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from accountability_support import BUREAU, open_case

from xiaoneng.accountability import actions
from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "acc_pdf_reading", Path(__file__).parent.parent / "documents" / "pdf_reading.py"
)
assert _spec is not None
assert _spec.loader is not None
pdf_reading = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = pdf_reading  # dataclasses look their module up there
_spec.loader.exec_module(pdf_reading)


def _decided(users: dict[str, User], told: AccountabilityCase) -> AccountabilityCase:
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=users["supervisor"],
            case_id=told.pk,
            measure_code="circulated_criticism",
            proposal="通报批评",
        )
        return actions.decide_measure(actor=users["supervisor"], case_id=told.pk)


def test_the_bureau_walks_a_case_through_the_api(api: Any, users: dict[str, User]) -> None:
    dept = Department.objects.get(code=BUREAU)
    sup = api("supervisor")
    with travel_to(date(2026, 9, 14)):
        created = sup.post(
            "/accountability/cases",
            {
                "source_kind": "direct",
                "source_ref": "媒体报道",
                "title": "办事拖拉",
                "facts": "群众反映办事拖拉，经查属实。",
                "subjects": [{"kind": "leader", "name": "王振华", "position": "局长"}],
                "department_id": dept.pk,
                "rule_ids": [1],
            },
        )
    assert created.status_code == 201, created.content
    body = created.json()
    cid = body["id"]
    assert body["source_label"] == "直接立案：媒体报道"
    assert body["status"] == "investigating"
    assert len(body["rules"]) == 1
    with travel_to(date(2026, 9, 15)):
        assert sup.post(f"/accountability/cases/{cid}/statement-request").status_code == 200
    head = api("depthead")
    with travel_to(date(2026, 9, 16)):
        said = head.post(f"/accountability/cases/{cid}/statement", {"text": "如实说明"})
        assert said.status_code == 200, said.content
        # The subject's unit cannot propose or decide.
        denied = head.post(
            f"/accountability/cases/{cid}/propose",
            {"measure_code": "admonition", "proposal": "诫勉"},
        )
        assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    sup = api("supervisor")
    with travel_to(date(2026, 9, 17)):
        proposed = sup.post(
            f"/accountability/cases/{cid}/propose",
            {"measure_code": "admonition", "proposal": "诫勉谈话"},
        )
        assert proposed.json()["status"] == "proposed"
    head = api("depthead")
    with travel_to(date(2026, 9, 17)):
        denied = head.post(f"/accountability/cases/{cid}/decide", {})
        assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    sup = api("supervisor")
    with travel_to(date(2026, 9, 18)):
        decided = sup.post(f"/accountability/cases/{cid}/decide", {})
        assert decided.json()["decision_number"] == "张监问〔2026〕1号"
        served = sup.post(f"/accountability/cases/{cid}/serve", {})
        # 15 working days from Fri 18 Sep: Sun 20 (make-up), 21–24, 28–30 Sep,
        # 8, 9, Sat 10, 12–15 Oct.
        assert served.json()["appeal_due_on"] == "2026-10-15"


def test_the_decision_pdf(
    api: Any, users: dict[str, User], told: AccountabilityCase, settings: Any
) -> None:
    row = _decided(users, told)
    response = api("supervisor").get(f"/accountability/cases/{row.pk}/decision")
    if response.status_code == 503:  # no CJK font on this machine
        pytest.skip(response.json()["message"])
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    pdf = bytes(response.content)
    assert pdf.startswith(b"%PDF")
    text = "".join(p.text() for p in pdf_reading.read(pdf)).replace("\n", "")
    assert "张监问〔2026〕1号" in text
    assert "问责决定书" in text
    assert "通报批评" in text
    # The same decision gives the same bytes.
    assert bytes(api("supervisor").get(f"/accountability/cases/{row.pk}/decision").content) == pdf
    # Before a decision there is none.
    other = open_case(users)
    missing = api("supervisor").get(f"/accountability/cases/{other.pk}/decision")
    assert missing.status_code == 404


def test_who_sees_what(
    api: Any, users: dict[str, User], opened: AccountabilityCase, otherhead: User
) -> None:
    # Under investigation: the unit is not told yet.
    assert api("depthead").get(f"/accountability/cases/{opened.pk}").status_code == 404
    with travel_to(date(2026, 9, 15)):
        actions.request_statement(actor=users["supervisor"], case_id=opened.pk)
    assert api("depthead").get(f"/accountability/cases/{opened.pk}").status_code == 200
    assert api("window").get(f"/accountability/cases/{opened.pk}").status_code == 200
    # The person named sees the case but cannot take the bureau's steps.
    for step in ("decide", "serve", "close"):
        refused = api("window").post(f"/accountability/cases/{opened.pk}/{step}", {})
        assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied"), step
    other = api("otherhead")
    assert other.get("/accountability/cases").json() == []
    seen = other.get(f"/accountability/cases/{opened.pk}")
    assert (seen.status_code, seen.json()["code"]) == (404, "accountability_case_not_found")
    said = other.post(f"/accountability/cases/{opened.pk}/statement", {"text": "x"})
    assert (said.status_code, said.json()["code"]) == (404, "accountability_case_not_found")
    # The organisation sees only what was referred to it.
    assert api("organisation").get(f"/accountability/cases/{opened.pk}").status_code == 404


def test_a_persons_record_is_for_the_person_and_the_organisation(
    api: Any, users: dict[str, User], told: AccountabilityCase, otherhead: User
) -> None:
    row = _decided(users, told)
    clerk = users["window"].pk
    path = f"/accountability/people/{clerk}/record"
    mine = api("window").get(path)
    assert [r["decision_number"] for r in mine.json()] == [row.decision_number]
    assert [r["id"] for r in api("organisation").get(path).json()] == [row.pk]
    for who in ("depthead", "otherhead", "supervisor", "reviewer"):
        response = api(who).get(path)
        assert (response.status_code, response.json()["code"]) == (
            404,
            "accountability_person_not_found",
        ), who


def test_sources_are_checked_and_linked(api: Any, users: dict[str, User]) -> None:
    sup = api("supervisor")
    base = {
        "title": "t",
        "facts": "f",
        "subjects": [{"kind": "unit"}],
    }
    for kind, ref, code in (
        ("card", "999", "accountability_source_invalid"),
        ("anomaly", "abc", "accountability_source_invalid"),
        ("rating_appeal", "1", "accountability_source_invalid"),
        ("target", "", "accountability_source_invalid"),
        ("direct", " ", "accountability_source_invalid"),
        ("rumour", "1", "accountability_source_kind_invalid"),
    ):
        response = sup.post(
            "/accountability/cases", {**base, "source_kind": kind, "source_ref": ref}
        )
        assert (response.status_code, response.json()["code"]) == (400, code), kind
    # A target needs the unit named.
    response = sup.post(
        "/accountability/cases", {**base, "source_kind": "target", "source_ref": "T-1"}
    )
    assert response.json()["code"] == "accountability_department_invalid"
    assert AccountabilityCase.objects.count() == 0


def test_bad_input_is_refused_and_nothing_stored(api: Any, users: dict[str, User]) -> None:
    sup = api("supervisor")
    dept = Department.objects.get(code=BUREAU)
    good = {
        "source_kind": "direct",
        "source_ref": "批示",
        "title": "办事拖拉",
        "facts": "经查属实",
        "subjects": [{"kind": "unit"}],
        "department_id": dept.pk,
    }
    for change, code in (
        ({"title": "  "}, "accountability_title_required"),
        ({"facts": ""}, "accountability_facts_required"),
        ({"subjects": []}, "accountability_subjects_required"),
        ({"subjects": [{"kind": "alien"}]}, "accountability_subject_invalid"),
        ({"subjects": [{"kind": "staff", "user_id": 999999}]}, "accountability_subject_invalid"),
        ({"rule_ids": [999]}, "accountability_rule_invalid"),
        ({"department_id": 999999}, "accountability_department_invalid"),
    ):
        response = sup.post("/accountability/cases", {**good, **change})
        assert (response.status_code, response.json()["code"]) == (400, code), change
    assert AccountabilityCase.objects.count() == 0
    # A window clerk cannot open a case at all.
    response = api("window").post("/accountability/cases", good)
    assert response.status_code == 403
    row = open_case(users)
    sup = api("supervisor")
    with travel_to(date(2026, 9, 15)):
        early = sup.post(f"/accountability/cases/{row.pk}/decide", {})
        assert (early.status_code, early.json()["code"]) == (
            409,
            "accountability_case_step_invalid",
        )
        sup.post(f"/accountability/cases/{row.pk}/statement-request")
    with travel_to(date(2026, 9, 22)):
        unknown = sup.post(
            f"/accountability/cases/{row.pk}/propose", {"measure_code": "exile", "proposal": "x"}
        )
        assert (unknown.status_code, unknown.json()["code"]) == (
            400,
            "accountability_measure_invalid",
        )
        days = sup.post(
            f"/accountability/cases/{row.pk}/propose",
            {"measure_code": "rectification_order", "proposal": "x", "rectify_days": 0},
        )
        assert days.json()["code"] == "accountability_rectify_days_invalid"
        refer = sup.post(
            f"/accountability/cases/{row.pk}/propose",
            {"measure_code": "admonition", "proposal": "诫勉"},
        )
        assert refer.status_code == 200
        wrong = sup.post(f"/accountability/cases/{row.pk}/refer", {"referred_to": "组织部"})
        assert wrong.json()["code"] == "accountability_measure_needs_bureau"


def test_measures_rules_and_the_public_bulletins(
    api: Any, client: Any, users: dict[str, User], told: AccountabilityCase
) -> None:
    codes = [m["code"] for m in api("supervisor").get("/accountability/measures").json()]
    assert codes == [
        "admonition",
        "circulated_criticism",
        "rectification_order",
        "resignation",
        "discipline",
    ]
    assert len(api("supervisor").get("/accountability/rules").json()) == 6
    client.logout()
    assert client.get("/api/v1/accountability/bulletins").json() == []
    row = _decided(users, told)
    listed = client.get("/api/v1/accountability/bulletins").json()
    assert [b["decision_number"] for b in listed] == [row.decision_number]
    assert listed[0]["subjects"] == ["窗口工作人员", "张掖市工商行政管理局"]
    assert client.get("/api/v1/accountability/cases").status_code == 401
