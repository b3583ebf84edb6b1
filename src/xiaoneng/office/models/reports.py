"""The reporting calendar (报送日历): what each unit must send the
government (政务信息, 月报, 统计报表) and by when; one `ReportDue` per unit
and period, submitted or not, on time or late."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.core.clock.procedures.office import CADENCES
from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields

USER = settings.AUTH_USER_MODEL


class ReportKind(models.Model):
    """A required report: its cadence, the working days after the period it
    is due, the units that owe it and the unit that receives it."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("报送事项", max_length=100)
    cadence = models.CharField(
        "报送周期", max_length=16, choices=[(k, v) for k, v in CADENCES.items()]
    )
    due_workdays = models.PositiveSmallIntegerField("期满后第几个工作日截止", default=5)
    units = models.ManyToManyField(Department, verbose_name="报送单位", related_name="+")
    receiver = models.ForeignKey(
        Department, verbose_name="接收单位", on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.TextField("报送要求", blank=True)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = StampField("设立时间", auto_now_add=True)

    class Meta:
        verbose_name = "报送事项"
        verbose_name_plural = "报送事项"
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class ReportDue(models.Model):
    """One unit's report for one period. Open until submitted; late when
    submitted after `due_on` (or still missing after it)."""

    kind = models.ForeignKey(ReportKind, on_delete=models.PROTECT, related_name="dues")
    unit = models.ForeignKey(
        Department, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    period_label = models.CharField("期间", max_length=30)
    due_on = models.DateField("截止日期")
    submitted_at = StampField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late = models.BooleanField("逾期报送", default=False)
    title = models.CharField("标题", max_length=200, blank=True)
    content = models.TextField("内容", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "报送任务"
        verbose_name_plural = "报送任务"
        ordering = ("-due_on", "unit_id")
        indexes = [
            models.Index(fields=["unit", "due_on"]),
            models.Index(fields=["submitted_at", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit", "period_start"], name="office_report_due_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind.name}（{self.period_label}）"


class ReportFile(StoredFileFields):
    """A file sent with a report (the statistics table, the monthly report)."""

    due = models.ForeignKey(ReportDue, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "报送附件"
        verbose_name_plural = "报送附件"

    def __str__(self) -> str:
        return self.filename
