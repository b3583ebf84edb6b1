"""Start-up check (every management command, `serve` first): outside demo
mode, no active account may still carry the demo city's published password.

It reads a date, not hashes (one Argon2 check per account would cost seconds
per start): `User.password_changed_at` is left empty whenever the demo password
is set (accounts.validators), and migration 0004 filled it in for the
passwords that were already there."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder

SHOWN = 30
BACKFILL = ("accounts", "0004_password_dates_and_parameters")


def demo_password_accounts() -> list[str]:
    """User names of the active accounts whose password is the demo one (or was
    never set through the product)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, password_changed_at__isnull=True)
        .exclude(password="")
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .order_by("username")
        .values_list("username", flat=True)
    )


@register(Tags.security)
def check_demo_passwords(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE or (
        app_configs is not None and not any(c.label == "accounts" for c in app_configs)
    ):
        return []
    try:
        # Before migration 0004 the dates are not there to read: `serve`
        # migrates next, and the following start checks.
        if BACKFILL not in MigrationRecorder(connection).applied_migrations():
            return []
        names = demo_password_accounts()
    except DatabaseError:  # no database yet (a build step): nothing to check
        return []
    if not names:
        return []
    shown = "、".join(names[:SHOWN]) + (f" 等 {len(names)} 个" if len(names) > SHOWN else "")
    return [
        Error(
            f"生产模式下仍有 {len(names)} 个启用的账号使用演示环境的公开密码"
            f"（或从未在本系统设置过密码）：{shown}。这些账号已无法用该密码登录。",
            hint=(
                "逐个运行 ./xiaoneng changepassword <用户名> 为其设置新密码，"
                "或停用这些账号，然后再启动。"
            ),
            id="accounts.E001",
        )
    ]
