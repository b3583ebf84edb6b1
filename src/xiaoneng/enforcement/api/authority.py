"""The enforcement list, benchmarks and certificates under
`/api/v1/enforcement`: the same actions and selectors as the desks (reads
scoped by the actor's authority, writes refused with their codes), and the
public reads of 执法公示 (`/public/...`, no sign-in; a natural person masked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.actions import authority as actions
from xiaoneng.enforcement.actions import certificates as certificate_actions
from xiaoneng.enforcement.models import Certificate, Item
from xiaoneng.enforcement.selectors.authority import (
    certificate_for,
    certificate_state,
    certificates_for,
    expiring_certificates,
    item_for,
    items_for,
)
from xiaoneng.enforcement.selectors.public import (
    item_row,
    officer_row,
    public_decision,
    public_items,
    public_officers,
    published_decisions,
)
from xiaoneng.web.paging import api_window

router = Router()


class EnforcementBenchmarkOut(Schema):
    grade: str
    grade_label: str
    circumstances: str
    fine_min: Decimal
    fine_max: Decimal
    other_penalties: str


class EnforcementItemOut(Schema):
    id: int
    code: str
    body: str
    body_id: int
    name: str
    legal_basis: str
    penalty_basis: str
    penalties: list[str]
    penalty_labels: list[str]
    fine_min: Decimal | None
    fine_max: Decimal | None
    first_offence_exempt: bool
    exempt_conditions: str
    active: bool
    published_on: date | None
    benchmarks: list[EnforcementBenchmarkOut]


class EnforcementItemIn(Schema):
    """A new item: `code` is set once; `body_id` defaults to the head's own unit."""

    code: str
    name: str
    legal_basis: str
    penalty_basis: str
    penalties: list[str]
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    first_offence_exempt: bool = False
    exempt_conditions: str = ""
    body_id: int | None = None


class EnforcementItemUpdateIn(Schema):
    name: str
    legal_basis: str
    penalty_basis: str
    penalties: list[str]
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    first_offence_exempt: bool = False
    exempt_conditions: str = ""


class EnforcementBenchmarkIn(Schema):
    grade: str
    circumstances: str
    fine_min: Decimal
    fine_max: Decimal
    other_penalties: str = ""


class EnforcementBenchmarksIn(Schema):
    benchmarks: list[EnforcementBenchmarkIn]


class EnforcementRepealIn(Schema):
    reason: str


class EnforcementPublishIn(Schema):
    body_id: int | None = None


class EnforcementCertificateOut(Schema):
    id: int
    number: str
    officer_id: int
    officer: str
    body: str
    body_id: int
    field: str
    issued_on: date
    valid_until: date
    revoked_on: date | None
    revoked_reason: str
    state: str


class EnforcementCertificateIn(Schema):
    officer_id: int
    body_id: int
    number: str
    field: str
    issued_on: date
    valid_until: date


class EnforcementRenewIn(Schema):
    number: str
    issued_on: date
    valid_until: date
    field: str = ""


class EnforcementRevokeIn(Schema):
    reason: str
    revoked_on: date | None = None


class PublicEnforcementOfficerOut(Schema):
    name: str
    number: str
    body: str
    body_id: int
    field: str
    issued_on: date
    valid_until: date


class PublicPenaltyDecisionOut(Schema):
    id: int
    decision_no: str
    body: str
    body_id: int
    item: str
    item_code: str
    party_kind: str
    party: str
    party_code: str
    facts: str
    outcome: str
    fine: Decimal | None
    confiscated: Decimal | None
    penalties: list[str]
    decided_on: date | None
    published_on: date | None


def item_out(row: Item) -> dict[str, Any]:
    shown = item_row(row)
    return {
        **shown,
        "penalties": list(row.penalties),
        "penalty_labels": shown["penalties"],
        "active": row.active,
    }


def certificate_out(row: Certificate) -> dict[str, Any]:
    return {
        "id": row.pk,
        "number": row.number,
        "officer_id": row.officer_id,
        "officer": row.officer.display_name,
        "body": row.body.name,
        "body_id": row.body_id,
        "field": row.field,
        "issued_on": row.issued_on,
        "valid_until": row.valid_until,
        "revoked_on": row.revoked_on,
        "revoked_reason": row.revoked_reason,
        "state": certificate_state(row, timesource.today()),
    }


def _item(request: HttpRequest, pk: int) -> dict[str, Any]:
    return item_out(item_for(request.user, pk))


# --- the list and benchmarks -----------------------------------------------------


@router.get("/items", response=list[EnforcementItemOut], summary="执法事项清单（本人范围内）")
def list_items(
    request: HttpRequest, body_id: int | None = None, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = items_for(request.user)
    if body_id is not None:
        qs = qs.filter(body_id=as_int(body_id) or 0)
    return [item_out(i) for i in api_window(qs, limit, offset)]


@router.post("/items", response={201: EnforcementItemOut}, summary="新增执法事项（执法机关负责人）")
def create_item(request: HttpRequest, body: EnforcementItemIn) -> Status[dict[str, Any]]:
    row = actions.create_item(actor=request.user, **body.model_dump())
    return Status(201, _item(request, row.pk))


@router.post("/items/publish", response=list[EnforcementItemOut], summary="公示执法事项清单")
def publish_list(request: HttpRequest, body: EnforcementPublishIn) -> list[dict[str, Any]]:
    rows = actions.publish_list(actor=request.user, body_id=body.body_id)
    return [_item(request, r.pk) for r in rows]


@router.get("/items/{item_id}", response=EnforcementItemOut, summary="执法事项详情")
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item(request, item_id)


@router.put("/items/{item_id}", response=EnforcementItemOut, summary="修改执法事项")
def update_item(
    request: HttpRequest, item_id: int, body: EnforcementItemUpdateIn
) -> dict[str, Any]:
    actions.update_item(actor=request.user, item_id=item_id, **body.model_dump())
    return _item(request, item_id)


@router.put("/items/{item_id}/benchmarks", response=EnforcementItemOut, summary="设定裁量基准")
def set_benchmarks(
    request: HttpRequest, item_id: int, body: EnforcementBenchmarksIn
) -> dict[str, Any]:
    actions.set_benchmarks(actor=request.user, item_id=item_id, **body.model_dump())
    return _item(request, item_id)


@router.post("/items/{item_id}/repeal", response=EnforcementItemOut, summary="废止执法事项")
def repeal_item(request: HttpRequest, item_id: int, body: EnforcementRepealIn) -> dict[str, Any]:
    actions.repeal_item(actor=request.user, item_id=item_id, reason=body.reason)
    return _item(request, item_id)


# --- certificates -----------------------------------------------------------------


@router.get(
    "/certificates", response=list[EnforcementCertificateOut], summary="执法证（本人范围内）"
)
def list_certificates(
    request: HttpRequest, expiring: bool = False, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = (
        expiring_certificates(request.user, timesource.today())
        if expiring
        else certificates_for(request.user)
    )
    return [certificate_out(c) for c in api_window(qs, limit, offset)]


@router.post(
    "/certificates", response={201: EnforcementCertificateOut}, summary="核发执法证（法制机构）"
)
def issue_certificate(
    request: HttpRequest, body: EnforcementCertificateIn
) -> Status[dict[str, Any]]:
    row = certificate_actions.issue_certificate(actor=request.user, **body.model_dump())
    return Status(201, certificate_out(certificate_for(request.user, row.pk)))


@router.post(
    "/certificates/{certificate_id}/renew",
    response={201: EnforcementCertificateOut},
    summary="换发执法证",
)
def renew_certificate(
    request: HttpRequest, certificate_id: int, body: EnforcementRenewIn
) -> Status[dict[str, Any]]:
    row = certificate_actions.renew_certificate(
        actor=request.user, certificate_id=certificate_id, **body.model_dump()
    )
    return Status(201, certificate_out(certificate_for(request.user, row.pk)))


@router.post(
    "/certificates/{certificate_id}/revoke",
    response=EnforcementCertificateOut,
    summary="注销执法证",
)
def revoke_certificate(
    request: HttpRequest, certificate_id: int, body: EnforcementRevokeIn
) -> dict[str, Any]:
    row = certificate_actions.revoke_certificate(
        actor=request.user, certificate_id=certificate_id, **body.model_dump()
    )
    return certificate_out(certificate_for(request.user, row.pk))


# --- 执法公示 (public) ----------------------------------------------------------------


@router.get(
    "/public/items", response=list[EnforcementItemOut], auth=None, summary="执法事项清单（公开）"
)
def public_item_list(
    request: HttpRequest, body_id: int | None = None, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    return [item_out(i) for i in api_window(public_items(body_id), limit, offset)]


@router.get(
    "/public/officers",
    response=list[PublicEnforcementOfficerOut],
    auth=None,
    summary="持证执法人员（公开）",
)
def public_officer_list(
    request: HttpRequest, body_id: int | None = None, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    return [officer_row(c) for c in api_window(public_officers(body_id), limit, offset)]


@router.get(
    "/public/decisions",
    response=list[PublicPenaltyDecisionOut],
    auth=None,
    summary="行政处罚决定公示（公开；自然人隐去部分姓名）",
)
def public_decision_list(
    request: HttpRequest, q: str = "", body_id: int | None = None, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    rows = api_window(published_decisions(q, body_id), limit, offset)
    return [public_decision(c) for c in rows]
