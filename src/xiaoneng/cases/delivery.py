"""What intake and 送达 record beyond the clock: the materials the window
actually took in (kept on the 收件 step, for the 材料接收凭证 and the case's
materials table), and how a decision reached the applicant (the 送达回证)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiaoneng.core.errors import InvalidInput

from .models import DeliveryMethod


@dataclass(frozen=True)
class Delivery:
    method: str
    recipient: str
    tracking_no: str

    def payload(self) -> dict[str, str]:
        return {"method": self.method, "recipient": self.recipient, "tracking_no": self.tracking_no}


def checked_delivery(*, method: str, recipient: str, tracking_no: str) -> Delivery:
    """A 送达 as recorded; no method given is the old 当场 button (kept for
    callers that name none). 邮寄 needs its 邮件号 to be traced."""
    method = (method or "").strip() or DeliveryMethod.IN_PERSON
    if method not in DeliveryMethod.values:
        raise InvalidInput(
            "送达方式须为当场送达、邮寄送达、电子送达或公告送达",
            code="delivery_method_invalid",
            detail={"allowed": list(DeliveryMethod.values)},
        )
    number = "".join((tracking_no or "").split())[:40]
    if method == DeliveryMethod.POST and not number:
        raise InvalidInput("邮寄送达须填写邮件号", code="delivery_tracking_no_required")
    return Delivery(method, " ".join((recipient or "").split())[:100], number)


def delivery_of(case: Any) -> Delivery:
    """The delivery as the case's fields now hold it."""
    return Delivery(case.delivery_method, case.delivery_recipient, case.delivery_tracking_no)


def received_payload(materials: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The 收件 step's record of the materials taken in, each with its name,
    counts (原件/复印件) and whether it was required; nothing when the filing
    lists none (online applications, older callers)."""
    if materials is None:
        return {}
    kept = []
    for row in materials:
        name = str(row.get("name") or "").strip()[:200]
        if not name:
            continue
        kept.append(
            {
                "name": name,
                "originals": _count(row.get("originals")),
                "copies": _count(row.get("copies")),
                "required": bool(row.get("required")),
                "received": bool(row.get("received")),
            }
        )
    return {"materials": kept}


def _count(value: Any) -> int:
    try:
        return max(0, min(int(value or 0), 99))
    except (TypeError, ValueError):
        return 0


def received_materials(events: list[Any]) -> list[dict[str, Any]] | None:
    """The materials list of the case's 收件 step, or None when it kept none."""
    for event in events:
        if event.kind == "received":
            found = (event.payload or {}).get("materials")
            return list(found) if isinstance(found, list) else None
    return None
