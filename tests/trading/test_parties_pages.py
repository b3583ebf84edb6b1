"""The register of parties on its pages and in the API: the list searches by
name and code and filters by kind, phones masked everywhere; the forms
register (a refusal shown with its code, what was typed kept), correct
(the masked phone never saved back), deactivate, open an account (its
first password on that answer only, not cached, never on the page again)
and close it; a tenderer, an agency, a bidder, a regulator get no page and
no API call; supervision reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.demo.trading import credit_code
from xiaoneng.org.models import User
from xiaoneng.trading.actions import parties as actions
from xiaoneng.trading.models import Party

pytestmark = pytest.mark.django_db

PHONE = "13893601234"
MASKED = "138****1234"
API = "/api/v1/trading/parties"


def form(**over: Any) -> dict[str, Any]:
    return {
        "name": "张掖市祁丰建材有限公司",
        "credit_code": credit_code("MA7QF8X12"),
        "is_bidder": "on",
        "legal_representative": "祁文华",
        "contact_name": "祁小燕",
        "contact_phone": PHONE,
        "address": "甘肃省张掖市甘州区",
    } | over


def error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["code"] == code


def test_the_centre_registers_on_the_list_and_reads_it_masked(
    trading_world: dict[str, User], client: Client
) -> None:
    client.force_login(trading_world["jiaoyi"])
    refused = client.post("/trading/parties/", form(credit_code="91620700MA7QF8X120"))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert 'data-error-code="trading_credit_code_invalid"' in page
    assert "张掖市祁丰建材有限公司" in page  # what was typed stays
    response = client.post("/trading/parties/", form())
    party = Party.objects.get(name="张掖市祁丰建材有限公司")
    assert response.status_code == 302
    assert response["Location"] == f"/trading/parties/{party.pk}/"
    listing = client.get("/trading/parties/", {"q": "祁丰"}).content.decode()
    assert f'data-party="{party.pk}"' in listing
    assert MASKED in listing
    assert PHONE not in listing
    assert "路桥建设" not in listing
    by_code = client.get("/trading/parties/", {"q": party.credit_code.lower()}).content.decode()
    assert f'data-party="{party.pk}"' in by_code
    agencies = client.get("/trading/parties/", {"kind": "agency"}).content.decode()
    assert "甘肃明诚招标代理有限公司" in agencies
    assert "祁丰" not in agencies
    detail = client.get(f"/trading/parties/{party.pk}/").content.decode()
    assert MASKED in detail
    assert PHONE not in detail
    assert party.credit_code in detail


def test_the_list_counts_accounts_and_the_detail_bids_and_agency_projects(
    trading_world: dict[str, User], client: Client
) -> None:
    client.force_login(trading_world["jiaoyi"])
    daili = Party.objects.get(name="甘肃明诚招标代理有限公司")
    listing = client.get("/trading/parties/", {"q": "明诚"}).content.decode()
    assert 'data-accounts="1"' in listing
    detail = client.get(f"/trading/parties/{daili.pk}/").content.decode()
    assert "daili" in detail
    assert "代理的交易项目" in detail
    assert 'data-bids="0"' in detail
    assert client.get("/trading/parties/999999/").status_code == 404


def test_correcting_keeps_the_phone_when_left_empty(
    trading_world: dict[str, User], client: Client
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **form(is_bidder=True, is_agency=False))
    client.force_login(centre)
    detail = client.get(f"/trading/parties/{party.pk}/").content.decode()
    assert f'value="{MASKED}"' not in detail  # the edit form does not carry the mask
    edited = form(name="张掖市祁丰新材料有限公司", contact_phone="")
    del edited["credit_code"]
    assert client.post(f"/trading/parties/{party.pk}/edit/", edited).status_code == 302
    party.refresh_from_db()
    assert party.name == "张掖市祁丰新材料有限公司"
    assert party.contact_phone == PHONE
    both_off = {**edited, "is_bidder": ""}
    del both_off["is_bidder"]
    page = client.post(f"/trading/parties/{party.pk}/edit/", both_off).content.decode()
    assert 'data-error-code="trading_party_kind_required"' in page


def test_an_account_s_first_password_is_shown_once(
    trading_world: dict[str, User], client: Client
) -> None:
    centre = trading_world["jiaoyi"]
    party = actions.register_party(centre, **form(is_bidder=True, is_agency=False))
    client.force_login(centre)
    url = f"/trading/parties/{party.pk}/accounts/"
    taken = client.post(url, {"username": "toubiao1", "real_name": "甲", "phone": ""})
    assert 'data-error-code="trading_username_taken"' in taken.content.decode()
    response = client.post(url, {"username": "qf01", "real_name": "祁一", "phone": PHONE})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    start = page.index("data-password>") + len("data-password>")
    password = page[start : page.index("</div>", start)]
    user = User.objects.get(username="qf01")
    assert user.check_password(password)
    again = client.get(f"/trading/parties/{party.pk}/").content.decode()
    assert password not in again
    assert "data-password" not in again
    assert "qf01" in again
    assert MASKED in again
    assert PHONE not in again
    close = f"/trading/parties/{party.pk}/accounts/{user.pk}/close/"
    assert client.post(close).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert (
        client.post(f"/trading/parties/{party.pk}/deactivate/", {"reason": ""}).status_code == 302
    )
    party.refresh_from_db()
    assert party.active  # no reason, no deactivation
    client.post(f"/trading/parties/{party.pk}/deactivate/", {"reason": "自愿退出"})
    party.refresh_from_db()
    assert not party.active


@pytest.mark.parametrize("username", ["zhaobiao", "daili", "toubiao1", "zhujian"])
def test_other_roles_get_no_page_and_no_call(
    trading_world: dict[str, User], client: Client, username: str
) -> None:
    party = Party.objects.get(name="张掖市路桥建设有限责任公司")
    client.force_login(trading_world[username])
    assert client.get("/trading/parties/").status_code == 403
    assert client.get(f"/trading/parties/{party.pk}/").status_code == 403
    assert client.post("/trading/parties/", form()).status_code == 403
    assert (
        client.post(f"/trading/parties/{party.pk}/deactivate/", {"reason": "x"}).status_code == 403
    )
    assert client.get(API).status_code == 403
    error(
        client.post(API, form(is_bidder=True), content_type="application/json"),
        403,
        "permission_denied",
    )
    error(
        client.post(
            f"{API}/{party.pk}/accounts",
            {"username": "x_new", "real_name": "某", "phone": ""},
            content_type="application/json",
        ),
        403,
        "permission_denied",
    )
    party.refresh_from_db()
    assert party.active
    assert not Party.objects.filter(name="张掖市祁丰建材有限公司").exists()


def test_supervision_reads_but_does_not_register(
    trading_world: dict[str, User], client: Client
) -> None:
    client.force_login(trading_world["supervisor"])
    page = client.get("/trading/parties/").content.decode()
    assert "路桥建设" in page
    assert "data-register-party" not in page
    assert client.post("/trading/parties/", form()).status_code == 403


def test_the_api_registers_corrects_opens_and_closes_with_the_same_codes(
    trading_world: dict[str, User], client: Client
) -> None:
    client.force_login(trading_world["jiaoyi"])
    body = form(is_bidder=True)
    bad = {**body, "credit_code": "91620700MA7QF8X120"}
    error(
        client.post(API, bad, content_type="application/json"), 400, "trading_credit_code_invalid"
    )
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["contact_phone"] == MASKED
    assert data["accounts"] == 0
    pk = data["id"]
    error(client.post(API, body, content_type="application/json"), 409, "trading_party_exists")
    listed = client.get(API, {"q": "祁丰"}).json()
    assert [p["id"] for p in listed] == [pk]
    assert PHONE not in str(listed)
    patched = client.patch(f"{API}/{pk}", {"is_agency": True}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["is_agency"] is True
    error(
        client.patch(
            f"{API}/{pk}", {"is_bidder": False, "is_agency": False}, content_type="application/json"
        ),
        400,
        "trading_party_kind_required",
    )
    opened = client.post(
        f"{API}/{pk}/accounts",
        {"username": "qf_api", "real_name": "祁接口", "phone": PHONE},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.content
    account = opened.json()
    assert account["roles"] == ["bidder", "trading_agency"]
    assert User.objects.get(username="qf_api").check_password(account["password"])
    detail = client.get(f"{API}/{pk}").json()
    assert detail["members"][0]["phone"] == MASKED
    assert "password" not in str(detail)
    closed = client.post(f"{API}/{pk}/accounts/{account['id']}/close")
    assert closed.status_code == 200
    assert closed.json()["accounts"] == 0
    error(
        client.post(f"{API}/{pk}/accounts/{account['id']}/close"), 404, "trading_account_not_found"
    )
    error(client.get(f"{API}/999999"), 404, "trading_party_not_found")
    gone = client.post(
        f"{API}/{pk}/deactivate", {"reason": "自愿退出"}, content_type="application/json"
    )
    assert gone.status_code == 200
    assert gone.json()["active"] is False
