"""Enforcement certificates (执法证, 行政处罚法 art. 42, 55): the legal office
issues, renews and revokes them city-wide (a body's head cannot); an
officer must belong to the body and hold the officer's function; numbers
are unique; and `valid_certificate` — the one check every act uses — says
None on the right days: before issue, after expiry, from revocation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.actions import certificates as actions
from xiaoneng.enforcement.common import valid_certificate
from xiaoneng.enforcement.models import Certificate
from xiaoneng.enforcement.selectors.authority import (
    certificate_state,
    certificates_for,
    expiring_certificates,
    valid_on,
)
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
ISSUED, UNTIL = date(2026, 1, 5), date(2026, 12, 31)


def body(code: str = "620700005") -> Department:
    return Department.objects.get(code=code)


def issue(users: dict[str, User], actor: str = "fazhi", **extra: Any) -> Certificate:
    fields: dict[str, Any] = {
        "officer_id": users["zhifa"].pk,
        "body_id": body().pk,
        "number": "620700005202601",
        "field": "市场监管",
        "issued_on": ISSUED,
        "valid_until": UNTIL,
    }
    fields.update(extra)
    with travel_to(DAY):
        return actions.issue_certificate(actor=users[actor], **fields)


def refused(call: Any, code: str, error: type[DomainError] = InvalidInput) -> None:
    with pytest.raises(error) as caught:
        call()
    assert caught.value.code == code


def test_the_legal_office_issues_and_the_certificate_is_valid_inside_its_dates(
    users: dict[str, User],
) -> None:
    cert = issue(users)
    zhifa, gs = users["zhifa"], body().pk
    assert valid_certificate(zhifa, gs, ISSUED - timedelta(days=1)) is None
    assert valid_certificate(zhifa, gs, ISSUED) == cert  # the issue day counts
    assert valid_certificate(zhifa, gs, UNTIL) == cert  # so does the last day
    assert valid_certificate(zhifa, gs, UNTIL + timedelta(days=1)) is None
    assert valid_certificate(zhifa, body("620700013").pk, DAY) is None  # another body
    event = AuditEvent.objects.get(event_type="enforcement.certificate_issued")
    assert event.payload["number"] == "620700005202601"


def test_a_revoked_certificate_stops_on_its_revocation_day(users: dict[str, User]) -> None:
    cert = issue(users)
    with travel_to(date(2026, 4, 10)):
        actions.revoke_certificate(
            actor=users["fazhi"],
            certificate_id=cert.pk,
            reason="调离执法岗位",
            revoked_on="2026-04-08",
        )
    zhifa, gs = users["zhifa"], body().pk
    assert valid_certificate(zhifa, gs, date(2026, 4, 7)) == cert
    assert valid_certificate(zhifa, gs, date(2026, 4, 8)) is None
    assert valid_certificate(zhifa, gs, date(2026, 6, 1)) is None
    with travel_to(date(2026, 4, 10)):
        refused(
            lambda: actions.revoke_certificate(
                actor=users["fazhi"], certificate_id=cert.pk, reason="again"
            ),
            "enforcement_certificate_revoked",
            Conflict,
        )
        refused(
            lambda: actions.renew_certificate(
                actor=users["fazhi"],
                certificate_id=cert.pk,
                number="N2",
                issued_on=date(2026, 4, 10),
                valid_until=date(2030, 1, 1),
            ),
            "enforcement_certificate_revoked",
            Conflict,
        )


@pytest.mark.parametrize(
    ("revoked_on", "reason", "code"),
    [
        ("2025-12-31", "早于发证", "enforcement_certificate_dates_invalid"),
        ("2026-03-03", "明天", "enforcement_certificate_dates_invalid"),
        ("03/01/2026", "格式", "enforcement_certificate_dates_invalid"),
        (None, " ", "enforcement_certificate_reason_required"),
    ],
)
def test_bad_revocations_are_refused(
    users: dict[str, User], revoked_on: Any, reason: str, code: str
) -> None:
    cert = issue(users)
    with travel_to(DAY):
        refused(
            lambda: actions.revoke_certificate(
                actor=users["fazhi"], certificate_id=cert.pk, reason=reason, revoked_on=revoked_on
            ),
            code,
        )
    assert Certificate.objects.get(pk=cert.pk).revoked_on is None


def test_renewal_is_a_new_certificate_valid_beyond_the_old(users: dict[str, User]) -> None:
    old = issue(users)
    with travel_to(date(2026, 12, 20)):
        refused(
            lambda: actions.renew_certificate(
                actor=users["fazhi"],
                certificate_id=old.pk,
                number="620700005202701",
                issued_on=date(2026, 12, 20),
                valid_until=UNTIL,
            ),
            "enforcement_certificate_dates_invalid",
        )
        new = actions.renew_certificate(
            actor=users["fazhi"],
            certificate_id=old.pk,
            number="620700005202701",
            issued_on=date(2026, 12, 20),
            valid_until=date(2029, 12, 31),
        )
    assert new.pk != old.pk
    assert new.field == old.field
    assert new.officer == old.officer
    assert valid_certificate(users["zhifa"], body().pk, date(2027, 6, 1)) == new
    assert valid_certificate(users["zhifa"], body().pk, date(2026, 12, 25)) == new
    event = AuditEvent.objects.get(event_type="enforcement.certificate_renewed")
    assert event.payload["replaces"] == "620700005202601"


@pytest.mark.parametrize(
    ("extra", "code", "error"),
    [
        ({"number": ""}, "enforcement_certificate_number_required", InvalidInput),
        ({"field": ""}, "enforcement_certificate_field_required", InvalidInput),
        (
            {"issued_on": DAY, "valid_until": DAY - timedelta(days=1)},
            "enforcement_certificate_dates_invalid",
            InvalidInput,
        ),
        (
            {"issued_on": DAY + timedelta(days=1)},
            "enforcement_certificate_dates_invalid",
            InvalidInput,
        ),
        ({"valid_until": "2026-02-30"}, "enforcement_certificate_dates_invalid", InvalidInput),
        ({"valid_until": 20261231}, "enforcement_certificate_dates_invalid", InvalidInput),
        ({"officer_id": "nobody"}, "enforcement_officer_invalid", InvalidInput),
        ({"body_id": 10**30}, "enforcement_body_invalid", InvalidInput),
    ],
)
def test_bad_certificates_are_refused(
    users: dict[str, User], extra: dict[str, Any], code: str, error: type[DomainError]
) -> None:
    refused(lambda: issue(users, **extra), code, error)
    assert not Certificate.objects.exists()


def test_the_officer_belongs_to_the_body_and_enforces(users: dict[str, User]) -> None:
    # zhifa is 市工商局's: not 市环保局's officer.
    refused(
        lambda: issue(users, body_id=body("620700013").pk),
        "enforcement_certificate_officer_outside_body",
    )
    # The window clerk of 市工商局 (a unit below it) holds no officer's function.
    refused(
        lambda: issue(users, officer_id=users["window"].pk),
        "enforcement_certificate_officer_not_enforcer",
    )
    refused(
        lambda: issue(users, officer_id=users["reviewer"].pk),
        "enforcement_certificate_officer_not_enforcer",
    )


def test_numbers_are_unique_and_one_valid_certificate_per_body(users: dict[str, User]) -> None:
    issue(users)
    refused(
        lambda: issue(users, officer_id=users["zhifa2"].pk),
        "enforcement_certificate_number_taken",
        Conflict,
    )
    refused(lambda: issue(users, number="OTHER"), "enforcement_certificate_exists", Conflict)
    assert Certificate.objects.count() == 1


def test_only_the_legal_office_keeps_certificates(users: dict[str, User]) -> None:
    for who in ("depthead", "zhifa", "window", "supervisor", "fagai"):
        with pytest.raises(PermissionDenied):
            issue(users, actor=who)
    cert = issue(users)
    with travel_to(DAY), pytest.raises(PermissionDenied):
        actions.revoke_certificate(actor=users["depthead"], certificate_id=cert.pk, reason="x")
    with travel_to(DAY):
        refused(
            lambda: actions.revoke_certificate(
                actor=users["fazhi"], certificate_id=10**30, reason="x"
            ),
            "enforcement_certificate_not_found",
            NotFound,
        )


def test_who_reads_certificates(users: dict[str, User]) -> None:
    mine = issue(users)
    other = issue(users, officer_id=users["zhifa2"].pk, number="620700005202602")
    assert set(certificates_for(users["fazhi"])) == {mine, other}
    assert set(certificates_for(users["supervisor"])) == {mine, other}
    assert set(certificates_for(users["depthead"])) == {mine, other}
    assert list(certificates_for(users["zhifa"])) == [mine]
    assert not certificates_for(users["fagai"]).exists()
    assert not certificates_for(users["window"]).exists()


def test_the_desk_lists_certificates_running_out_within_30_days(users: dict[str, User]) -> None:
    cert = issue(users)
    fazhi = users["fazhi"]
    assert list(expiring_certificates(fazhi, UNTIL - timedelta(days=31))) == []
    assert list(expiring_certificates(fazhi, UNTIL - timedelta(days=30))) == [cert]
    assert list(expiring_certificates(fazhi, UNTIL)) == [cert]
    assert list(expiring_certificates(fazhi, UNTIL + timedelta(days=1))) == []  # expired
    with travel_to(date(2026, 12, 10)):
        actions.renew_certificate(
            actor=fazhi,
            certificate_id=cert.pk,
            number="620700005202701",
            issued_on=date(2026, 12, 10),
            valid_until=date(2029, 12, 31),
        )
    assert list(expiring_certificates(fazhi, date(2026, 12, 10))) == []  # renewed


def test_the_list_queries_agree_with_valid_certificate_on_every_boundary_day(
    users: dict[str, User],
) -> None:
    """The public officers' list and the desk's state read validity as a
    query (`valid_on`); it must say what `common.valid_certificate` says."""
    cert = issue(users)
    with travel_to(date(2026, 6, 1)):
        actions.revoke_certificate(
            actor=users["fazhi"], certificate_id=cert.pk, reason="调离", revoked_on="2026-05-31"
        )
    cert.refresh_from_db()
    for day in (
        ISSUED - timedelta(days=1),
        ISSUED,
        date(2026, 5, 30),
        date(2026, 5, 31),
        UNTIL,
        UNTIL + timedelta(days=1),
    ):
        valid = valid_certificate(users["zhifa"], body().pk, day) is not None
        assert Certificate.objects.filter(valid_on(day), pk=cert.pk).exists() is valid, day
        assert (certificate_state(cert, day) == "有效") is valid, day
