"""Administrative fees (行政事业性收费, seed art. 4; domain rules §7).

`FeeItem` is the catalog entry as it stands now; every change writes a
`FeeVersion` (a full copy, valid from a date), so a charge is checked against
the catalog as it stood on the day it was made (`selectors.fee_as_of`).
`Charge` is one fee collected on a case (paid into the budget account, never
held by the department), `Refund` money given back, `FeeApproval` the
recorded approval to charge a range above its lower bound. `Remittance` is
what a department paid into the treasury (缴库) for a month and
`Reconciliation` the month's comparison of charged − refunded with remitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class StandardKind(models.TextChoices):
    FIXED = "fixed", "固定标准"
    RANGE = "range", "区间标准"


class FeeStatus(models.TextChoices):
    KEPT = "kept", "保留"
    CANCELLED = "cancelled", "取消"


class FeeTerms(models.Model):
    """What a catalog entry says: shared by the entry and each of its versions."""

    name = models.CharField("收费项目名称", max_length=200)
    department = models.ForeignKey(
        Department, verbose_name="执收单位", on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.TextField("设立依据（法律法规）")
    price_doc = models.CharField("价格主管部门批准文件", max_length=300)
    finance_doc = models.CharField("财政部门批准文件", max_length=300)
    kind = models.CharField("标准类型", max_length=8, choices=StandardKind.choices)
    lower = models.DecimalField("标准（下限）", max_digits=14, decimal_places=2)
    upper = models.DecimalField("标准（上限）", max_digits=14, decimal_places=2)
    unit = models.CharField("计费单位", max_length=20)
    effective_from = models.DateField("执行起始日期")
    effective_to = models.DateField("执行截止日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=FeeStatus.choices, default=FeeStatus.KEPT
    )
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    item_codes = models.JSONField("适用审批事项编码", default=list, blank=True)

    class Meta:
        abstract = True

    def in_force_on(self, day: object) -> bool:
        """Whether the terms let the fee be charged on `day`."""
        if day < self.effective_from:  # type: ignore[operator]
            return False
        if self.effective_to is not None and day > self.effective_to:  # type: ignore[operator]
            return False
        return not (self.cancelled_on is not None and day >= self.cancelled_on)  # type: ignore[operator]

    @property
    def item_codes_text(self) -> str:
        return "、".join(self.item_codes or ())

    @property
    def standard_text(self) -> str:
        if self.kind == StandardKind.FIXED:
            return f"{self.lower}元/{self.unit}"
        return f"{self.lower}～{self.upper}元/{self.unit}"


class FeeItem(FeeTerms):
    code = models.CharField("收费项目编码", max_length=40, unique=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "收费项目"
        verbose_name_plural = "收费目录"
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FeeVersion(FeeTerms):
    """The entry as it stood from `valid_from` until the next version's date."""

    fee = models.ForeignKey(FeeItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    valid_from = models.DateField("生效日期")
    note = models.CharField("变更说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = StampField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "收费目录版本"
        verbose_name_plural = "收费目录版本"
        ordering = ("fee", "number")
        constraints = (
            models.UniqueConstraint(fields=("fee", "number"), name="fees_version_unique"),
        )

    def __str__(self) -> str:
        return f"{self.fee_id} v{self.number}"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class FeeApproval(models.Model):
    """The recorded approval (with its reason) to charge above a range's lower bound."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    fee_code = models.CharField("收费项目编码", max_length=40)
    unit_amount = models.DecimalField("申请标准（每计费单位）", max_digits=14, decimal_places=2)
    reason = models.TextField("理由")
    status = models.CharField(
        "状态", max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "高于下限收费审批"
        verbose_name_plural = "高于下限收费审批"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.fee_code} {self.unit_amount}"


class PayeeAccount(models.TextChoices):
    FISCAL = "fiscal", "财政专户"
    TREASURY = "treasury", "国库"


class Charge(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name="执收单位", on_delete=models.PROTECT, related_name="+"
    )
    fee = models.ForeignKey(FeeItem, null=True, blank=True, on_delete=models.PROTECT)
    fee_code = models.CharField("收费项目编码", max_length=40)
    fee_name = models.CharField("收费项目", max_length=200, blank=True)
    fee_version = models.PositiveIntegerField("目录版本", null=True, blank=True)
    basis = models.TextField("收费依据", blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    unit = models.CharField("计费单位", max_length=20, blank=True)
    unit_amount = models.DecimalField("单价", max_digits=14, decimal_places=2)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    notice_no = models.CharField("缴款通知书编号", max_length=40)
    receipt_no = models.CharField("财政票据号", max_length=40, unique=True)
    into_budget = models.BooleanField("纳入预算", default=True)
    payee_account = models.CharField(
        "缴入账户", max_length=10, choices=PayeeAccount.choices, default=PayeeAccount.FISCAL
    )
    charged_on = models.DateField("收费日期")
    approval = models.ForeignKey(
        FeeApproval, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    breaches = models.JSONField("不符合目录之处", default=list, blank=True)
    refunded = models.DecimalField("已退费", default=0, max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "收费记录"
        verbose_name_plural = "收费记录"
        ordering = ("-charged_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(into_budget=True), name="fees_charge_into_budget"
            ),
            models.CheckConstraint(
                condition=models.Q(refunded__lte=models.F("amount")), name="fees_refund_le_amount"
            ),
        )

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.fee_code} {self.amount}元"


class Refund(models.Model):
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField("退费金额", max_digits=14, decimal_places=2)
    reason = models.CharField("退费原因", max_length=500)
    refunded_on = models.DateField("退费日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "退费记录"
        verbose_name_plural = "退费记录"
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.charge_id} -{self.amount}"


class Remittance(models.Model):
    """Money a department paid into the treasury (缴库) for a month."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("所属月份")  # the first day of the month
    amount = models.DecimalField("缴库金额", max_digits=14, decimal_places=2)
    document = models.CharField("缴库凭证号", max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField("登记日期")

    class Meta:
        verbose_name = "收费缴库"
        verbose_name_plural = "收费缴库"
        ordering = ("-month", "id")

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m} {self.amount}"


class Reconciliation(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("所属月份")
    charged = models.DecimalField("收费", max_digits=14, decimal_places=2)
    refunded = models.DecimalField("退费", max_digits=14, decimal_places=2)
    remitted = models.DecimalField("缴库", max_digits=14, decimal_places=2)
    difference = models.DecimalField("差额", max_digits=14, decimal_places=2)
    reconciled_on = models.DateField("对账日期")
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "收费月度对账"
        verbose_name_plural = "收费月度对账"
        ordering = ("-month", "department")
        constraints = (
            models.UniqueConstraint(fields=("department", "month"), name="fees_reconcile_once"),
        )

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m} {self.difference}"
