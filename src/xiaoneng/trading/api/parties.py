"""The register of parties under /api/v1/trading/parties: list and read (the
centre, supervision), register, correct, deactivate, open and close
accounts (the centre). The same actions and codes as the pages; phones
masked; a new account's first password is in the answer to its POST only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.org.authority import require_any
from xiaoneng.trading.actions import parties as actions
from xiaoneng.trading.selectors import parties as selectors
from xiaoneng.web.paging import api_window

router = Router()


class TradingPartyOut(Schema):
    """A party; the contact's phone masked."""

    id: int
    name: str
    credit_code: str
    is_bidder: bool
    is_agency: bool
    legal_representative: str
    contact_name: str
    contact_phone: str
    address: str
    active: bool
    registered_at: datetime
    accounts: int


class TradingPartyAccountOut(Schema):
    id: int
    username: str
    real_name: str
    phone: str
    active: bool
    roles: list[str]


class TradingPartyDetailOut(TradingPartyOut):
    bids: int
    agency_projects: list[str]
    members: list[TradingPartyAccountOut]


class TradingPartyIn(Schema):
    name: str
    credit_code: str
    is_bidder: bool = True
    is_agency: bool = False
    legal_representative: str
    contact_name: str
    contact_phone: str = ""
    address: str = ""


class TradingPartyPatch(Schema):
    name: str | None = None
    is_bidder: bool | None = None
    is_agency: bool | None = None
    legal_representative: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    address: str | None = None


class TradingPartyDeactivateIn(Schema):
    reason: str


class TradingAccountIn(Schema):
    username: str
    real_name: str
    phone: str = ""


class TradingAccountOpenedOut(Schema):
    """The new account; `password` is its first password, shown this once."""

    id: int
    username: str
    party_id: int
    roles: list[str]
    password: str


def _detail(request: HttpRequest, party_id: int) -> dict[str, Any]:
    party = selectors.party_for(request.user, party_id)
    return {
        **selectors.party_row(party),
        "bids": selectors.bids_count(party),
        "agency_projects": [p.code for p in selectors.agency_projects(party)],
        "members": selectors.account_rows(party),
    }


@router.get("/parties", response=list[TradingPartyOut], summary="交易主体（交易中心、监察）")
def list_parties(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    state: str = "",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    require_any(request.user, selectors.READERS)
    qs = selectors.search(selectors.parties_for(request.user), text=q, kind=kind, state=state)
    return [selectors.party_row(p) for p in api_window(qs, limit, offset)]


@router.get("/parties/{party_id}", response=TradingPartyDetailOut, summary="交易主体详情")
def read_party(request: HttpRequest, party_id: int) -> dict[str, Any]:
    require_any(request.user, selectors.READERS)
    return _detail(request, party_id)


@router.post("/parties", response={201: TradingPartyDetailOut}, summary="登记交易主体（交易中心）")
def register_party(request: HttpRequest, body: TradingPartyIn) -> Status[dict[str, Any]]:
    row = actions.register_party(request.user, **body.model_dump())
    return Status(201, _detail(request, row.pk))


@router.patch("/parties/{party_id}", response=TradingPartyDetailOut, summary="变更交易主体登记信息")
def update_party(request: HttpRequest, party_id: int, body: TradingPartyPatch) -> dict[str, Any]:
    actions.update_party(request.user, party_id, **body.model_dump(exclude_unset=True))
    return _detail(request, party_id)


@router.post(
    "/parties/{party_id}/deactivate", response=TradingPartyDetailOut, summary="停用交易主体"
)
def deactivate_party(
    request: HttpRequest, party_id: int, body: TradingPartyDeactivateIn
) -> dict[str, Any]:
    actions.deactivate_party(request.user, party_id, body.reason)
    return _detail(request, party_id)


@router.post(
    "/parties/{party_id}/accounts",
    response={201: TradingAccountOpenedOut},
    summary="开设交易主体账号（返回初始密码，仅此一次）",
)
def open_account(
    request: HttpRequest, party_id: int, body: TradingAccountIn
) -> Status[dict[str, Any]]:
    opened = actions.open_account(request.user, party_id, **body.model_dump())
    return Status(
        201,
        {
            "id": opened.user.pk,
            "username": opened.user.username,
            "party_id": party_id,
            "roles": sorted(r.code for r in opened.user.roles.all()),
            "password": opened.password,
        },
    )


@router.post(
    "/parties/{party_id}/accounts/{user_id}/close",
    response=TradingPartyDetailOut,
    summary="注销交易主体账号",
)
def close_account(request: HttpRequest, party_id: int, user_id: int) -> dict[str, Any]:
    actions.close_account(request.user, party_id, user_id)
    return _detail(request, party_id)
