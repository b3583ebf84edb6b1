"""The tabs across the decision desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from xiaoneng.decisions.selectors import CATALOG, LEGALITY, MEETING, READ_PERMISSIONS
from xiaoneng.org.authority import has_perm

register = template.Library()

TABS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("decisions:decisions", "重大行政决策", READ_PERMISSIONS),
    ("decisions:reviews", "合法性审查", (LEGALITY,)),
    ("decisions:catalogue", "决策事项目录", (CATALOG,)),
    ("decisions:meetings", "常务会议", (MEETING,)),
)


@register.inclusion_tag("decisions/_tabs.html", takes_context=True)
def decision_tabs(context: Any) -> dict[str, Any]:
    request = context["request"]
    tabs = []
    for name, label, permissions in TABS:
        if any(has_perm(request.user, p) for p in permissions):
            url = reverse(name)
            tabs.append({"url": url, "label": label, "current": request.path == url})
    return {"tabs": tabs}
