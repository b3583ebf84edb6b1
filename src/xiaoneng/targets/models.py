"""Target responsibility (目标责任, seed art. 14, 15): each major task broken
down into what (事项), who (牵头单位、责任领导、责任人), when (完成时限, 节点)
and to what degree (指标或定性标准), signed as a unit's book (目标责任书),
reported monthly by the unit, verified by the 督查室 (政府督查室).

The names are the team's contract: appraisal reads Task, ProgressReport and
`standard.completion`. A task's `latest_value` / `latest_percent` are those
of its last VERIFIED report, denormalised so that rankings and desks read one
row per task."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields


class BookStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SIGNED = "signed", "已签订"


class Category(models.TextChoices):
    WORK_REPORT = "work_report", "政府工作报告"
    KEY_PROJECT = "key_project", "重点项目"
    PRACTICAL = "practical", "为民办实事"
    REFORM = "reform", "改革任务"
    OTHER = "other", "其他"


class StandardKind(models.TextChoices):
    QUANTITATIVE = "quantitative", "定量"
    QUALITATIVE = "qualitative", "定性"


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待核实"
    VERIFIED = "verified", "已核实"
    RETURNED = "returned", "已退回"


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class TargetBook(models.Model):
    """A unit's target book (目标责任书) for one year."""

    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="target_books"
    )
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=BookStatus.choices, default=BookStatus.DRAFT
    )
    signed_on = models.DateField("签订日期", null=True, blank=True)
    signed_by = models.CharField("责任单位主要负责人", max_length=50, blank=True)
    signed_for = models.CharField("政府方签订人", max_length=50, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "目标责任书"
        verbose_name_plural = "目标责任书"
        ordering = ("-year", "department__sort", "department_id")
        constraints = [
            models.UniqueConstraint(fields=["year", "department"], name="target_book_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """One node of a book's task tree; leaves carry what/who/when/standard/weight,
    inner nodes are headings (their weight is the sum of their leaves')."""

    book = models.ForeignKey(
        TargetBook, verbose_name="目标责任书", on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField("序号", max_length=20)
    title = models.CharField("工作任务", max_length=500)
    category = models.CharField(
        "任务类别", max_length=16, choices=Category.choices, default=Category.OTHER
    )
    is_key = models.BooleanField("重点任务", default=False)
    lead_department = models.ForeignKey(
        Department,
        verbose_name="牵头单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_target_tasks",
    )
    cooperating = models.ManyToManyField(
        Department, verbose_name="配合单位", blank=True, related_name="cooperating_target_tasks"
    )
    leader = models.CharField("责任领导", max_length=50, blank=True)
    person = models.CharField("责任人", max_length=50, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, db_index=True)
    standard_kind = models.CharField(
        "标准类型", max_length=16, choices=StandardKind.choices, default=StandardKind.QUANTITATIVE
    )
    indicator = models.CharField("指标名称", max_length=200, blank=True)
    measure_unit = models.CharField("计量单位", max_length=20, blank=True)
    baseline = models.DecimalField("基数", max_digits=18, decimal_places=4, null=True, blank=True)
    target_value = models.DecimalField(
        "目标值", max_digits=18, decimal_places=4, null=True, blank=True
    )
    standard = models.TextField("定性标准", blank=True)
    weight = models.DecimalField("权重", max_digits=9, decimal_places=2, default=0)
    status = models.CharField(
        "状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    done_on = models.DateField("完成日期", null=True, blank=True)
    latest_value = models.DecimalField(
        "最近核实值", max_digits=18, decimal_places=4, null=True, blank=True
    )
    latest_percent = models.PositiveSmallIntegerField(
        "最近核实完成度（%）", default=0, validators=[MaxValueValidator(100)]
    )
    pending_adjustment = models.BooleanField("调整待审批", default=False)
    is_leaf = models.BooleanField("末级任务", default=True)

    class Meta:
        verbose_name = "目标任务"
        verbose_name_plural = "目标任务"
        ordering = ("book", "id")
        constraints = [
            models.UniqueConstraint(fields=["book", "code"], name="target_task_code_unique"),
        ]
        indexes = [models.Index(fields=["lead_department", "status"], name="target_task_lead")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Milestone(models.Model):
    """A dated node (节点) of a task."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("节点内容", max_length=300)
    due_on = models.DateField("节点时限", db_index=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    sort = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "任务节点"
        verbose_name_plural = "任务节点"
        ordering = ("task", "sort", "id")

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """A unit's monthly progress report on one task; one live row per
    (task, year, month): a returned report is resubmitted in place."""

    # No index of its own: the unique (task, year, month) index leads with it.
    # Nor on who submitted or verified (nothing looks reports up by them), so
    # a province's 840,000 reports a year write three indexes fewer (bench/).
    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField(
        "月", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    text = models.TextField("进展情况")
    value = models.DecimalField("完成值", max_digits=18, decimal_places=4, null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        "完成度（%）", default=0, validators=[MaxValueValidator(100)]
    )
    due_on = models.DateField("报送时限")
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    late = models.BooleanField("逾期报送", default=False)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        db_index=True,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    verified_on = models.DateField("核实日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = "进度报告"
        verbose_name_plural = "进度报告"
        ordering = ("task", "year", "month")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "month"], name="target_report_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year}-{self.month:02d}"


class ReportFile(StoredFileFields):
    """Evidence given with a report (the house's upload checks: `cases.uploads`)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="进度报告", on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ("report", "id")

    def __str__(self) -> str:
        return self.filename


class Adjustment(models.Model):
    """A unit's request to adjust a task (art. 8): until approved the task
    keeps its deadline and standard, its lights and its cards."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="adjustments"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    reason = models.TextField("调整理由")
    new_deadline = models.DateField("调整后时限", null=True, blank=True)
    new_target_value = models.DecimalField(
        "调整后目标值", max_digits=18, decimal_places=4, null=True, blank=True
    )
    new_standard = models.TextField("调整后定性标准", blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "目标调整申请"
        verbose_name_plural = "目标调整申请"
        ordering = ("task", "-id")

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_status_display()}"
