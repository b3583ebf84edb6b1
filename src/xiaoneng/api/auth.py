"""API authentication: bearer tokens for integrations, the web session (with
CSRF) for the browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from xiaoneng.accounts.actions import user_for_token


class TokenAuth(HttpBearer):
    openapi_description = "API 令牌：在“个人中心 → API 令牌”创建，格式 xn_…"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


AUTH = [TokenAuth(), StaffSession()]
