"""The tabs across the proactive-disclosure desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from xiaoneng.openinfo.selectors import MANAGE, READ_PERMISSIONS
from xiaoneng.web.tabs import Tab, desk_tabs

register = template.Library()

TABS: tuple[Tab, ...] = (
    ("openinfo:items", "主动公开目录", READ_PERMISSIONS),
    ("openinfo:city", "全市公开监督", (MANAGE,)),
    ("openinfo:reviews", "复议诉讼", (MANAGE,)),
    ("openinfo:report", "年度报告", (MANAGE,)),
)


@register.inclusion_tag("kit/tabs.html", takes_context=True)
def openinfo_tabs(context: Any) -> dict[str, Any]:
    return desk_tabs(context["request"], "主动公开", TABS, public=reverse("openinfo:public"))
