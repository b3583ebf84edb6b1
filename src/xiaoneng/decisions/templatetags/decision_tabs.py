"""The tabs across the decision desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template

from xiaoneng.decisions.selectors import CATALOG, LEGALITY, MEETING, READ_PERMISSIONS
from xiaoneng.web.tabs import Tab, desk_tabs

register = template.Library()

TABS: tuple[Tab, ...] = (
    ("decisions:decisions", "重大行政决策", READ_PERMISSIONS),
    ("decisions:reviews", "合法性审查", (LEGALITY,)),
    ("decisions:catalogue", "决策事项目录", (CATALOG,)),
    ("decisions:meetings", "常务会议", (MEETING,)),
)


@register.inclusion_tag("kit/tabs.html", takes_context=True)
def decision_tabs(context: Any) -> dict[str, Any]:
    return desk_tabs(context["request"], "重大行政决策", TABS)
