"""Writes of authentication: login attempts with lockout, logout, API tokens,
forced logout."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from user_agents import parse as parse_ua

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.net import client_ip
from xiaoneng.org.authority import require
from xiaoneng.system.params import get_param

from .models import ApiToken, LoginLog, OnlineSession

User = get_user_model()
TOKEN_PREFIX = "xn_"  # noqa: S105 - a label, not a secret
# A hash to compare against when the user does not exist, so that unknown and
# known user names take the same time.
_DUMMY_HASH = make_password("timing-equaliser")


class LoginFailed(DomainError):
    status = 401
    code = "login_failed"


class AccountLocked(DomainError):
    status = 423
    code = "account_locked"


def _client(request: Any) -> dict[str, Any]:
    agent = parse_ua(request.META.get("HTTP_USER_AGENT", ""))
    return {
        "ip": client_ip(request),
        "browser": f"{agent.browser.family} {agent.browser.version_string}".strip()[:100],
        "os": f"{agent.os.family} {agent.os.version_string}".strip()[:100],
    }


def _log(request: Any, username: str, user: Any, success: bool, message: str) -> None:
    LoginLog.objects.create(
        username=username[:150], user=user, success=success, message=message, **_client(request)
    )


def authenticate_password(*, request: Any, username: str, password: str) -> Any:
    """Check a user name and password with lockout: after N consecutive
    failures the account is locked for M minutes (both parameters). Every
    attempt is written to the login log. Returns the user or raises; the
    error is raised after the transaction so the count and the log are kept."""
    username = (username or "").strip()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        error = _check(request, username, user, password)
    if error is not None:
        raise error
    return user


def _check(request: Any, username: str, user: Any, password: str) -> DomainError | None:
    now = timezone.now()
    if user is None or not user.is_active:
        check_password(password, _DUMMY_HASH)
        _log(request, username, None, False, "用户不存在或已停用")
        return LoginFailed("用户名或密码错误")
    if user.locked_until and user.locked_until > now:
        _log(request, username, user, False, "账号已锁定")
        return AccountLocked(
            f"连续登录失败次数过多，账号已锁定，请于 "
            f"{timezone.localtime(user.locked_until):%H:%M} 后再试",
            detail={"locked_until": user.locked_until.isoformat()},
        )
    if user.check_password(password):
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None, last_login=now)
        _log(request, username, user, True, "登录成功")
        return None
    threshold = get_param("auth.lockout_threshold")
    failures = user.failed_logins + 1
    if failures < threshold:
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        _log(request, username, user, False, f"密码错误（第 {failures} 次）")
        return LoginFailed(
            f"用户名或密码错误，再错 {threshold - failures} 次将锁定账号",
            detail={"remaining": threshold - failures},
        )
    minutes = get_param("auth.lockout_minutes")
    locked_until = now + timedelta(minutes=minutes)
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=locked_until)
    _log(request, username, user, False, f"密码错误 {failures} 次，账号锁定 {minutes} 分钟")
    record_event(
        actor=None,
        event_type="accounts.locked",
        object_type="user",
        object_id=user.pk,
        payload={"username": username, "until": locked_until},
    )
    return AccountLocked(
        f"连续登录失败 {failures} 次，账号已锁定 {minutes} 分钟", detail={"minutes": minutes}
    )


def register_session(*, request: Any, user: Any) -> None:
    """Record the new web session for the online-users page."""
    key = request.session.session_key
    if key:
        OnlineSession.objects.update_or_create(
            session_key=key, defaults={"user": user, **_client(request)}
        )


def end_session(*, request: Any) -> None:
    key = request.session.session_key
    if key:
        OnlineSession.objects.filter(session_key=key).delete()


@transaction.atomic
def force_logout(*, actor: Any, session_key: str) -> None:
    """强退: end another user's session at once."""
    require(actor, "system.online")
    online = OnlineSession.objects.select_related("user").filter(session_key=session_key).first()
    if online is None:
        raise NotFound("该会话已不在线", code="session_not_found")
    Session.objects.filter(session_key=session_key).delete()
    online.delete()
    record_event(
        actor=actor,
        event_type="accounts.forced_logout",
        object_type="user",
        object_id=online.user_id,
        payload={"username": online.user.username, "ip": online.ip},
    )


def token_digest(token: str) -> str:
    return sm3_hex(token.encode("utf-8"))


@transaction.atomic
def create_api_token(*, actor: Any, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """Create a bearer token for the actor; returns (record, the token shown once)."""
    require(actor, "api.token")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写令牌用途", code="token_name_required")
    if days is not None and not 1 <= days <= 3650:
        raise InvalidInput("有效期须在 1–3650 天之间", code="token_days_out_of_range")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=secret[:10],
        digest=token_digest(secret),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    record_event(
        actor=actor,
        event_type="accounts.token_created",
        object_type="api_token",
        object_id=token.pk,
        payload={"name": token.name, "prefix": token.prefix},
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: Any, token_id: int) -> ApiToken:
    require(actor, "api.token")
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound("令牌不存在", code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            event_type="accounts.token_revoked",
            object_type="api_token",
            object_id=token.pk,
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token


def user_for_token(raw: str) -> Any:
    """The active user behind a bearer token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    # Touch at most once a minute: avoids a write on every API call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
