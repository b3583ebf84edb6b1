"""Writes of authentication: login attempts under the sign-in throttle,
logout, password change, API tokens, forced logout (强退)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Subquery
from django.utils import timezone
from user_agents import parse as parse_ua

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound, RateLimited
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.net import client_ip
from xiaoneng.org.authority import adopt_kept_authority, require, signed_in
from xiaoneng.org.guards import may_manage, temporary_password
from xiaoneng.org.models import AuthorityStamp
from xiaoneng.system.params import get_param

from . import throttle
from .models import ApiToken, LoginLog, LoginThrottle, OnlineSession, ThrottleScope
from .validators import DEMO_PASSWORD

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

User = get_user_model()
TOKEN_PREFIX = "xn_"  # noqa: S105 - a label, not a secret
# A hash to compare against when the user does not exist, so that unknown and
# known user names take the same time.
_DUMMY_HASH = make_password("timing-equaliser")


class LoginFailed(DomainError):
    status = 401
    code = "login_failed"


class AccountLocked(DomainError):
    """This address may not sign in to this name for a while (other addresses may)."""

    status = 423
    code = "account_locked"


class LoginThrottled(RateLimited):
    """This address may not sign in at all for a while."""

    code = "login_throttled"


def _client(request: Any) -> dict[str, Any]:
    agent = parse_ua(request.META.get("HTTP_USER_AGENT", ""))
    return {
        "ip": client_ip(request),
        "browser": f"{agent.browser.family} {agent.browser.version_string}".strip()[:100],
        "os": f"{agent.os.family} {agent.os.version_string}".strip()[:100],
    }


def authenticate_password(*, request: Any, username: str, password: str) -> Any:
    """Check a user name and password under the sign-in throttle
    (`accounts.throttle`): an address that failed too often on a name, or too
    often at all, is paused with a back-off; other addresses are not. Every
    attempt is written to the login log. Unknown names get the very answers of
    known ones. Outside demo mode the published demo password is refused as
    if it were wrong. Returns the user or raises; the error is raised after
    the transaction so that the counts and the log are kept."""
    username = (username or "").strip()
    client = _client(request)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        error = _check(client, username, user, password)
    if error is not None:
        raise error
    return user


def log_provider_sign_in(*, request: Any, user: Any, success: bool, message: str) -> None:
    """A sign-in through an identity provider (统一身份认证), in the login log
    beside the password ones: no password, so no throttle, but the same record."""
    username = getattr(user, "username", "") or "（统一身份认证）"
    _log(_client(request), username, user, success, message[:200])


def _log(client: dict[str, Any], username: str, user: Any, success: bool, message: str) -> None:
    LoginLog.objects.create(
        username=username[:150], user=user, success=success, message=message, **client
    )


def _paused(pause: throttle.Pause, failures: int = 0) -> DomainError:
    until = f"{timezone.localtime(pause.until):%H:%M}"
    detail = {"until": pause.until.isoformat(), "minutes": pause.minutes or None}
    if pause.scope == ThrottleScope.ADDRESS:
        return LoginThrottled(
            f"本机登录失败次数过多，已暂停登录，请于 {until} 后再试", detail=detail
        )
    head = f"连续登录失败 {failures} 次，" if failures else "连续登录失败次数过多，"
    return AccountLocked(f"{head}该账号已在本机暂停登录，请于 {until} 后再试", detail=detail)


def _check(client: dict[str, Any], username: str, user: Any, password: str) -> DomainError | None:
    now = timezone.now()
    ip = client["ip"]
    pause = throttle.pause_in_force(ip=ip, username=username, now=now)
    if pause is not None:
        # No password check at all while paused: a pause must not be an oracle.
        where = "本机" if pause.scope == ThrottleScope.ADDRESS else "本机对该账号"
        _log(client, username, user, False, f"{where}登录已暂停")
        return _paused(pause)
    known = user is not None and user.is_active
    demo = not settings.DEMO_MODE and password == DEMO_PASSWORD
    if known and not demo and user.check_password(password):
        seen = {"failed_logins": 0, "last_login": now}
        if user.password_changed_at is None and password != DEMO_PASSWORD:
            # A password set where the product did not see it (createsuperuser):
            # dated at its first use.
            seen["password_changed_at"] = user.password_changed_at = now
        User.objects.filter(pk=user.pk).update(**seen)
        throttle.record_success(ip=ip, username=username)
        _log(client, username, user, True, "登录成功")
        return None
    if not known or demo:
        check_password(password, _DUMMY_HASH)  # the same time as a real check
    reason = "用户不存在或已停用" if not known else ("生产环境拒绝演示密码" if demo else "密码错误")
    failure = throttle.record_failure(ip=ip, username=username, now=now)
    if known:
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    if failure.pause is None:
        _log(client, username, user, False, reason)
        return LoginFailed(
            f"用户名或密码错误，再错 {failure.remaining} 次将暂停本机登录该账号",
            detail={"remaining": failure.remaining},
        )
    paused = failure.pause
    scope = "本机全部账号" if paused.scope == ThrottleScope.ADDRESS else "本机对该账号"
    _log(client, username, user, False, f"{reason}，{scope}暂停登录 {paused.minutes} 分钟")
    if paused.scope == ThrottleScope.ACCOUNT and known:
        # Shown to administrators (workbench, user list): someone is guessing.
        User.objects.filter(pk=user.pk).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=paused.until)
        ).update(locked_until=paused.until)
    on_account = paused.scope == ThrottleScope.ACCOUNT
    record_event(
        actor=None,
        event_type="accounts.locked" if on_account else "accounts.ip_paused",
        object_type="user" if on_account and known else "address",
        object_id=user.pk if on_account and known else (ip or "-"),
        payload={
            "username": username[:150],
            "ip": ip,
            "until": paused.until,
            "minutes": paused.minutes,
            "strikes": failure.strikes,
        },
    )
    return _paused(paused, get_param("auth.lockout_threshold"))


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


@transaction.atomic(durable=True)
def force_logout(*, actor: Actor, session_key: str) -> None:
    """强退: end another user's session at once, and revoke every API token of
    that user: a token speaks for its owner, so it must not outlive the
    decision to put the owner out. (Tokens are not bound to one session:
    integrations call the API while nobody is signed in.)"""
    require(actor, "system.online")
    online = OnlineSession.objects.select_related("user").filter(session_key=session_key).first()
    if online is None:
        raise NotFound("该会话已不在线", code="session_not_found")
    Session.objects.filter(session_key=session_key).delete()
    online.delete()
    tokens = ApiToken.objects.filter(user_id=online.user_id, revoked_at__isnull=True)
    prefixes = sorted(tokens.values_list("prefix", flat=True))
    tokens.update(revoked_at=timezone.now())
    record_event(
        actor=actor,
        event_type="accounts.forced_logout",
        object_type="user",
        object_id=online.user_id,
        payload={"username": online.user.username, "ip": online.ip, "tokens_revoked": prefixes},
    )


# --- Passwords ---------------------------------------------------------------------


def password_expired(user: Any) -> bool:
    """Whether the user must change the password before going on: older than
    `auth.password_max_age_days` (0: never), or — outside demo mode — of no
    known date (the demo password, or one set before dates were kept)."""
    if getattr(user, "must_change_password", False):
        return True  # a temporary password an administrator handed over
    changed = user.password_changed_at
    if changed is None:
        return not settings.DEMO_MODE
    days = get_param("auth.password_max_age_days")
    return days > 0 and changed <= timezone.now() - timedelta(days=days)


@transaction.atomic(durable=True)
def change_password(
    *, actor: Actor, old_password: str, new_password: str, keep_session: str | None = None
) -> None:
    """The user changes their own password: the old one must be right, the new
    one must differ and pass every rule (AUTH_PASSWORD_VALIDATORS: length and
    character classes of the parameters, common and numeric passwords, the
    demo password). The user's other web sessions end (`keep_session`, the
    caller's own, stays); the validators record the date of the change."""
    actor = signed_in(actor)
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise InvalidInput("当前密码不正确", code="password_old_wrong")
    if new_password == old_password:
        raise InvalidInput("新密码不能与当前密码相同", code="password_unchanged")
    if new_password == DEMO_PASSWORD:
        raise InvalidInput("不能使用演示环境的公开密码", code="password_is_demo_default")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput(
            "新密码不符合要求：" + "；".join(exc.messages),
            code="password_invalid",
            detail=list(exc.messages),
        ) from None
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    others = OnlineSession.objects.filter(user=user).exclude(session_key=keep_session or "")
    ended = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=ended).delete()
    others.delete()
    actor.password = user.password
    actor.password_changed_at = user.password_changed_at
    actor.must_change_password = False
    record_event(
        actor=actor,
        event_type="accounts.password_changed",
        object_type="user",
        object_id=user.pk,
        payload={"username": user.username, "sessions_ended": len(ended)},
    )


# --- User administration: temporary passwords, unlocking ---------------------------


def _ended_sessions(user: Any) -> int:
    """End every web session of `user`; how many there were."""
    rows = OnlineSession.objects.filter(user=user)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


@transaction.atomic(durable=True)
def reset_password(*, actor: Actor, user_id: int) -> str:
    """重置密码: give the user a temporary password (returned, to be shown to
    the administrator once and never stored in clear), to be changed at the
    next sign-in; the user's web sessions end. The audit event records that
    it happened, never the password."""
    require(actor, "org.manage")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound("用户不存在", code="user_not_found")
    may_manage(actor, user)
    password = temporary_password()
    try:
        validate_password(password, user)
    except ValidationError as exc:  # a policy stricter than the generator
        raise InvalidInput(
            "临时密码不符合当前密码规则，请调整参数 auth.password_min_length",
            code="password_invalid",
            detail=list(exc.messages),
        ) from None
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    ended = _ended_sessions(user)
    record_event(
        actor=actor,
        event_type="accounts.password_reset",
        object_type="user",
        object_id=user.pk,
        payload={"username": user.username, "sessions_ended": ended},
    )
    return password


@transaction.atomic(durable=True)
def unlock_account(*, actor: Actor, user_id: int) -> int:
    """解锁: lift every sign-in pause on this account's name (from any
    address) and forget its failed attempts; how many pauses were lifted.
    Address-wide pauses stay (they are about an address, not the account:
    系统管理 → 登录限制)."""
    require(actor, "org.manage")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound("用户不存在", code="user_not_found")
    may_manage(actor, user)
    rows = LoginThrottle.objects.filter(scope=ThrottleScope.ACCOUNT, username__iexact=user.username)
    lifted = rows.filter(blocked_until__gt=timezone.now()).count()
    rows.delete()
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record_event(
        actor=actor,
        event_type="accounts.account_unlocked",
        object_type="user",
        object_id=user.pk,
        payload={"username": user.username, "pauses_lifted": lifted},
    )
    return lifted


# --- Sign-in pauses ------------------------------------------------------------------


@transaction.atomic(durable=True)
def lift_login_pause(*, actor: Actor, throttle_id: int) -> None:
    """An administrator lifts a sign-in pause (and forgets its count) at once."""
    require(actor, "system.online")
    row = LoginThrottle.objects.select_for_update().filter(pk=throttle_id).first()
    if row is None:
        raise NotFound("该登录限制已不存在", code="login_pause_not_found")
    row.delete()
    record_event(
        actor=actor,
        event_type="accounts.login_pause_lifted",
        object_type="address",
        object_id=row.ip or "-",
        payload={"scope": row.scope, "ip": row.ip, "username": row.username},
    )


# --- API tokens ----------------------------------------------------------------------


def token_digest(token: str) -> str:
    return sm3_hex(token.encode("utf-8"))


@transaction.atomic(durable=True)
def create_api_token(*, actor: Actor, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a bearer token for the actor; returns (record, the token shown
    once). Every token expires: after `days`, by default `auth.token_days`, at
    most `auth.token_max_days`."""
    actor = require(actor, "api.token")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写令牌用途", code="token_name_required")
    longest = get_param("auth.token_max_days")
    if days is None:
        days = min(get_param("auth.token_days"), longest)
    if not 1 <= days <= longest:
        raise InvalidInput(
            f"有效期须在 1–{longest} 天之间",
            code="token_days_out_of_range",
            detail={"min": 1, "max": longest},
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=secret[:10],
        digest=token_digest(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(
        actor=actor,
        event_type="accounts.token_created",
        object_type="api_token",
        object_id=token.pk,
        payload={"name": token.name, "prefix": token.prefix, "days": days},
    )
    return token, secret


@transaction.atomic(durable=True)
def revoke_api_token(*, actor: Actor, token_id: int) -> ApiToken:
    actor = require(actor, "api.token")
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


def token_expires_at(token: ApiToken) -> Any:
    """When the token stops working: its own date, or — for a token made
    before every token had one — `auth.token_max_days` after its creation."""
    if token.expires_at is not None:
        return token.expires_at
    return token.created_at + timedelta(days=get_param("auth.token_max_days"))


def user_for_token(raw: str) -> Any:
    """The active user behind a bearer token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    # One statement: the token, its user with the user's department, and the
    # authority stamp its kept roles and scope are checked against.
    token = (
        ApiToken.objects.select_related("user__department")
        .annotate(authority_stamp=Subquery(AuthorityStamp.objects.filter(pk=1).values("value")))
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or token_expires_at(token) <= now or not token.user.is_active:
        return None
    # Touch at most once a minute: avoids a write on every API call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    adopt_kept_authority(token.user, token.authority_stamp)
    return token.user
