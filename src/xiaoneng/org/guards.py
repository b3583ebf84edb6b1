"""What an administrator may not do even with `org.manage`: lock themselves
out, hand out more than they hold, or touch what their data scope does not
cover. Called inside the actions' transactions."""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from typing import TYPE_CHECKING

from xiaoneng.core.errors import Conflict, PermissionDenied

from .authority import covers_department, has_perm, signed_in
from .models import Role, User

if TYPE_CHECKING:
    from .actor import Actor

MANAGE = "org.manage"
# The permissions that govern the admin site's pages (字典、参数、在线用户、
# 日志、审计链): an account holding one through its roles is staff there.
ADMIN_SITE_PERMISSIONS = frozenset(
    {
        "*",
        "org.manage",
        "system.dict",
        "system.params",
        "system.online",
        "system.logs",
        "audit.view",
    }
)


def admin_site_user(roles: Iterable[Role]) -> bool:
    """Whether roles give any admin-site page (the account's `is_staff`)."""
    return any(ADMIN_SITE_PERMISSIONS.intersection(role.permissions) for role in roles)


def held_permissions(actor: Actor) -> set[str]:
    """The function permissions the actor holds through active roles ("*":
    all of them)."""
    user = signed_in(actor)
    if user.is_superuser:
        return {"*"}
    held: set[str] = set()
    for role in Role.objects.filter(users=user, active=True):
        held.update(role.permissions)
    return held


def may_grant(actor: Actor, permissions: Iterable[str]) -> None:
    """Refuse to hand out a permission the actor does not hold itself."""
    held = held_permissions(actor)
    if "*" in held:
        return
    beyond = sorted(set(permissions) - held)
    if beyond:
        raise PermissionDenied(
            "不能授予本人不具有的权限", code="grant_beyond_own", detail={"permissions": beyond}
        )


def may_assign(actor: Actor, roles: Iterable[Role]) -> None:
    """Roles given to a user may carry only permissions the actor holds."""
    for role in roles:
        may_grant(actor, role.permissions)


def may_manage(actor: Actor, user: User) -> None:
    """The user is within the actor's data scope, and only a superuser
    manages a superuser."""
    me = signed_in(actor)
    if user.is_superuser and not me.is_superuser:
        raise PermissionDenied("只有超级管理员可以修改超级管理员账号", code="superuser_protected")
    if user.pk != me.pk and not covers_department(me, user.department_id or 0):
        raise PermissionDenied("该用户不在您的数据权限范围内", code="user_out_of_scope")


def still_manages(actor: Actor) -> None:
    """After a change, read the actor afresh: it must still hold `org.manage`
    (raised inside the action's transaction, so the change is undone)."""
    me = signed_in(actor)
    fresh = User.objects.get(pk=me.pk)
    if not has_perm(fresh, MANAGE):
        raise Conflict(
            "此修改会使您失去用户管理权限，已拒绝（请由其他管理员操作）",
            code="self_lockout_refused",
        )


def temporary_password() -> str:
    """A one-time password an administrator hands over: 16 characters with
    upper and lower case letters, digits and a sign (passes the policy)."""
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "@#%+=")
    alphabet = "".join(pools).translate({ord(c): None for c in "O0Il1"})
    chars = [secrets.choice(pool.translate({ord(c): None for c in "O0Il1"})) for pool in pools]
    chars += [secrets.choice(alphabet) for _ in range(12)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
