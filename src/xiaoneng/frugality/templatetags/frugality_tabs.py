"""The tabs across the frugality desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django import template

from xiaoneng.frugality.selectors import (
    APPROVE,
    APPROVE_CITY,
    READ_PERMISSIONS,
    REPORT,
    UNIT_PERMISSIONS,
)
from xiaoneng.web.tabs import Tab, desk_tabs

register = template.Library()

TABS: tuple[Tab, ...] = (
    ("frugality:receptions", "公务接待", READ_PERMISSIONS),
    ("frugality:vehicles", "公务用车", READ_PERMISSIONS),
    ("frugality:trips", "因公出国（境）", READ_PERMISSIONS),
    ("frugality:approvals", "接待审批", (APPROVE,)),
    ("frugality:city", "市领导审批", (APPROVE_CITY,)),
    ("frugality:report", "三公经费", (REPORT, *UNIT_PERMISSIONS)),
)


@register.inclusion_tag("kit/tabs.html", takes_context=True)
def frugality_tabs(context: Any) -> dict[str, Any]:
    return desk_tabs(context["request"], "厉行节约", TABS)
