"""What the steps of an outgoing document share: the row locked for a step
(permission and place), the 发文稿纸's opinion, who is told next, and the
checks of typed input."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.inputs import optional
from xiaoneng.notifications.actions import notify
from xiaoneng.office.common import event, locked_row
from xiaoneng.office.common import holders as unit_holders
from xiaoneng.office.models import Dispatch, DispatchStatus, Opinion
from xiaoneng.office.selectors.dispatches import dispatch_not_found
from xiaoneng.org.authority import require_any
from xiaoneng.org.models import Department, DepartmentKind, User

GOV_OFFICE_ROLE = "gov_office"
OPINION_LIMIT = 500
# 机关代字: Chinese characters or Latin letters, nothing that would break the
# number (〔〕, digits, 号).
SERIES_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,17}$")
CITY_PREFIX = "张"
SUFFIXES = ("委员会", "中心", "局", "委", "办", "室", "院", "会")


def locked(actor: Any, pk: Any, *permissions: str, anywhere: bool = False) -> tuple[User, Dispatch]:
    """The user (holding one of `permissions`) and the document, locked; one
    outside the user's data scope is not there (404) unless `anywhere`."""
    user = require_any(actor, permissions)
    row = locked_row(
        Dispatch,
        pk,
        unit=lambda r: r.issuer_id,
        missing=dispatch_not_found,
        actor=user,
        anywhere=anywhere,
    )
    return user, row


def expect(row: Dispatch, *statuses: str) -> None:
    """The explicit allowed-transition check of each step."""
    if row.status not in statuses:
        allowed = "、".join(DispatchStatus(s).label for s in statuses)
        raise Conflict(
            f"公文当前为“{row.get_status_display()}”，此环节只能办理“{allowed}”的公文",
            code="office_dispatch_wrong_status",
            detail={"status": row.status, "allowed": list(statuses)},
        )


def opinion(row: Dispatch, step: str, by: User, text: str = "") -> Opinion:
    return Opinion.objects.create(dispatch=row, step=step, by=by, text=text)


def opinion_text(value: Any, *, required: bool = False) -> str:
    body = optional(
        value, code="office_dispatch_opinion_invalid", label="意见", limit=OPINION_LIMIT
    )
    if required and not body:
        raise InvalidInput("退回时请填写理由", code="office_dispatch_reason_required")
    return body


def audit(user: User, row: Dispatch, what: str, **payload: Any) -> None:
    event(user, "dispatch", row.pk, what, status=row.status, **payload)


def link(row: Dispatch) -> str:
    return reverse("office:document", kwargs={"pk": row.pk})


def tell(recipients: Iterable[int], row: Dispatch, title: str, body: str = "") -> None:
    notify(
        recipients=[r for r in recipients if r],
        kind="office_dispatch",
        title=f"{title}：{row.title}",
        body=body,
        link=link(row),
    )


def holders(permission: str, unit_id: int, *, exclude: int | None = None) -> list[int]:
    """The active users of the unit (or its sections) holding `permission`."""
    return [pk for pk in unit_holders([unit_id], permission).get(unit_id, []) if pk != exclude]


def gov_office_staff() -> list[int]:
    return sorted(
        User.objects.filter(is_active=True, roles__code=GOV_OFFICE_ROLE, roles__active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def default_series(issuer: Department) -> str:
    """The 机关代字 of an issuer, when the form names none:
    - a county (区县) government: its first character + 政发 (民乐县 → 民政发);
    - the city government's office (市政府办): 张政办发; the city government: 张政发;
    - a municipal department: 张 + its short name without 市 and the organ's
      word (局, 委, 办, 中心 …) + 发 (市工商局 → 张工商发, 市发改委 → 张发改发)."""
    short = issuer.short_name or issuer.name
    if issuer.kind == DepartmentKind.COUNTY:
        return f"{short[0]}政发"
    if issuer.kind == DepartmentKind.GOVERNMENT:
        return f"{CITY_PREFIX}政发"
    core = short.removeprefix("张掖市").removeprefix("市")
    if core == "政府办":
        return f"{CITY_PREFIX}政办发"
    for suffix in SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    return f"{CITY_PREFIX}{core}发"[:20]


def series_of(value: Any) -> str:
    """An explicit 机关代字 from the form ("" when none is given)."""
    text = optional(value, code="office_dispatch_series_invalid", label="发文机关代字", limit=20)
    if text and not SERIES_RE.match(text):
        raise InvalidInput(
            "发文机关代字只能由汉字或字母组成（如“张工商发”）",
            code="office_dispatch_series_invalid",
        )
    return text


def not_your_portfolio(row: Dispatch) -> PermissionDenied:
    return PermissionDenied(
        "市直部门发往县区政府的公文，须由该部门的市分管领导（或市长）审批；"
        f"{row.issuer.name}不在您分管的范围内",
        code="office_dispatch_not_your_portfolio",
    )
