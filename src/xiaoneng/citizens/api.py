"""`/api/v1/me/…`: the signed-in public account's own cases (我的办件), the
same rows as the page; a staff session or token gets an empty list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from .selectors import own_cases

router = Router(tags=["我的办件"])


class MyCaseOut(Schema):
    id: int
    tracking_no: str
    item: str
    department: str
    status: str
    status_label: str
    is_open: bool
    received_on: date
    decision_due_on: date | None
    filed_by_agent: bool


@router.get("/me/cases", response=list[MyCaseOut], summary="我的办件（公众账号）")
def my_cases(
    request: HttpRequest, state: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    cases = own_cases(request.user)
    if state in ("open", "done"):
        cases = cases.filter(is_open=state == "open")
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [
        {
            "id": c.pk,
            "tracking_no": c.tracking_no,
            "item": c.item.name,
            "department": c.department.name,
            "status": c.status,
            "status_label": c.get_status_display(),
            "is_open": c.is_open,
            "received_on": c.received_on,
            "decision_due_on": c.decision_due_on,
            "filed_by_agent": c.agent_id is not None,
        }
        for c in cases.order_by("-received_on", "-id")[start : start + limit]
    ]
