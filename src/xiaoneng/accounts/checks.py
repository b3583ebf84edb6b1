"""Start-up check (every management command, `serve` first): outside demo
mode, no active account may still carry the demo city's published password.

Hashes are checked only for the accounts without a password date:
`User.password_changed_at` is set whenever a password other than the demo one
is saved (accounts.validators) or first used to sign in, and migration 0004
dated the passwords already there. So a running city checks none or the one
or two accounts made by `createsuperuser`; a demo database switched to
production checks its demo accounts (about 0.15 s each with Argon2) until
they are changed or disabled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError

from .validators import DEMO_PASSWORD

SHOWN = 30


def demo_password_accounts() -> list[str]:
    """User names of the active accounts whose password is the demo one."""
    from django.contrib.auth import get_user_model

    undated = (
        get_user_model()
        .objects.filter(is_active=True, password_changed_at__isnull=True)
        .exclude(password="")
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .order_by("username")
        .values_list("username", "password")
    )
    return [name for name, encoded in undated if check_password(DEMO_PASSWORD, encoded)]


@register(Tags.security)
def check_demo_passwords(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE or (
        app_configs is not None and not any(c.label == "accounts" for c in app_configs)
    ):
        return []
    try:
        names = demo_password_accounts()
    except DatabaseError:  # no database yet (a build step): nothing to check
        return []
    if not names:
        return []
    shown = "、".join(names[:SHOWN]) + (f" 等 {len(names)} 个" if len(names) > SHOWN else "")
    return [
        Error(
            f"生产模式下仍有 {len(names)} 个启用的账号使用演示环境的公开密码：{shown}。"
            "这些账号已无法用该密码登录。",
            hint=(
                "逐个运行 ./xiaoneng changepassword <用户名> 为其设置新密码，"
                "或停用这些账号，然后再启动。"
            ),
            id="accounts.E001",
        )
    ]
