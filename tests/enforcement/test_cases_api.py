"""The cases API: the same actions and selectors as the desks, scoped reads,
coded errors (400/403/404/409, never a 500 on bad input), the party masked
until revealed (audited), evidence uploaded as multipart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_support import CREDIT_CODE, JPEG, PERSON_ID, photo

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import EvidenceFile, Item
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def clue_body(users: dict[str, User], item: Item, **extra: Any) -> dict[str, Any]:
    body = {
        "item_id": item.pk,
        "party_kind": "organisation",
        "party_name": "张掖市祁连绿源农业科技有限公司",
        "party_code": CREDIT_CODE,
        "facts": "未取得营业执照从事农资销售",
        "place": "张掖市甘州区工业园区",
        "violated_on": "2026-03-02",
        "found_on": "2026-03-02",
        "source": "report",
        "officer_ids": [users["zhifa"].pk, users["zhifa2"].pk],
    }
    body.update(extra)
    return body


def test_a_case_from_clue_to_service_through_the_api(
    users: dict[str, User], enforcement_item: Item, api: Any, client: Any
) -> None:
    with travel_to(DAY):
        officer = api("zhifa")
        made = officer.post("/enforcement/cases", clue_body(users, enforcement_item))
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        assert made.json()["register_due"] == "2026-03-23"
        assert "evidence" in made.json()["next_steps"]
        uploaded = client.post(
            f"/api/v1/enforcement/cases/{pk}/evidence",
            {
                "kind": "onsite",
                "description": "现场检查笔录",
                "taken_at": "2026-03-02T10:00:00+08:00",
                "place": "工业园区",
                "officer_ids": f"{users['zhifa'].pk},{users['zhifa2'].pk}",
                "files": [photo()],
            },
        )
        assert uploaded.status_code == 200, uploaded.content
        stored = EvidenceFile.objects.get(evidence__case_id=pk)
        download = officer.get(f"/api/v1/enforcement/cases/{pk}/evidence/{stored.pk}")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == JPEG
        head = api("depthead")
        assert head.post(f"/enforcement/cases/{pk}/registration", {}).json()["number"] == (
            "张工商立〔2026〕1号"
        )
    with travel_to(date(2026, 3, 10)):
        notice = api("zhifa").post(
            f"/enforcement/cases/{pk}/notice",
            {"penalties": ["fine"], "grade": "general", "fine": "30000"},
        )
        assert notice.json()["defence_until"] == "2026-03-17"
        assert notice.json()["hearing_right"] is False
    with travel_to(date(2026, 3, 17)):
        early = api("depthead").post(
            f"/enforcement/cases/{pk}/decision",
            {
                "outcome": "penalty",
                "penalties": ["fine"],
                "grade": "general",
                "fine": "30000",
                "decision_text": "罚款叁万元",
            },
        )
        assert early.status_code == 409
        assert early.json()["code"] == "enforcement_decided_before_defence"
    assert Anomaly.objects.filter(kind="decided_before_defence", subject_ref=pk).exists()
    with travel_to(date(2026, 3, 18)):
        decided = api("depthead").post(
            f"/enforcement/cases/{pk}/decision",
            {
                "outcome": "penalty",
                "penalties": ["fine"],
                "grade": "general",
                "fine": "30000",
                "decision_text": "罚款叁万元",
            },
        )
        assert decided.status_code == 200, decided.content
        assert decided.json()["decision_no"] == "张工商罚〔2026〕1号"
        served = api("zhifa").post(f"/enforcement/cases/{pk}/service", {"how": "直接送达"})
        assert (served.json()["status"], served.json()["payment_due"]) == ("served", "2026-04-02")
        events = api("zhifa").get(f"/enforcement/cases/{pk}/timeline").json()
    assert [e["event_type"] for e in events][:2] == [
        "enforcement.clue_opened",
        "enforcement.evidence_recorded",
    ]
    assert "enforcement.act_refused" in [e["event_type"] for e in events]


def test_scope_and_permission_are_coded(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    with travel_to(DAY):
        pk = (
            api("zhifa").post("/enforcement/cases", clue_body(users, enforcement_item)).json()["id"]
        )
        other = api("fagai")
        missing = other.get(f"/api/v1/enforcement/cases/{pk}")
        assert (missing.status_code, missing.json()["code"]) == (404, "enforcement_case_not_found")
        assert other.get("/enforcement/cases").json() == []
        denied = api("window").post(f"/enforcement/cases/{pk}/registration", {})
        assert denied.status_code == 403
        refused = api("zhifa").post(f"/enforcement/cases/{pk}/registration", {})
        assert refused.status_code == 403
        assert api("fazhi").get(f"/api/v1/enforcement/cases/{pk}").status_code == 200


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"party_code": "91620702MA7XK3L2Q6"}, 400, "enforcement_credit_code_invalid"),
        ({"party_kind": "person", "party_id_no": "123"}, 400, "enforcement_id_number_invalid"),
        ({"source": "x" * 5000}, 400, "enforcement_source_invalid"),
        ({"officer_ids": [999999999]}, 400, "enforcement_officer_invalid"),
        ({"officer_ids": []}, 409, "enforcement_two_officers_required"),
        ({"item_id": 10**30}, 400, "enforcement_item_invalid"),
        ({"violated_on": "2026-02-30"}, 422, None),
        ({"found_on": "2099-01-01"}, 400, "enforcement_date_invalid"),
    ],
)
def test_bad_input_is_a_coded_error_never_a_500(
    users: dict[str, User],
    enforcement_item: Item,
    api: Any,
    extra: dict[str, Any],
    status: int,
    code: str | None,
) -> None:
    with travel_to(DAY):
        response = api("zhifa").post(
            "/enforcement/cases", clue_body(users, enforcement_item, **extra)
        )
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    if code:
        assert body["code"] == code


def test_the_party_is_masked_until_revealed_and_the_reveal_is_audited(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    person = {
        "party_kind": "person",
        "party_name": "张三丰",
        "party_id_no": PERSON_ID,
        "party_code": "",
        "party_phone": "13909361234",
    }
    with travel_to(DAY):
        made = api("zhifa").post("/enforcement/cases", clue_body(users, enforcement_item, **person))
        pk = made.json()["id"]
        assert made.json()["party_id_no"] == "6207**********1238"
        assert api("supervisor").post(f"/enforcement/cases/{pk}/party").status_code == 403
        shown = api("zhifa").post(f"/enforcement/cases/{pk}/party")
    assert (shown.json()["party_id_no"], shown.json()["party_phone"]) == (PERSON_ID, "13909361234")
    assert AuditEvent.objects.filter(event_type="enforcement.party_revealed").count() == 1


def test_the_simple_procedure_and_the_legal_office_through_the_api(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    with travel_to(DAY):
        body = {
            **clue_body(users, enforcement_item),
            "penalties": ["fine"],
            "grade": "mitigated",
            "fine": "3001",
        }
        for key in ("found_on", "source"):
            body.pop(key)
        over = api("zhifa").post("/enforcement/simple", body)
        assert (over.status_code, over.json()["code"]) == (
            409,
            "enforcement_simple_procedure_limit",
        )
        made = api("zhifa").post("/enforcement/simple", {**body, "fine": "3000"})
        assert made.status_code == 201
        assert made.json()["decision_no"] == "张工商当罚〔2026〕1号"
        assert api("fazhi").get("/enforcement/reviews").json() == []
