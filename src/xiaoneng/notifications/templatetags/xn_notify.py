"""The bell in the shell's header: `{% load xn_notify %}{% notification_bell %}`."""

from __future__ import annotations

from typing import Any

from django import template

from xiaoneng.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    count = unread_count(user) if user is not None and user.is_authenticated else 0
    return {"count": count}
