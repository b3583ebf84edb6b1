"""The desks and the case page: scope (404 for a case not seen, 403 for a
desk not allowed), the phone forms (photo, location, the page's
Permissions-Policy), the party masked and the reveal audited, the 首违不罚
box, the forms of the allowed steps only, a refusal shown with its code,
the head's and the legal office's desks, evidence downloads in scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_support import BASE, JPEG, PERSON_ID, clue, notify, photo, registered

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import EvidenceFile, Item, PenaltyCase, Status
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_every_role_sees_what_it_may(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = registered(users, enforcement_item)
    with travel_to(BASE):
        for name in ("zhifa", "depthead", "fazhi", "supervisor"):
            client = login(name)
            assert client.get("/enforcement/").status_code == 200, name
            assert client.get(f"/enforcement/{case.pk}/").status_code == 200, name
        for name in ("fagai", "caizheng"):
            assert login(name).get(f"/enforcement/{case.pk}/").status_code == 404, name
        for name in ("window", "reviewer", "applicant"):
            client = login(name)
            assert client.get("/enforcement/").status_code == 403, name
            assert client.get(f"/enforcement/{case.pk}/").status_code == 403, name
            assert client.post(f"/enforcement/{case.pk}/register/").status_code == 403, name
        assert login("zhifa").get("/enforcement/head/").status_code == 403
        assert login("depthead").get("/enforcement/review/").status_code == 403
        assert login("fazhi").get("/enforcement/review/").status_code == 200
        assert login("depthead").get("/enforcement/head/").status_code == 200
        assert (
            login("fagai").post(f"/enforcement/{case.pk}/decline/", {"reason": "x"}).status_code
            == 404
        )
        assert login("zhifa").get("/enforcement/999999999999999999999/").status_code == 404


def test_the_on_site_phone_form_opens_a_clue_with_photos_and_location(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    with travel_to(BASE):
        client = login("zhifa")
        page = client.get("/enforcement/new/")
        html = page.content.decode()
        assert 'accept="image/*" capture="environment" multiple' in html
        assert "data-geo-locate" in html
        assert "enforcement/onsite.js" in html
        assert "web/js/geolocate.js" in html
        assert "<script>" not in html  # no inline script under the CSP
        assert "geolocation=(self)" in page.headers["Permissions-Policy"]
        response = client.post(
            "/enforcement/new/",
            {
                "item_id": enforcement_item.pk,
                "party_kind": "person",
                "party_name": "张三丰",
                "party_id_no": PERSON_ID,
                "facts": "未取得营业执照从事服装零售",
                "place": "县府街12号",
                "violated_on": "2026-03-02",
                "found_on": "2026-03-02",
                "source": "inspection",
                "officer_ids": [users["zhifa"].pk, users["zhifa2"].pk],
                "evidence_description": "店内陈列服装约200件",
                "latitude": "38.932412",
                "longitude": "100.451237",
                "files": [photo("1.jpg"), photo("2.jpg")],
            },
        )
    case = PenaltyCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/enforcement/{case.pk}/"
    assert EvidenceFile.objects.filter(evidence__case=case).count() == 2


def test_a_refused_phone_form_comes_back_with_what_was_typed_and_the_code(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    with travel_to(BASE):
        response = login("zhifa").post(
            "/enforcement/new/",
            {
                "item_id": enforcement_item.pk,
                "party_kind": "person",
                "party_name": "张三丰",
                "party_id_no": "620702198503121239",
                "facts": "无照经营",
                "place": "县府街12号",
                "violated_on": "2026-03-02",
                "found_on": "2026-03-02",
                "source": "inspection",
                "officer_ids": [users["zhifa"].pk],
            },
        )
    html = response.content.decode()
    assert response.status_code == 400
    assert "enforcement_id_number_invalid" in html
    assert "张三丰" in html
    assert not PenaltyCase.objects.exists()


def test_the_party_is_masked_and_revealing_it_is_audited(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        page = login("supervisor").get(f"/enforcement/{case.pk}/").content.decode()
        assert PERSON_ID not in page
        assert "6207**********1238" in page
        assert "139****1234" in page
        assert "data-reveal" not in page  # the supervision bureau reads, does not handle
        assert login("supervisor").post(f"/enforcement/{case.pk}/reveal/").status_code == 403
        client = login("zhifa")
        assert PERSON_ID not in client.get(f"/enforcement/{case.pk}/").content.decode()
        shown = client.post(f"/enforcement/{case.pk}/reveal/").content.decode()
    assert PERSON_ID in shown
    assert "13909361234" in shown
    event = AuditEvent.objects.get(event_type="enforcement.party_revealed")
    assert (event.actor, event.object_id) == (users["zhifa"], str(case.pk))


def test_the_page_says_when_first_offence_may_apply(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert "本事项适用首违不罚：" in page
    assert enforcement_item.exempt_conditions in page
    enforcement_item.first_offence_exempt = False
    enforcement_item.save(update_fields=["first_offence_exempt"])
    with travel_to(BASE):
        assert (
            "本事项适用首违不罚"
            not in login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
        )


def test_the_page_offers_only_the_allowed_steps_and_shows_refusals_with_codes(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        officer = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
        assert 'data-step-form="evidence"' in officer
        assert 'data-step-form="register"' not in officer
        head = login("depthead").get(f"/enforcement/{case.pk}/").content.decode()
        assert 'data-step-form="register"' in head
        assert 'data-step-form="decide"' not in head
        done = login("depthead").post(f"/enforcement/{case.pk}/register/", follow=True)
        assert "已立案" in done.content.decode()
        again = login("depthead").post(f"/enforcement/{case.pk}/register/", follow=True)
        assert "enforcement_step_not_allowed" in again.content.decode()
        assert login("depthead").post(f"/enforcement/{case.pk}/nonsense/").status_code == 404
    notify(users, case, date(2026, 3, 10))
    with travel_to(date(2026, 3, 11)):
        page = login("depthead").get(f"/enforcement/{case.pk}/").content.decode()
        assert 'data-step-form="decide"' in page
        assert "data-missing" in page
        refused = login("depthead").post(
            f"/enforcement/{case.pk}/decide/",
            {
                "outcome": "penalty",
                "penalties": ["fine"],
                "grade": "general",
                "fine": "30000",
                "decision_text": "罚款",
            },
            follow=True,
        )
    assert "enforcement_decided_before_defence" in refused.content.decode()
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.NOTIFIED


def test_the_head_desk_lists_clues_and_the_review_desk_pending_rounds(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    waiting = clue(users, enforcement_item)
    case = notify(users, registered(users, enforcement_item), date(2026, 3, 10))
    with travel_to(date(2026, 3, 18)):
        actions.submit_review(actor=users["zhifa"], case_id=case.pk)
        head = login("depthead").get("/enforcement/head/").content.decode()
        desk = login("fazhi").get("/enforcement/review/").content.decode()
        review = case.reviews.get()
        passed = login("fazhi").post(
            f"/enforcement/review/{review.pk}/",
            {"result": "passed", "opinion": "同意"},
            follow=True,
        )
    assert f'data-case="{waiting.pk}"' in head
    assert f'data-review="{review.pk}"' in desk
    assert "当事人享有听证权利" in desk
    assert "已出具法制审核意见" in passed.content.decode()
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.DECIDING


def test_evidence_files_download_in_scope_only(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = clue(users, enforcement_item)
    stored = EvidenceFile.objects.get(evidence__case=case)
    url = f"/enforcement/{case.pk}/evidence/{stored.pk}/"
    with travel_to(BASE):
        response = login("zhifa").get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == JPEG
        assert login("fagai").get(url).status_code == 404
        assert (
            login("zhifa").get(f"/enforcement/{case.pk + 1}/evidence/{stored.pk}/").status_code
            == 404
        )


def test_evidence_is_added_on_the_page_with_its_files(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = registered(users, enforcement_item)
    with travel_to(BASE):
        response = login("zhifa").post(
            f"/enforcement/{case.pk}/evidence/",
            {
                "kind": "inquiry",
                "description": "询问当事人，承认未办理营业执照",
                "taken_at": "2026-03-02T15:30",
                "place": "市工商局询问室",
                "officer_ids": [users["zhifa"].pk, users["zhifa2"].pk],
                "files": [photo("询问笔录.jpg")],
            },
            follow=True,
        )
    assert "已登记证据" in response.content.decode()
    assert case.evidence.count() == 2


def test_the_simple_form_decides_on_the_spot(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    with travel_to(BASE):
        response = login("zhifa").post(
            "/enforcement/simple/",
            {
                "item_id": enforcement_item.pk,
                "party_kind": "person",
                "party_name": "李四",
                "party_id_no": PERSON_ID,
                "facts": "占道摆摊销售服装",
                "place": "大佛寺巷口",
                "violated_on": "2026-03-02",
                "penalties": ["fine"],
                "grade": "mitigated",
                "fine": "100",
                "officer_ids": [users["zhifa"].pk, users["zhifa2"].pk],
            },
        )
        case = PenaltyCase.objects.get()
        assert response["Location"] == f"/enforcement/{case.pk}/"
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert "张工商当罚〔2026〕1号" in page
    assert case.status == Status.SERVED
