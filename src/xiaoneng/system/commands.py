"""What the management commands share: the user a command acts as."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def command_actor(username: str | None, *, permission: str) -> Any:
    """The command acts as a user: the one named, or the first active
    superuser; `permission` names, in the error, what a --user needs."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在或已停用")
        return user
    user = users.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError(f"没有启用的超级管理员；请用 --user 指定有“{permission}”权限的用户")
    return user
