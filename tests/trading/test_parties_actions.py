"""Registering the trading parties and their accounts, through the actions:
the credit code's GB 32100 check character and uniqueness, at least one
kind, the code fixed once registered, deactivation (party_of no longer
finds the party), accounts opened with the role of the party's kind and a
first password that signs in, is held at the password page, is kept
nowhere in clear nor in any audit event; accounts closed; only the centre
acts (a tenderer, an agency, a bidder, a regulator are refused)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from xiaoneng.demo.trading import credit_code
from xiaoneng.org.models import User
from xiaoneng.projects.codes import CREDIT_CHARSET, credit_check_char
from xiaoneng.trading.actions import parties as actions
from xiaoneng.trading.common import party_of
from xiaoneng.trading.models import Party

pytestmark = pytest.mark.django_db

PHONE = "13893601234"


def fields(**over: Any) -> dict[str, Any]:
    return {
        "name": "张掖市祁丰建材有限公司",
        "credit_code": credit_code("MA7QF8X12"),
        "is_bidder": True,
        "is_agency": False,
        "legal_representative": "祁文华",
        "contact_name": "祁小燕",
        "contact_phone": PHONE,
        "address": "甘肃省张掖市甘州区北环路 18 号",
    } | over


def refused(call: Callable[[], Any], kind: type[DomainError], code: str) -> DomainError:
    with pytest.raises(kind) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_the_centre_registers_a_party_its_phone_sealed_and_not_in_the_audit(
    trading_world: dict[str, User],
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **fields(credit_code=fields()["credit_code"].lower()))
    party.refresh_from_db()
    assert party.credit_code == fields()["credit_code"]  # kept upper case
    assert (party.is_bidder, party.is_agency, party.active) == (True, False, True)
    assert party.contact_phone == PHONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM trading_party WHERE id = %s", [party.pk])
        stored = cursor.fetchone()[0]
    assert PHONE not in stored  # sealed at rest
    row = AuditEvent.objects.get(event_type="trading.party_registered", object_id=str(party.pk))
    assert row.actor_id == centre.pk
    assert PHONE not in json.dumps(row.payload, ensure_ascii=False)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91620700MA7QF8X12X", "校验位"),  # the check character wrong
        ("91620700MA7QF8X1", "18位"),
        ("91620700MA7QF8XI2" + "0", "不允许的字符"),  # I is not in the charset
        ("9162A700MA7QF8X120", "行政区划码"),
        ("", "请填写"),
    ],
)
def test_a_bad_credit_code_is_refused_with_its_reason(
    trading_world: dict[str, User], code: str, why: str
) -> None:
    error = refused(
        lambda: actions.register_party(trading_world["jiaoyi"], **fields(credit_code=code)),
        InvalidInput,
        "trading_credit_code_invalid",
    )
    assert why in error.message
    assert not Party.objects.filter(name=fields()["name"]).exists()


@settings(max_examples=40, deadline=None)
@given(body=st.text(alphabet=CREDIT_CHARSET, min_size=9, max_size=9), shift=st.integers(1, 30))
def test_the_check_character_decides(body: str, shift: int) -> None:
    """Any organisation part: its own check character passes, every other fails."""
    from xiaoneng.projects.codes import credit_code_problem

    first17 = f"91620700{body}"
    right = credit_check_char(first17)
    assert credit_code_problem(first17 + right) is None
    wrong = CREDIT_CHARSET[(CREDIT_CHARSET.index(right) + shift) % len(CREDIT_CHARSET)]
    if wrong != right:
        assert credit_code_problem(first17 + wrong) == "统一社会信用代码校验位不正确"


def test_one_party_per_credit_code_even_an_inactive_one(trading_world: dict[str, User]) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **fields())
    refused(
        lambda: actions.register_party(centre, **fields(name="另一个名称")),
        Conflict,
        "trading_party_exists",
    )
    actions.deactivate_party(centre, party.pk, "营业执照被吊销")
    refused(lambda: actions.register_party(centre, **fields()), Conflict, "trading_party_exists")
    demo = Party.objects.get(name="张掖市路桥建设有限责任公司")
    refused(
        lambda: actions.register_party(centre, **fields(credit_code=demo.credit_code)),
        Conflict,
        "trading_party_exists",
    )


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"is_bidder": False, "is_agency": False}, "trading_party_kind_required"),
        ({"name": "  "}, "trading_party_name_required"),
        ({"legal_representative": ""}, "trading_legal_representative_required"),
        ({"contact_name": ""}, "trading_contact_name_required"),
        ({"contact_phone": "电话号码"}, "trading_contact_phone_invalid"),
        ({"address": "地" * 201}, "trading_address_invalid"),
    ],
)
def test_particulars_are_checked(
    trading_world: dict[str, User], over: dict[str, Any], code: str
) -> None:
    refused(
        lambda: actions.register_party(trading_world["jiaoyi"], **fields(**over)),
        InvalidInput,
        code,
    )


def test_an_agency_that_also_bids_is_both(trading_world: dict[str, User]) -> None:
    party = actions.register_party(trading_world["jiaoyi"], **fields(is_agency="on"))
    assert party.is_bidder
    assert party.is_agency


@pytest.mark.parametrize("username", ["zhaobiao", "daili", "toubiao1", "zhujian", "supervisor"])
def test_only_the_centre_acts(trading_world: dict[str, User], username: str) -> None:
    actor = trading_world[username]
    party = Party.objects.get(name="张掖市路桥建设有限责任公司")
    member = party.members.first()
    calls: list[Callable[[], Any]] = [
        lambda: actions.register_party(actor, **fields()),
        lambda: actions.update_party(actor, party.pk, name="改名"),
        lambda: actions.deactivate_party(actor, party.pk, "理由"),
        lambda: actions.open_account(
            actor, party.pk, username="lq_new", real_name="新员工", phone=""
        ),
        lambda: actions.close_account(actor, party.pk, member.pk if member else 0),
    ]
    for call in calls:
        refused(call, PermissionDenied, "permission_denied")
    party.refresh_from_db()
    assert party.active
    assert party.name == "张掖市路桥建设有限责任公司"
    assert not Party.objects.filter(name=fields()["name"]).exists()
    assert not User.objects.filter(username="lq_new").exists()


def test_update_keeps_the_credit_code_and_records_only_which_fields(
    trading_world: dict[str, User],
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **fields())
    refused(
        lambda: actions.update_party(centre, party.pk, credit_code=credit_code("MA7QF8X20")),
        InvalidInput,
        "trading_credit_code_fixed",
    )
    refused(
        lambda: actions.update_party(centre, party.pk, is_bidder=False),
        InvalidInput,
        "trading_party_kind_required",
    )
    refused(
        lambda: actions.update_party(centre, 999999, name="x"), NotFound, "trading_party_not_found"
    )
    actions.update_party(
        centre, party.pk, name="张掖市祁丰新材料有限公司", contact_phone="13993600001"
    )
    party.refresh_from_db()
    assert party.name == "张掖市祁丰新材料有限公司"
    assert party.contact_phone == "13993600001"
    assert party.credit_code == fields()["credit_code"]
    row = AuditEvent.objects.get(event_type="trading.party_updated", object_id=str(party.pk))
    assert row.payload["fields"] == ["contact_phone", "name"]
    assert "13993600001" not in json.dumps(row.payload)


def test_an_inactive_party_cannot_bid(trading_world: dict[str, User]) -> None:
    centre, bidder = trading_world["jiaoyi"], trading_world["toubiao1"]
    _, party = party_of(bidder)
    refused(
        lambda: actions.deactivate_party(centre, party.pk, " "),
        InvalidInput,
        "trading_reason_required",
    )
    actions.deactivate_party(centre, party.pk, "列入严重失信主体名单")
    refused(lambda: party_of(bidder), PermissionDenied, "trading_party_required")
    refused(
        lambda: actions.deactivate_party(centre, party.pk, "再次"),
        Conflict,
        "trading_party_inactive",
    )
    refused(
        lambda: actions.open_account(centre, party.pk, username="lq2", real_name="甲", phone=""),
        Conflict,
        "trading_party_inactive",
    )


def test_a_new_account_signs_in_is_held_to_change_and_finds_its_party(
    trading_world: dict[str, User], client: Client
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **fields())
    opened = actions.open_account(
        centre, party.pk, username="qifeng01", real_name="祁小燕", phone="13893605678"
    )
    user = User.objects.get(username="qifeng01")
    assert opened.user.pk == user.pk
    assert sorted(user.roles.values_list("code", flat=True)) == ["bidder"]
    assert user.department_id is None
    assert user.is_active
    assert list(user.trading_parties.all()) == [party]
    assert opened.password not in user.password
    assert user.check_password(opened.password)
    # Never in an audit event (nor the user's own creation).
    for row in AuditEvent.objects.all():
        assert opened.password not in json.dumps(row.payload, ensure_ascii=False)
    event = AuditEvent.objects.get(event_type="trading.account_opened")
    assert event.payload["username"] == "qifeng01"
    assert event.payload["roles"] == ["bidder"]
    # Signs in, and is sent to change the first password before anything else.
    response = client.post(
        "/accounts/login/", {"username": "qifeng01", "password": opened.password}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/")
    assert client.get("/trading/bids/").status_code == 302
    assert party_of(user)[1] == party


def test_the_role_follows_the_kind(trading_world: dict[str, User]) -> None:
    centre = trading_world["jiaoyi"]
    agency = Party.objects.get(name="甘肃明诚招标代理有限公司")
    opened = actions.open_account(centre, agency.pk, username="mc02", real_name="刘二", phone="")
    assert list(opened.user.roles.values_list("code", flat=True)) == ["trading_agency"]
    both = actions.register_party(centre, **fields(is_agency=True))
    opened = actions.open_account(centre, both.pk, username="qf_both", real_name="祁", phone="")
    assert sorted(opened.user.roles.values_list("code", flat=True)) == ["bidder", "trading_agency"]


def test_first_passwords_meet_the_policy_and_differ() -> None:
    seen = {actions.first_password() for _ in range(50)}
    assert len(seen) == 50
    for password in seen:
        assert len(password) >= 12
        assert any(c.islower() for c in password)
        assert any(c.isupper() for c in password)
        assert any(c.isdigit() for c in password)
        assert any(not c.isalnum() for c in password)


def test_account_input_is_checked(trading_world: dict[str, User]) -> None:
    centre = trading_world["jiaoyi"]
    party = Party.objects.get(name="张掖市路桥建设有限责任公司")

    def open_(**over: str) -> Any:
        given = {"username": "lq_new", "real_name": "新员工", "phone": ""} | over
        return lambda: actions.open_account(centre, party.pk, **given)

    refused(open_(username="toubiao1"), Conflict, "trading_username_taken")
    refused(open_(username="TouBiao1"), Conflict, "trading_username_taken")
    refused(open_(username="新 用户"), InvalidInput, "trading_username_invalid")
    refused(open_(username="ab"), InvalidInput, "trading_username_invalid")
    refused(open_(real_name=""), InvalidInput, "trading_real_name_required")
    refused(open_(phone="1" * 21), InvalidInput, "trading_account_phone_invalid")
    assert not User.objects.filter(username="lq_new").exists()


def test_closing_an_account_deactivates_it_and_removes_the_membership(
    trading_world: dict[str, User], client: Client
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **fields())
    opened = actions.open_account(centre, party.pk, username="qf03", real_name="祁三", phone="")
    other = Party.objects.get(name="张掖市路桥建设有限责任公司")
    refused(
        lambda: actions.close_account(centre, other.pk, opened.user.pk),
        NotFound,
        "trading_account_not_found",
    )
    actions.close_account(centre, party.pk, opened.user.pk)
    user = User.objects.get(pk=opened.user.pk)
    assert not user.is_active
    assert not party.members.filter(pk=user.pk).exists()
    refused(lambda: party_of(user), PermissionDenied, "permission_denied")  # inactive: no rights
    refused(
        lambda: actions.close_account(centre, party.pk, opened.user.pk),
        NotFound,
        "trading_account_not_found",
    )
    response = client.post("/accounts/login/", {"username": "qf03", "password": opened.password})
    assert response.status_code != 302
