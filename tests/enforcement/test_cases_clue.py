"""The clue and the evidence (行政处罚法 art. 42, 54–55): two certified
officers or the act is refused and the supervision bureau sees the anomaly
(after the rollback); the party's identity checked and sealed; evidence
files kept with their SM3 digests in the audit chain; the registration
limit of 15 working days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from cases_support import (
    BASE,
    CREDIT_CODE,
    JPEG,
    ORGANISATION,
    PERSON,
    PERSON_ID,
    at,
    clue,
    officer_ids,
    onsite,
    photo,
    registered,
)
from django.db import connection

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import Certificate, EvidenceFile, Item, PenaltyCase, Status
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly
from xiaoneng.system.pii import pii_digest

pytestmark = pytest.mark.django_db


def test_a_clue_by_two_certified_officers_starts_the_registration_limit(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Found Mon 2 Mar 2026; 15 working days (no holiday in March) end Mon 23 Mar."""
    case = clue(users, enforcement_item)
    assert case.status == Status.CLUE
    assert case.register_due == date(2026, 3, 23)
    assert (case.due_on, case.due_step) == (date(2026, 3, 23), "register")
    assert sorted(u.username for u in case.officers.all()) == ["zhifa", "zhifa2"]
    assert case.number == ""
    opened = AuditEvent.objects.get(event_type="enforcement.clue_opened", object_id=str(case.pk))
    assert opened.payload["register_due"] == "2026-03-23"
    assert PERSON_ID not in str(opened.payload)  # personal data never in the chain's clear text


def test_the_identity_number_is_sealed_at_rest_and_found_by_digest(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = clue(users, enforcement_item)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT party_id_no, party_phone FROM enforcement_penaltycase WHERE id = %s", [case.pk]
        )
        stored_id, stored_phone = cursor.fetchone()
    assert PERSON_ID not in stored_id
    assert "13909361234" not in stored_phone
    assert PenaltyCase.objects.get(party_id_digest=pii_digest(PERSON_ID)).party_id_no == PERSON_ID


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("party_id_no", "620702198503121239", "enforcement_id_number_invalid"),  # check digit
        ("party_id_no", "620702198513121238", "enforcement_id_number_invalid"),  # month 13
        ("party_id_no", "", "enforcement_id_number_invalid"),
        ("party_phone", "call me", "enforcement_phone_invalid"),
        ("party_kind", "alien", "enforcement_party_invalid"),
        ("facts", "   ", "enforcement_facts_required"),
        ("source", "rumour", "enforcement_source_invalid"),
        ("found_on", "2026-13-01", "enforcement_date_invalid"),
        ("violated_on", date(2026, 3, 3), "enforcement_date_invalid"),  # after found
        ("item_id", "x", "enforcement_item_invalid"),
        ("facts", 12, "enforcement_facts_required"),
        ("facts", "违法\x00事实", "enforcement_facts_required"),
    ],
)
def test_bad_input_is_refused_with_its_code(
    users: dict[str, User], enforcement_item: Item, field: str, value: object, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        clue(users, enforcement_item, **{field: value})
    assert refused.value.code == code
    assert not PenaltyCase.objects.exists()


def test_an_organisation_needs_a_valid_credit_code(
    users: dict[str, User], enforcement_item: Item
) -> None:
    bad = {**ORGANISATION, "party_code": CREDIT_CODE[:-1] + "6"}
    with pytest.raises(InvalidInput) as refused:
        clue(users, enforcement_item, party=bad)
    assert refused.value.code == "enforcement_credit_code_invalid"
    case = clue(users, enforcement_item, party=ORGANISATION)
    assert (case.party_code, case.party_id_no, case.party_id_digest) == (CREDIT_CODE, "", "")


def test_one_officer_alone_is_refused_and_the_attempt_is_an_anomaly(
    users: dict[str, User], enforcement_item: Item
) -> None:
    with pytest.raises(Refused) as refused:
        clue(users, enforcement_item, officer_ids=officer_ids(users, "zhifa"))
    assert refused.value.code == "enforcement_two_officers_required"
    assert not PenaltyCase.objects.exists()  # rolled back
    anomaly = Anomaly.objects.get(kind="officer_alone")
    assert anomaly.subject_kind == "penalty_attempt"
    assert anomaly.department_id == enforcement_item.body_id
    refusal = AuditEvent.objects.get(event_type="enforcement.act_refused")
    assert anomaly.subject_ref == refusal.seq


def test_an_officer_whose_certificate_expired_that_day_cannot_act(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """zhifa2's certificate is valid until 10 Mar: a clue found on the 10th
    stands, one found on the 11th is refused (officer_uncertified)."""
    Certificate.objects.filter(officer=users["zhifa2"]).update(valid_until=date(2026, 3, 10))
    last_day = date(2026, 3, 10)
    assert clue(users, enforcement_item, last_day, evidence=False).status == Status.CLUE
    with pytest.raises(Refused) as refused:
        clue(users, enforcement_item, last_day + timedelta(days=1), evidence=False)
    assert refused.value.code == "enforcement_certificate_invalid"
    assert refused.value.detail["officers"] == [users["zhifa2"].pk]
    assert Anomaly.objects.filter(kind="officer_uncertified").count() == 1
    assert PenaltyCase.objects.count() == 1


def test_a_user_without_enforcement_act_or_of_another_body_cannot_open_a_clue(
    users: dict[str, User], enforcement_item: Item
) -> None:
    from xiaoneng.core.errors import PermissionDenied

    for name in ("window", "reviewer", "fagai", "fazhi"):
        with pytest.raises(PermissionDenied):
            clue(users, enforcement_item, actor=name)
    enforcement_item.active = False
    enforcement_item.save(update_fields=["active"])
    with pytest.raises(Conflict) as repealed:
        clue(users, enforcement_item)
    assert repealed.value.code == "enforcement_item_repealed"


def test_no_clue_under_an_item_the_list_has_not_published(
    users: dict[str, User], enforcement_item: Item
) -> None:
    # 国办发〔2018〕118号: the enforcement list is public before the body acts on it.
    enforcement_item.published_on = None
    enforcement_item.save(update_fields=["published_on"])
    with pytest.raises(Conflict) as unpublished:
        clue(users, enforcement_item)
    assert unpublished.value.code == "enforcement_item_unpublished"
    assert PenaltyCase.objects.count() == 0


def test_the_on_site_record_keeps_its_files_and_their_sm3_in_the_chain(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = clue(users, enforcement_item)
    record = case.evidence.get()
    assert (record.latitude, record.longitude) == (Decimal("38.932412"), Decimal("100.451237"))
    stored = EvidenceFile.objects.get(evidence=record)
    assert stored.sm3 == sm3_hex(JPEG)
    opened = AuditEvent.objects.get(event_type="enforcement.clue_opened", object_id=str(case.pk))
    assert opened.payload["evidence"]["files"][0]["sm3"] == sm3_hex(JPEG)


def test_evidence_is_recorded_by_two_officers_certified_on_the_day_it_was_taken(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = registered(users, enforcement_item)
    Certificate.objects.filter(officer=users["zhifa2"]).update(revoked_on=date(2026, 3, 5))
    day = date(2026, 3, 4)
    with travel_to(date(2026, 3, 6)):
        actions.record_evidence(
            actor=users["zhifa"], case_id=case.pk, **onsite(users, day, kind="inquiry")
        )
        with pytest.raises(Refused) as refused:
            actions.record_evidence(
                actor=users["zhifa"], case_id=case.pk, **onsite(users, date(2026, 3, 5))
            )
    assert refused.value.code == "enforcement_certificate_invalid"
    assert case.evidence.count() == 2  # the on-site record and the inquiry
    anomaly = Anomaly.objects.get(kind="officer_uncertified")
    assert (anomaly.subject_kind, anomaly.subject_ref) == ("penalty_case", case.pk)
    refusal = AuditEvent.objects.get(event_type="enforcement.act_refused", object_id=str(case.pk))
    assert refusal.payload["anomaly"] == "officer_uncertified"


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"latitude": "91", "longitude": "100"}, "enforcement_location_invalid"),
        ({"latitude": "38.9", "longitude": None}, "enforcement_location_invalid"),
        ({"longitude": "east"}, "enforcement_location_invalid"),
        ({"kind": "rumour"}, "enforcement_evidence_invalid"),
        ({"taken_at": "yesterday"}, "enforcement_evidence_time_invalid"),
        ({"taken_at": at(date(2026, 3, 1))}, "enforcement_evidence_time_invalid"),  # before found
        ({"files": [photo("x.jpg", b"MZ\x90\x00")]}, "upload_type_not_allowed"),
    ],
)
def test_bad_evidence_is_refused_with_its_code(
    users: dict[str, User], enforcement_item: Item, extra: dict[str, object], code: str
) -> None:
    case = registered(users, enforcement_item)
    with travel_to(BASE), pytest.raises(InvalidInput) as refused:
        actions.record_evidence(
            actor=users["zhifa"], case_id=case.pk, **onsite(users, BASE, **extra)
        )
    assert refused.value.code == code
    assert case.evidence.count() == 1


def test_corrections_ordered_and_recorded(users: dict[str, User], enforcement_item: Item) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        with pytest.raises(Conflict) as early:
            actions.record_correction(actor=users["zhifa"], case_id=case.pk)
        assert early.value.code == "enforcement_correction_not_ordered"
        with pytest.raises(InvalidInput):
            actions.order_correction(actor=users["zhifa"], case_id=case.pk, due_on=date(2026, 3, 1))
        actions.order_correction(actor=users["zhifa"], case_id=case.pk, due_on=date(2026, 3, 9))
    with travel_to(date(2026, 3, 12)):
        done = actions.record_correction(
            actor=users["zhifa"], case_id=case.pk, corrected_on="2026-03-09"
        )
    assert (done.correction_due, done.corrected_on) == (date(2026, 3, 9), date(2026, 3, 9))
    event = AuditEvent.objects.get(event_type="enforcement.correction_recorded")
    assert event.payload["in_time"] is True


def test_an_identity_number_ending_in_x_is_kept_upper_case(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = clue(users, enforcement_item, party={**PERSON, "party_id_no": " 62070219900101404x "})
    assert case.party_id_no == "62070219900101404X"
    assert case.party_id_digest == pii_digest("62070219900101404X")
