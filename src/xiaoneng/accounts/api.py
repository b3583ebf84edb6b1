"""The caller's own identity and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.org.authority import role_codes

from . import actions
from .models import ApiToken

router = Router(tags=["账号"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    department: str | None
    roles: list[str]


class TokenIn(Schema):
    name: str
    days: int | None = None  # auth.token_days


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user: Any = request.user
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        name=user.display_name,
        department=str(user.department) if user.department else None,
        roles=sorted(role_codes(user)),
    )


@router.get("/tokens", response=list[TokenOut], summary="我的 API 令牌")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user))  # type: ignore[misc]


@router.post("/tokens", response={201: TokenCreatedOut}, summary="创建 API 令牌（明文仅返回一次）")
def create_token(request: HttpRequest, body: TokenIn) -> Status[dict[str, object]]:
    token, secret = actions.create_api_token(actor=request.user, name=body.name, days=body.days)
    data = TokenOut.model_validate(token).model_dump()
    return Status(201, {**data, "token": secret})


@router.delete("/tokens/{token_id}", response=TokenOut, summary="吊销 API 令牌")
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    return actions.revoke_api_token(actor=request.user, token_id=token_id)
