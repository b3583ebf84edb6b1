"""The fee catalog's writers (`fee.catalog`, the finance and pricing
departments). Every change writes a new version valid from a date, so the
catalog as it stood on any day can be read back (`selectors.fee_as_of`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.fees.models import FeeItem, FeeStatus, FeeVersion
from xiaoneng.fees.selectors import CATALOG
from xiaoneng.fees.vocabulary import fee_not_found
from xiaoneng.org.authority import require

from .common import TERM_FIELDS, a_date, fee_code, terms

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def write_version(fee: FeeItem, user: User, valid_from: date, note: str) -> FeeVersion:
    copy = {f: getattr(fee, f) for f in TERM_FIELDS}
    return FeeVersion.objects.create(
        fee=fee,
        number=fee.version,
        valid_from=valid_from,
        note=note[:300],
        recorded_by=user,
        **copy,
    )


def _locked(code: Any) -> FeeItem:
    row = (
        FeeItem.objects.select_for_update()
        .filter(code=code if isinstance(code, str) else "")
        .first()
    )
    if row is None:
        raise fee_not_found()
    return row


def _last_valid_from(fee: FeeItem) -> date:
    last = fee.versions.order_by("-valid_from").values_list("valid_from", flat=True).first()
    return last or fee.effective_from


def create_fee_row(user: User, code: Any, fields: dict[str, Any]) -> FeeItem:
    """Create one entry with its first version (valid from its effective date)."""
    checked = terms(**fields)
    the_code = fee_code(code)
    if FeeItem.objects.filter(code=the_code).exists():
        raise Conflict("收费项目编码已存在", code="fee_code_exists")
    try:
        with transaction.atomic():
            fee = FeeItem.objects.create(code=the_code, **checked)
    except IntegrityError:
        raise Conflict("收费项目编码已存在", code="fee_code_exists") from None
    write_version(fee, user, fee.effective_from, "新增")
    record_event(
        actor=user,
        event_type="fee.created",
        object_type="fee",
        object_id=fee.code,
        payload={"standard": fee.standard_text, "from": fee.effective_from},
    )
    return fee


def change_fee_row(
    user: User, fee: FeeItem, fields: dict[str, Any], valid_from: Any, note: str
) -> FeeItem:
    checked = terms(**fields)
    start = a_date(
        valid_from if valid_from not in (None, "") else timesource.today(),
        code="fee_period_invalid",
        message="变更生效日期不正确",
    )
    assert start is not None
    if start < _last_valid_from(fee):
        raise InvalidInput("变更生效日期不能早于上一版本的生效日期", code="fee_period_invalid")
    if fee.status == FeeStatus.CANCELLED:
        raise Conflict("该收费项目已取消", code="fee_already_cancelled")
    for key, value in checked.items():
        setattr(fee, key, value)
    fee.version += 1
    fee.save()
    write_version(fee, user, start, note or "变更")
    record_event(
        actor=user,
        event_type="fee.changed",
        object_type="fee",
        object_id=fee.code,
        payload={"version": fee.version, "valid_from": start, "standard": fee.standard_text},
    )
    return fee


@transaction.atomic(durable=True)
def create_fee(*, actor: Actor, code: str, **fields: Any) -> FeeItem:
    """新增收费项目: the terms of `common.terms` (a basis is required)."""
    user = require(actor, CATALOG)
    return create_fee_row(user, code, fields)


@transaction.atomic(durable=True)
def change_fee(
    *, actor: Actor, code: str, valid_from: date | None = None, note: str = "", **fields: Any
) -> FeeItem:
    """变更收费项目: the new terms hold from `valid_from` (today unless told)."""
    user = require(actor, CATALOG)
    return change_fee_row(user, _locked(code), fields, valid_from, note)


@transaction.atomic(durable=True)
def cancel_fee(*, actor: Actor, code: str, cancelled_on: date, note: str = "") -> FeeItem:
    """取消收费项目 from `cancelled_on` (charges that day and after are outside the catalog)."""
    user = require(actor, CATALOG)
    fee = _locked(code)
    if fee.status == FeeStatus.CANCELLED:
        raise Conflict("该收费项目已取消", code="fee_already_cancelled")
    day = a_date(cancelled_on, code="fee_cancelled_on_invalid", message="取消日期不正确")
    assert day is not None
    if day < _last_valid_from(fee):
        raise InvalidInput("取消日期不能早于上一版本的生效日期", code="fee_cancelled_on_invalid")
    fee.status = FeeStatus.CANCELLED
    fee.cancelled_on = day
    fee.version += 1
    fee.save()
    write_version(fee, user, day, (note or "取消").strip())
    record_event(
        actor=user,
        event_type="fee.cancelled",
        object_type="fee",
        object_id=fee.code,
        payload={"cancelled_on": day, "note": note[:300]},
    )
    return fee
