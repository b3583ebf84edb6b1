"""The tabs across the frugality desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from xiaoneng.frugality.selectors import (
    APPROVE,
    APPROVE_CITY,
    READ_PERMISSIONS,
    REPORT,
    UNIT_PERMISSIONS,
)
from xiaoneng.org.authority import has_perm

register = template.Library()

TABS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("frugality:receptions", "公务接待", READ_PERMISSIONS),
    ("frugality:vehicles", "公务用车", READ_PERMISSIONS),
    ("frugality:trips", "因公出国（境）", READ_PERMISSIONS),
    ("frugality:approvals", "接待审批", (APPROVE,)),
    ("frugality:city", "市领导审批", (APPROVE_CITY,)),
    ("frugality:report", "三公经费", (REPORT, *UNIT_PERMISSIONS)),
)


@register.inclusion_tag("frugality/_tabs.html", takes_context=True)
def frugality_tabs(context: Any) -> dict[str, Any]:
    request = context["request"]
    tabs = []
    for name, label, permissions in TABS:
        if any(has_perm(request.user, p) for p in permissions):
            url = reverse(name)
            tabs.append({"url": url, "label": label, "current": request.path == url})
    return {"tabs": tabs}
