"""Open311 api_keys (`/api/v1/complaints/open311-keys`): the complaint
centre's head (`complaint.keys`) registers an outside system (a hotline
system, a reporting app) and gets its api_key once; lists the systems;
revokes a key. Only the key's SM3 and its first 8 characters are kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.org.authority import require

from .actions import issue_api_key, revoke_api_key
from .models import OutsideSystem

router = Router(tags=["效能投诉 · Open311 api_key"])


class SystemIn(Schema):
    name: str
    contact: str = ""


class SystemOut(Schema):
    id: int
    name: str
    contact: str
    active: bool
    key_hint: str
    created_at: datetime
    revoked_at: datetime | None
    complaints: int


class IssuedOut(Schema):
    api_key: str
    system: SystemOut


def system_out(system: OutsideSystem, complaints: int = 0) -> dict[str, Any]:
    return {
        "id": system.pk,
        "name": system.name,
        "contact": system.contact,
        "active": system.active and system.revoked_at is None,
        "key_hint": system.key_hint,
        "created_at": system.created_at,
        "revoked_at": system.revoked_at,
        "complaints": complaints,
    }


@router.post("", response={201: IssuedOut}, summary="登记外部系统并签发 api_key（只显示一次）")
def issue(request: HttpRequest, body: SystemIn) -> Status[dict[str, Any]]:
    system, plain = issue_api_key(actor=request.user, name=body.name, contact=body.contact)
    return Status(201, {"api_key": plain, "system": system_out(system)})


@router.get("", response=list[SystemOut], summary="已登记的外部系统")
def systems(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "complaint.keys")
    rows = OutsideSystem.objects.annotate(filed=Count("complaints")).order_by("-id")
    return [system_out(row, row.filed) for row in rows]


@router.post("/{system_id}/revoke", response=SystemOut, summary="吊销 api_key")
def revoke(request: HttpRequest, system_id: int) -> dict[str, Any]:
    system = revoke_api_key(actor=request.user, system_id=system_id)
    return system_out(system, system.complaints.count())
