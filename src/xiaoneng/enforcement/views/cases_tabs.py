"""The tabs across the penalty case desks: each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY
from xiaoneng.enforcement.selectors.cases import READ_PERMISSIONS
from xiaoneng.web.tabs import Tab, desk_tabs

TABS: tuple[Tab, ...] = (
    ("enforcement:cases", "执法案件", READ_PERMISSIONS),
    ("enforcement:new_clue", "现场检查", (ACT,)),
    ("enforcement:simple", "当场处罚", (ACT,)),
    ("enforcement:head_desk", "负责人审批", (DECIDE,)),
    ("enforcement:review_desk", "法制审核", (LEGALITY,)),
)


def case_tabs(request: HttpRequest) -> dict[str, Any]:
    """The context of `kit/tabs.html` for the case desks."""
    try:
        public = reverse("enforcement:public_home")
    except NoReverseMatch:  # the public pages are the authority part's
        public = ""
    return desk_tabs(request, "行政执法", TABS, public=public)
