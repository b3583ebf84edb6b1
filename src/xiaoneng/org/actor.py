"""Who acts: the user an action, selector or view is called for."""

from __future__ import annotations

from typing import TypeAlias, cast

from django.contrib.auth.models import AnonymousUser

from .models import User

# `request.user`: the signed-in user, or an anonymous visitor (the portal, a
# page before sign-in). Actions refuse the anonymous one (`authority.require`).
Actor: TypeAlias = User | AnonymousUser


def user_of(actor: Actor | None) -> User | None:
    """The signed-in user `actor` is (AUTH_USER_MODEL); None for an
    anonymous visitor or the system (what a "by whom" column stores)."""
    return cast(User, actor) if getattr(actor, "is_authenticated", False) else None
