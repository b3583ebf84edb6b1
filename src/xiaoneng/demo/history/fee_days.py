"""The 收费 part of the demo history, played through the fees app's actions
under `timesource.travel_to`, each action its own transaction (as the desks
would call it).

The story: on each working day, after the day's cases (the case part plays
first on a day), the window of each case decided that day (approved) whose
item charges a fee records the charge of every fee the item names that is in
force that day, at its standard (a range fee at its lower bound; a second
certificate now and then). A 房屋所有权登记 is charged either the housing
房屋登记费 (80 元) or, every fourth one, the non-housing one (550 元): both
fixed standards of 924号, so neither is above anything. Of the range fee's
charges (公共场所卫生监测费), the 1st and 4th are above the lower bound, asked
for and approved by the department's head first; the 2nd is charged above it
without approval (confirmed by the window: flagged). Once, a window charges a
fee that is not in the catalog (企业档案查询费, confirmed: flagged); the first
plain charge is refunded the next working day. On the first working day of
each month the finance bureau (`caizheng`) records what each charging
department remitted for the month before and reconciles it; one month (the
first from the fourth on where a department has more due than its smallest
charge) that department's remittance is short by its smallest charge, which
reconciliation flags.

`fee_days(*, seed, start, end, say)` is a day part (`days.interleave`); the
seed picks which charges carry a second certificate. Needs the demo city,
its catalog with the demo fee catalog, and the history's department staff."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Generator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, Decision
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.fees.actions.charges import (
    decide_approval,
    record_charge,
    refund_charge,
    request_approval,
)
from xiaoneng.fees.actions.reconcile import reconcile_month, record_remittance
from xiaoneng.fees.models import Charge, FeeItem, Reconciliation, StandardKind
from xiaoneng.fees.selectors import item_fees, month_sums
from xiaoneng.org.models import Department, User

HIGHER = {0, 3}  # the range fee's charges above the lower bound, approved
UNAPPROVED = 1  # … and the one charged above it without approval
OUTSIDE = ("SF-620700005-019", Decimal("20"))  # 企业档案查询费: not in the catalog
SHORT_MONTH = 3  # the fourth month reconciled is remitted short
HOUSING, NON_HOUSING = "SF-620700012-001", "SF-620700012-003"  # 924号: 80 / 550 元/件
NON_HOUSING_EVERY = 4  # every fourth 房屋所有权登记 is of a non-housing property


def account(role: str, dept_code: str) -> User | None:
    """The history's staff account of a department (`generator.Staff`)."""
    from .generator import EXISTING  # the generator imports this module

    short = role.replace("dept_", "")
    name = EXISTING.get((role, dept_code)) or f"{short}_{dept_code[-3:]}"
    return User.objects.filter(username=name).first()


class FeeStory:
    def __init__(self, rng: random.Random, start: date) -> None:
        self.rng = rng
        self.start = start
        self.counts: Counter[str] = Counter()
        self.finance = User.objects.get(username="caizheng")
        self.codes = {d.pk: d.code for d in Department.objects.only("code")}
        self.range_charges = 0
        self.house_cases = 0
        self.receipts = 0
        self.outside_done = False
        self.to_refund: int | None = None
        self.months_reconciled = 0
        self.short_done = False

    def _try(self, name: str, run: Callable[[], Any]) -> Any:
        try:
            result = run()
        except DomainError as exc:
            self.counts[f"failed:{name}:{exc.code}"] += 1
            return None
        self.counts[name] += 1
        return result

    def _numbers(self, day: date) -> tuple[str, str]:
        """The payment notice's number and the fiscal receipt's."""
        self.receipts += 1
        return f"JK{day:%Y%m%d}{self.receipts:04d}", f"甘财票{day:%Y}-{self.receipts:06d}"

    # --- a working day -------------------------------------------------------------

    def play_day(self, day: date, first_workday_of_month: bool) -> None:
        if self.to_refund is not None:
            self._refund()
        if first_workday_of_month:
            self._month_end(day)
        decided = list(
            Case.objects.filter(decided_on=day, decision=Decision.APPROVED)
            .select_related("item", "department")
            .order_by("pk")
        )
        for case in decided:
            for fee in self._applicable(item_fees(case, day)):
                self._charge(case, fee, day)
        if not self.outside_done and decided and day >= self.start + timedelta(days=120):
            self._outside(decided[0], day)

    def _applicable(self, fees: list[FeeItem]) -> list[FeeItem]:
        """The fees that apply to the case: of 房屋登记费's two standards, the
        housing one, or the non-housing one for every fourth registration."""
        codes = {f.code for f in fees}
        if not {HOUSING, NON_HOUSING} <= codes:
            return fees
        n = self.house_cases
        self.house_cases += 1
        other = HOUSING if n % NON_HOUSING_EVERY == NON_HOUSING_EVERY - 1 else NON_HOUSING
        return [f for f in fees if f.code != other]

    def _charge(self, case: Case, fee: FeeItem, day: date) -> None:
        window = account("window", case.department.code)
        if window is None:
            self.counts["skipped:no_window"] += 1
            return
        if fee.kind == StandardKind.FIXED and fee.unit == "本" and self.rng.random() > 0.35:
            return  # a second certificate only now and then
        unit: Decimal | None = None
        confirm = False
        name = "charge"
        if fee.kind == StandardKind.RANGE:
            n = self.range_charges
            self.range_charges += 1
            if n in HIGHER and self._approve(case, fee, window):
                unit, name = fee.upper, "charge_approved_above"
            elif n == UNAPPROVED:
                unit, confirm, name = fee.upper, True, "charge_unapproved_above"
        numbers = self._numbers(day)
        row = self._try(
            name,
            lambda: record_charge(
                actor=window,
                case_id=case.pk,
                fee_code=fee.code,
                quantity=1,
                unit_amount=unit,
                confirm=confirm,
                notice_no=numbers[0],
                receipt_no=numbers[1],
            ),
        )
        if row is not None and self.counts["charge"] == 1 and name == "charge":
            self.to_refund = row.pk

    def _approve(self, case: Case, fee: FeeItem, window: User) -> bool:
        head = account("dept_head", case.department.code)
        asked = self._try(
            "approval_requested",
            lambda: request_approval(
                actor=window,
                case_id=case.pk,
                fee_code=fee.code,
                unit_amount=fee.upper,
                reason="该场所营业面积大、监测点位多，按收费标准上限收取",
            ),
        )
        if asked is None or head is None:
            return False
        done = self._try(
            "approval_decided",
            lambda: decide_approval(
                actor=head, approval_id=asked.pk, approve=True, note="经核，场所规模属实"
            ),
        )
        return done is not None

    def _outside(self, case: Case, day: date) -> None:
        window = account("window", case.department.code)
        if window is None:
            return
        self.outside_done = True
        code, price = OUTSIDE
        numbers = self._numbers(day)
        self._try(
            "charge_outside_catalog",
            lambda: record_charge(
                actor=window,
                case_id=case.pk,
                fee_code=code,
                quantity=1,
                unit_amount=price,
                confirm=True,
                notice_no=numbers[0],
                receipt_no=numbers[1],
            ),
        )

    def _refund(self) -> None:
        pk, self.to_refund = self.to_refund or 0, None
        charge = Charge.objects.select_related("department").get(pk=pk)
        window = account("window", charge.department.code)
        if window is None:
            return
        self._try(
            "refund",
            lambda: refund_charge(
                actor=window,
                charge_id=charge.pk,
                amount=charge.amount,
                reason="申请人撤回登记申请，已收费用全额退还",
            ),
        )

    def _month_end(self, day: date) -> None:
        """Remit and reconcile the month before, for each department that charged."""
        month = date(day.year, day.month, 1) - timedelta(days=1)
        month = date(month.year, month.month, 1)
        if month < date(self.start.year, self.start.month, 1):
            return
        charged = (
            Charge.objects.filter(charged_on__gte=month, charged_on__lt=_next(month))
            .order_by("department_id")
            .values_list("department_id", flat=True)
            .distinct()
        )
        short = self.months_reconciled >= SHORT_MONTH
        for dept_id in charged:
            sums = month_sums(dept_id, month)
            due = sums["charged"] - sums["refunded"] - sums["remitted"]
            if short and not self.short_done:
                smallest = (
                    Charge.objects.filter(
                        department_id=dept_id, charged_on__gte=month, charged_on__lt=_next(month)
                    )
                    .order_by("amount")
                    .values_list("amount", flat=True)
                    .first()
                ) or Decimal("0")
                if due > smallest > 0:  # a remittance, short (not one refunded away)
                    due -= smallest
                    self.short_done = True
            if due > 0:
                self._remit(dept_id, month, due)
            self._reconcile(dept_id, month)
        self.months_reconciled += 1

    def _remit(self, dept_id: int, month: date, amount: Decimal) -> None:
        def run() -> Any:
            return record_remittance(
                actor=self.finance,
                department_id=dept_id,
                month=month,
                amount=amount,
                document=f"缴库{month:%Y%m}-{self.codes[dept_id][-3:]}",
            )

        self._try("remittance", run)

    def _reconcile(self, dept_id: int, month: date) -> None:
        def run() -> Any:
            return reconcile_month(actor=self.finance, department_id=dept_id, month=month)

        self._try("reconciled", run)


def _next(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def fee_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    if not FeeItem.objects.exists() or not User.objects.filter(username="caizheng").exists():
        say("收费：没有收费目录或财政局账号，未生成")
        return {}
    story = FeeStory(random.Random(seed), start)  # noqa: S311 - demo data
    day, month_seen = start, (start.year, start.month)
    while day <= end:
        yield day
        if calendar.is_workday(day):
            first = (day.year, day.month) != month_seen
            if first:
                month_seen = (day.year, day.month)
            with timesource.travel_to(day):
                story.play_day(day, first)
        day += timedelta(days=1)
    return _summary(story, say)


def _summary(story: FeeStory, say: Callable[[str], None]) -> dict[str, int]:
    counts = dict(story.counts)
    counts["charges"] = Charge.objects.count()
    counts["flagged"] = Charge.objects.exclude(breaches=[]).count()
    counts["differences"] = Reconciliation.objects.exclude(difference=0).count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"收费：{counts['charges']} 笔（不符合目录 {counts['flagged']} 笔），"
        f"对账差额 {counts['differences']} 个月，失败 {failed} 步"
    )
    return counts
