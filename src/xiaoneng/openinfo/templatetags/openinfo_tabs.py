"""The tabs across the proactive-disclosure desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from xiaoneng.openinfo.selectors import MANAGE, READ_PERMISSIONS
from xiaoneng.org.authority import has_perm

register = template.Library()

TABS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("openinfo:items", "主动公开目录", READ_PERMISSIONS),
    ("openinfo:city", "全市公开监督", (MANAGE,)),
    ("openinfo:reviews", "复议诉讼", (MANAGE,)),
    ("openinfo:report", "年度报告", (MANAGE,)),
)


@register.inclusion_tag("openinfo/_tabs.html", takes_context=True)
def openinfo_tabs(context: Any) -> dict[str, Any]:
    request = context["request"]
    tabs = []
    for name, label, permissions in TABS:
        if any(has_perm(request.user, p) for p in permissions):
            url = reverse(name)
            tabs.append({"url": url, "label": label, "current": request.path == url})
    return {"tabs": tabs, "public": reverse("openinfo:public")}
