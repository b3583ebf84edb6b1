"""What the appraisal actions share: the permissions of each step, the
locked rows, checked periods and points."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from xiaoneng.appraisal.vocabulary import not_found
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.text import as_int

# Compute, review, publish: the 督查室 (政府督查室).
MANAGE = "appraisal.manage"
# Read the year-end results and record 兑现: the organisation department.
RESULTS = "appraisal.results"

M = TypeVar("M", bound=Model)


def locked(qs: QuerySet[M], pk: Any, what: str) -> M:
    """The row, locked for the step (`select_for_update`); 404 alike when
    missing or malformed."""
    row = qs.select_for_update(of=("self",)).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise not_found(what)
    return row


def period_invalid(message: str = "考核期间不正确") -> DomainError:
    return InvalidInput(message, code="appraisal_period_invalid")


def checked_year(year: Any) -> int:
    value = as_int(year)
    if value is None or not 2000 <= value <= 2100:
        raise period_invalid("年度不正确")
    return value


def checked_index(value: Any, top: int, label: str) -> int:
    index = as_int(value)
    if index is None or not 1 <= index <= top:
        raise period_invalid(f"{label}不正确")
    return index


def checked_points(value: Any) -> Decimal:
    """Points deducted: 0–100, at most two decimals."""
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        points = Decimal(-1)
    if (
        not points.is_finite()
        or not Decimal(0) <= points <= Decimal(100)
        or (points != points.quantize(Decimal("0.01")))
    ):
        raise InvalidInput(
            "扣分须为0至100之间的数，最多两位小数",
            code="appraisal_points_invalid",
            detail={"points": str(value)},
        )
    return points.quantize(Decimal("0.01"))
