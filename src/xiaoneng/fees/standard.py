"""The arithmetic of a charge against a catalog entry, without the database:
the amount (quantity × unit price, to the fen) and the ways a charge can
depart from the catalog as it stood on its day (`breaches`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from xiaoneng.core.errors import InvalidInput

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")

# breach code → what the supervision desk and the charge page say
BREACHES: dict[str, str] = {
    "not_in_catalog": "收费项目不在收费目录中",
    "not_in_force": "收费之日该收费项目不在执行期内（未生效、已到期或已取消）",
    "item_no_fee": "所办事项不收费或不收取该项费用",
    "above_upper": "高于收费标准上限",
    "off_standard": "不符合收费标准（固定标准或低于下限）",
    "above_floor_unapproved": "高于收费标准下限而未经批准",
}


def money(value: Any, *, code: str = "fee_amount_invalid", message: str = "金额不正确") -> Decimal:
    """A non-negative amount to the fen; anything else is refused."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(message, code=code) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise InvalidInput(message, code=code)
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"{message}（最多两位小数）", code=code)
    return amount.quantize(FEN)


def quantity_of(value: Any) -> Decimal:
    q = money(value, code="fee_quantity_invalid", message="数量不正确")
    if q <= 0 or q > Decimal("9999999999"):
        raise InvalidInput("数量不正确", code="fee_quantity_invalid")
    return q


def amount_of(quantity: Decimal, unit_amount: Decimal) -> Decimal:
    """quantity × unit price, rounded half up to the fen."""
    return (quantity * unit_amount).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Standard:
    kind: str  # "fixed" | "range"
    lower: Decimal
    upper: Decimal

    def check(self) -> None:
        if self.lower < 0 or self.upper < self.lower:
            raise InvalidInput("收费标准不正确（上限不能低于下限）", code="fee_standard_invalid")
        if self.kind == "fixed" and self.lower != self.upper:
            raise InvalidInput("固定标准的上下限应相同", code="fee_standard_invalid")
        if self.kind not in ("fixed", "range"):
            raise InvalidInput("收费标准类型不正确", code="fee_standard_invalid")


def standard_breaches(
    standard: Standard, unit_amount: Decimal, approved_to: Decimal | None
) -> list[str]:
    """How a unit price departs from a standard; `approved_to` is the unit
    price a recorded approval allows above the lower bound (None: none)."""
    if unit_amount > standard.upper:
        return ["above_upper"]
    if unit_amount < standard.lower or (standard.kind == "fixed" and unit_amount != standard.lower):
        return ["off_standard"]
    if unit_amount > standard.lower and (approved_to is None or unit_amount > approved_to):
        return ["above_floor_unapproved"]
    return []


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
