"""The contract (招标投标法 art. 46; 政府采购法 art. 46): recorded by the
tenderer, within 30 days of the award (`Award.contract_due`). Its value is
the award's: the contract may not depart from the bid and the award in
substance, so any other amount is refused (`trading_contract_value_differs`).
A contract signed after its day is still recorded (it is a fact) and
raises the `late_contract` red flag."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import inputs, timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.trading import supervise
from xiaoneng.trading.checks import a_day_or_none
from xiaoneng.trading.common import TENDERER, event, locked_project, step_refused
from xiaoneng.trading.models import Award, Contract, Notice, NoticeKind, Status
from xiaoneng.trading.ocds.publish import publish

from .objections import CODE

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

DATE_CODE = "trading_contract_date_invalid"


def _optional_day(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    day = a_day_or_none(value)
    if day is None or day < inputs.EARLIEST:
        raise InvalidInput(f"{label}不正确", code=DATE_CODE)
    return day


@transaction.atomic
def sign_contract(
    actor: Actor | None,
    award_id: Any,
    *,
    number: Any,
    title: Any,
    value: Any,
    signed_on: Any,
    period_start: Any = None,
    period_end: Any = None,
) -> Contract:
    row = Award.objects.filter(pk=as_int(award_id) or 0).select_related("round").first()
    if row is None:
        raise NotFound("中标结果不存在或无权查看", code="trading_award_not_found")
    user, project = locked_project(actor, row.round.project_id, TENDERER)
    if Contract.objects.filter(award=row).exists():
        raise Conflict("合同已经登记", code="trading_contract_exists")
    if project.status != Status.AWARDED:
        raise step_refused(project, "登记合同")
    no = inputs.text(number, code=CODE, label="合同编号", limit=60)
    name = inputs.text(title, code=CODE, label="合同名称", limit=200)
    amount = inputs.amount(value, code=CODE, label="合同金额")
    if amount != row.value:
        raise Conflict(
            f"合同金额应与中标金额 {row.value} 元一致（招标投标法第四十六条：不得订立背离合同"
            "实质性内容的其他协议）",
            code="trading_contract_value_differs",
            detail={"award_value": row.value, "value": amount},
        )
    awarded = inputs.local_day(row.decided_at)
    signed = inputs.a_date(signed_on, code=DATE_CODE, label="签订日期")
    if signed < awarded:
        raise InvalidInput(f"签订日期不能早于定标日期（{cn_date(awarded)}）", code=DATE_CODE)
    start, end = (
        _optional_day(period_start, "履约开始日期"),
        _optional_day(period_end, "履约结束日期"),
    )
    if start and end and end < start:
        raise InvalidInput("履约结束日期不能早于开始日期", code=DATE_CODE)
    contract = Contract.objects.create(
        award=row,
        number=no,
        title=name,
        value=amount,
        signed_on=signed,
        period_start=start,
        period_end=end,
        recorded_by=user,
    )
    Notice.objects.create(
        project=project,
        round=row.round,
        kind=NoticeKind.CONTRACT,
        title=f"{name}合同公开",
        body=(
            f"合同编号：{no}\n合同金额：{amount} 元\n签订日期：{cn_date(signed)}"
            + (f"\n履约期限：{cn_date(start)}至{cn_date(end)}" if start and end else "")
        ),
        published_by=user,
    )
    project.status = Status.CONTRACTED
    project.save(update_fields=["status"])
    publish(project, ["contract"])
    event(
        user,
        project,
        "contract_signed",
        contract=contract.pk,
        award=row.pk,
        signed_on=signed,
        contract_due=row.contract_due,
        late=signed > row.contract_due,
    )
    supervise.flag_late_contract(row, contract, timesource.today())
    return contract
