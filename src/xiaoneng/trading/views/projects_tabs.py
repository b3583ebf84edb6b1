"""The tabs across part A's desks, each shown to whom its page opens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoneng.trading.common import (
    AGENCY,
    OPERATE,
    REGULATE,
    SUPERVISE,
    SUPERVISE_VIEW,
    TENDER,
)
from xiaoneng.web.tabs import Tab, desk_tabs

STAFF = (TENDER, AGENCY, OPERATE, REGULATE, SUPERVISE, SUPERVISE_VIEW)
TABS: tuple[Tab, ...] = (
    ("trading:projects", "交易项目", STAFF),
    ("trading:register", "进场登记", (TENDER, AGENCY)),
    ("trading:centre", "交易中心", (OPERATE,)),
    ("trading:venues", "场地预约", (OPERATE,)),
    ("trading:regulator", "行业监管", (REGULATE,)),
)


def project_tabs(request: HttpRequest) -> dict[str, Any]:
    return desk_tabs(request, "公共资源交易", TABS)
