"""The tabs across an app's desks (a kit part): each tab shown to whom its
page opens (any of its permissions), the current one marked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from xiaoneng.org.authority import has_perm

Tab = tuple[str, str, tuple[str, ...]]  # URL name, label, permissions (any of them)


def desk_tabs(
    request: HttpRequest, label: str, tabs: tuple[Tab, ...], **extra: Any
) -> dict[str, Any]:
    """The context of `kit/tabs.html`: `label` names the row for screen readers."""
    shown = []
    for name, text, permissions in tabs:
        if any(has_perm(request.user, p) for p in permissions):
            url = reverse(name)
            shown.append({"url": url, "label": text, "current": request.path == url})
    return {"tabs": shown, "label": label, **extra}
