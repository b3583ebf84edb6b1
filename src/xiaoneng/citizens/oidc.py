"""The unified identity provider (统一身份认证) as an OpenID Connect client:
authorization code with PKCE (S256), state and nonce kept in the session,
the ID token checked by `citizens.jwt` (signature by the provider's JWKS,
iss, aud, exp, nonce). Configured by settings.OIDC (XIAONENG_OIDC_*); off
while the issuer is unset. Discovery and keys are fetched with the standard
library (no new dependency) and kept for the process's life, refetched once
when a token names a key not seen yet."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from xiaoneng.core.errors import DomainError

from . import jwt

SESSION_KEY = "citizens.oidc"
_cache: dict[str, Any] = {}


class OidcFailed(DomainError):
    status = 401
    code = "oidc_failed"


def config() -> dict[str, Any]:
    return dict(getattr(settings, "OIDC", {}) or {})


def enabled() -> bool:
    conf = config()
    return bool(conf.get("ISSUER") and conf.get("CLIENT_ID"))


def _fetch(url: str, data: dict[str, str] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})  # noqa: S310 - https/http from settings
    try:
        with urllib.request.urlopen(request, timeout=config().get("TIMEOUT", 5)) as response:  # noqa: S310
            loaded = json.loads(response.read())
    except (urllib.error.URLError, ValueError, OSError) as exc:
        raise OidcFailed("统一身份认证平台暂时无法访问，请稍后再试或使用账号密码登录") from exc
    if not isinstance(loaded, dict):
        raise OidcFailed("统一身份认证平台的应答不正确")
    return loaded


def discovery() -> dict[str, Any]:
    issuer = config()["ISSUER"]
    if _cache.get("issuer") != issuer:
        _cache.clear()
        meta = _fetch(f"{issuer}/.well-known/openid-configuration")
        if meta.get("issuer", "").rstrip("/") != issuer:
            raise OidcFailed("统一身份认证平台的发现文档与配置的签发方不符")
        _cache.update(issuer=issuer, meta=meta)
    return _cache["meta"]  # type: ignore[no-any-return]


def _keys(refresh: bool = False) -> list[dict[str, Any]]:
    if refresh or "keys" not in _cache:
        _cache["keys"] = _fetch(discovery()["jwks_uri"]).get("keys", [])
    return list(_cache["keys"])


def forget() -> None:
    """Drop the discovery and keys kept (tests; a provider moved)."""
    _cache.clear()


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def start(session: Any, redirect_uri: str, next_url: str, kind: str) -> str:
    """The provider's authorization URL; what the callback checks goes to the session."""
    conf = config()
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "kind": kind,
        "redirect_uri": redirect_uri,
    }
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": conf["CLIENT_ID"],
            "redirect_uri": redirect_uri,
            "scope": conf.get("SCOPES") or "openid",
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    return f"{discovery()['authorization_endpoint']}?{query}"


def finish(session: Any, params: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The verified ID token's claims and the pending login (next, kind), or OidcFailed."""
    pending = session.pop(SESSION_KEY, None)
    if not pending or not params.get("state") or params["state"] != pending["state"]:
        raise OidcFailed("登录请求已失效，请重新登录")
    if params.get("error"):
        raise OidcFailed("统一身份认证平台未完成认证，请重新登录")
    conf = config()
    tokens = _fetch(
        discovery()["token_endpoint"],
        {
            "grant_type": "authorization_code",
            "code": params.get("code", ""),
            "redirect_uri": pending["redirect_uri"],
            "client_id": conf["CLIENT_ID"],
            "client_secret": conf.get("CLIENT_SECRET", ""),
            "code_verifier": pending["verifier"],
        },
    )
    token = tokens.get("id_token")
    if not isinstance(token, str):
        raise OidcFailed("统一身份认证平台未返回身份令牌")
    try:
        try:
            claims = jwt.verify_signature(token, _keys())
        except jwt.TokenInvalid:
            claims = jwt.verify_signature(token, _keys(refresh=True))  # keys rotated
        jwt.check_claims(
            claims,
            issuer=conf["ISSUER"],
            audience=conf["CLIENT_ID"],
            nonce=pending["nonce"],
            now=time.time(),
        )
    except jwt.TokenInvalid as exc:
        raise OidcFailed(f"身份令牌校验未通过：{exc}") from None
    return claims, pending
