"""督查督办 and 请示 (seed art. 8, 14, 15; domain rules §11).

A `Directive` is what the government decided or a leader instructed: an
executive meeting's decision, a leader's written instruction (批示) or a
document. The 督查室 (`directive.manage`) registers it and breaks it into
`DirectiveTask`s, one per responsible unit (承办单位), each with its
requirement and due day. The unit reports progress and, at the end, its
completion evidence (`DirectiveReport.is_final`); the 督查室 closes the task
(办结销号) or returns it (退回重办). A unit that cannot make the day asks for
an adjustment (`DirectiveAdjustment`); until a leader approves it the task
keeps its due day, its light and its cards (art. 8: 决定尚未更改的，不得以任何
理由拖延执行).

A `Request` (请示) goes from a lower unit to a city department and must be
answered within the limit of its kind. Only the department holding it
answers or passes it on (`RequestTransfer`); the clock runs from the day it
was submitted whoever holds it, and passing it on too often is an anomaly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class Source(models.TextChoices):
    MEETING = "meeting", "会议决定"
    INSTRUCTION = "instruction", "领导批示"
    DOCUMENT = "document", "文件"


class DirectiveStatus(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已办结"


class StoredFile(models.Model):
    """A file checked by the house's upload checks (`cases.uploads`)."""

    filename = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=60)
    size = models.PositiveIntegerField("大小")
    sm3 = models.CharField("SM3", max_length=64)
    stored_path = models.CharField("存储路径", max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = StampField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.filename


class Directive(models.Model):
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    number = models.CharField("会议、批示或文号", max_length=100)
    title = models.CharField("事项", max_length=200)
    content = models.TextField("内容")
    issued_on = models.DateField("决定或批示日期")
    leader = models.CharField("批示领导", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=DirectiveStatus.choices, default=DirectiveStatus.OPEN
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ("-issued_on", "-id")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DirectiveOriginal(StoredFile):
    """The scanned original (会议纪要、批示件、文件)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="originals")

    class Meta:
        verbose_name = "原件"
        verbose_name_plural = "原件"
        ordering = ("id",)


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", "已交办"
    REPORTED = "reported", "已报办结"
    CLOSED = "closed", "已办结销号"
    RETURNED = "returned", "退回重办"


# The unit owes the work in these statuses: the deadline runs (light, cards).
RUNNING = (TaskStatus.ASSIGNED, TaskStatus.RETURNED)


class DirectiveTask(models.Model):
    directive = models.ForeignKey(
        Directive, verbose_name="督办事项", on_delete=models.PROTECT, related_name="tasks"
    )
    department = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    cooperating = models.ManyToManyField(
        Department, verbose_name="协办单位", related_name="+", blank=True
    )
    requirement = models.TextField("办理要求")
    due_on = models.DateField("办结时限", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    assigned_on = models.DateField("交办日期")
    reported_on = models.DateField("报办结日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    pending_adjustment = models.BooleanField("调整申请待批", default=False)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "督办任务"
        verbose_name_plural = "督办任务"
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return f"{self.directive.title}（{self.department.name}）"


class DirectiveReport(models.Model):
    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField("进展情况")
    is_final = models.BooleanField("办结报告", default=False)
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办进展报告"
        verbose_name_plural = "督办进展报告"
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.submitted_on} {'办结报告' if self.is_final else '进展'}"


class DirectiveReportFile(StoredFile):
    report = models.ForeignKey(DirectiveReport, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "办结材料"
        verbose_name_plural = "办结材料"
        ordering = ("id",)


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class DirectiveAdjustment(models.Model):
    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="adjustments")
    new_due_on = models.DateField("申请调整后的时限")
    old_due_on = models.DateField("原时限")
    reason = models.TextField("申请理由")
    status = models.CharField(
        "状态", max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "督办调整申请"
        verbose_name_plural = "督办调整申请"
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status="pending"),
                name="directive_one_pending_adjustment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_due_on} → {self.new_due_on}（{self.get_status_display()}）"


class RequestKind(models.TextChoices):
    GENERAL = "general", "一般请示"
    URGENT = "urgent", "紧急请示"
    POLICY = "policy", "政策性请示"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待答复"
    ANSWERED = "answered", "已答复"


class Request(models.Model):
    from_department = models.ForeignKey(
        Department, verbose_name="请示单位", on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, verbose_name="主送单位", on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        Department, verbose_name="当前办理单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=10, choices=RequestKind.choices)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("请示内容")
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("答复时限", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    transfers = models.PositiveSmallIntegerField("转办次数", default=0)
    answer = models.TextField("答复意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answering_department = models.ForeignKey(
        Department,
        verbose_name="答复单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "请示"
        verbose_name_plural = "请示"
        ordering = ("-id",)

    def __str__(self) -> str:
        return self.title

    @property
    def on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on


class RequestFilePart(models.TextChoices):
    REQUEST = "request", "请示附件"
    ANSWER = "answer", "答复附件"


class RequestFile(StoredFile):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="files")
    part = models.CharField("用途", max_length=8, choices=RequestFilePart.choices)

    class Meta:
        verbose_name = "请示附件"
        verbose_name_plural = "请示附件"
        ordering = ("id",)


class RequestTransfer(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="transfer_log")
    from_department = models.ForeignKey(
        Department, verbose_name="转出单位", on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, verbose_name="转入单位", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("转办理由")
    transferred_on = models.DateField("转办日期")
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "请示转办记录"
        verbose_name_plural = "请示转办记录"
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.transferred_on} 转办"
