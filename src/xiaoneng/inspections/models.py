"""Inspections, evaluations and observations of units and enterprises
(检查评比观摩, seed art. 5; domain rules §8).

An activity is registered by its organiser before it happens (type, title,
necessity and basis, items, targets, dates, participants, who accompanies)
and may happen only once the city leader in charge of the organiser
(分管领导) approves. Overlapping activities are offered for merging into a
joint activity (联合检查); a merged one keeps `merged_into`. What actually
happened is recorded after; anything unapproved or beyond the approval, and
a county leader accompanying a departmental tour, is raised for supervision.

Enterprises (by 统一社会信用代码 and a query code kept as its digest) see what
is scheduled on them and report what was not approved or went beyond it:
the report is a complaint. For 双随机一公开 the targets and inspectors are
drawn from the registered lists with a recorded seed and list digests, so
anyone can replay the draw."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.complaints.models import Complaint
from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class ActivityKind(models.TextChoices):
    INSPECT = "inspect", "检查"
    APPRAISE = "appraise", "评比"
    OBSERVE = "observe", "观摩"
    SURVEY = "survey", "考察调研"


class Status(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    MERGED = "merged", "已合并"
    CANCELLED = "cancelled", "已取消"
    HELD = "held", "已实施"


# An activity that still takes part in overlaps, burden and the schedule.
LIVE = (Status.PENDING, Status.APPROVED, Status.HELD)


class Result(models.TextChoices):
    NONE = "", "未登记"
    CLEAN = "clean", "未发现问题"
    FOUND = "found", "发现问题"


class Enterprise(models.Model):
    """An enterprise of the register (企业名录): the lists random draws use,
    and the portal's look-up (credit code + query code, kept as its digest)."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=200)
    address = models.CharField("住所", max_length=300, blank=True)
    industry = models.CharField("行业", max_length=50, db_index=True)
    query_digest = models.CharField("查询码摘要", max_length=64)
    active = models.BooleanField("在册", default=True)
    created_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业名录"
        ordering = ("credit_code",)

    def __str__(self) -> str:
        return self.name


class Inspector(models.Model):
    """A law-enforcement officer (执法人员) of a department, for random draws."""

    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=100)
    certificate_no = models.CharField("执法证号", max_length=40)
    active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员名录"
        ordering = ("department", "certificate_no")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "certificate_no"], name="inspector_certificate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"


class Activity(models.Model):
    number = models.CharField("编号", max_length=32, unique=True)
    organiser = models.ForeignKey(
        Department, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    co_organisers = models.ManyToManyField(
        Department, verbose_name="联合组织单位", related_name="+", blank=True
    )
    kind = models.CharField("类型", max_length=10, choices=ActivityKind.choices)
    title = models.CharField("名称", max_length=200)
    basis = models.TextField("必要性和依据")
    items = models.JSONField("内容和事项", default=list)
    target_units = models.ManyToManyField(
        Department, verbose_name="对象单位", related_name="+", blank=True
    )
    target_enterprises = models.ManyToManyField(
        Enterprise, verbose_name="对象企业", related_name="activities", blank=True
    )
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField("登记日期")
    after_the_fact = models.BooleanField("事后登记", default=False)
    overlap_reason = models.TextField("不合并的理由", blank=True)
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
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    cancel_reason = models.TextField("取消理由", blank=True)
    # What actually happened (实施情况), recorded after.
    held_start = models.DateField("实际开始日期", null=True, blank=True)
    held_end = models.DateField("实际结束日期", null=True, blank=True)
    held_items = models.JSONField("实际检查事项", default=list)
    held_targets = models.JSONField("实际检查对象", default=dict)
    held_recorded_on = models.DateField("实施情况登记日期", null=True, blank=True)
    held_unapproved = models.BooleanField("未经批准实施", default=False)
    # 双随机一公开: the result, published once recorded.
    result = models.CharField(
        "检查结果", max_length=8, choices=Result.choices, default=Result.NONE, blank=True
    )
    result_text = models.TextField("结果说明", blank=True)
    result_on = models.DateField("结果公布日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检查评比观摩活动"
        verbose_name_plural = "检查评比观摩活动"
        ordering = ("-start_on", "-id")
        indexes = [models.Index(fields=["organiser", "status"], name="inspection_org_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Participant(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField("姓名", max_length=100)
    unit = models.CharField("单位", max_length=200)
    inspector = models.ForeignKey(
        Inspector, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "参加人员"
        verbose_name_plural = "参加人员"
        ordering = ("activity", "id")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Companion(models.Model):
    """Who accompanied (陪同人员): planned at registration or recorded when held."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="companions")
    name = models.CharField("姓名", max_length=100)
    title = models.CharField("职务", max_length=100)
    unit_name = models.CharField("单位", max_length=200)
    unit = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    when_held = models.BooleanField("实施时登记", default=False)

    class Meta:
        verbose_name = "陪同人员"
        verbose_name_plural = "陪同人员"
        ordering = ("activity", "id")

    def __str__(self) -> str:
        return f"{self.unit_name} {self.title} {self.name}"


class Draw(models.Model):
    """A random draw (双随机): seed, the sorted lists' snapshots and digests, the result."""

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField("随机种子", max_length=64)
    industry = models.CharField("行业", max_length=50, blank=True)
    enterprise_count = models.PositiveSmallIntegerField("抽取企业数")
    inspector_count = models.PositiveSmallIntegerField("抽取执法人员数")
    enterprise_snapshot = models.JSONField("企业名单快照", default=list)
    inspector_snapshot = models.JSONField("执法人员名单快照", default=list)
    snapshot_digest = models.CharField("名单快照摘要（SM3）", max_length=64)
    chosen_enterprises = models.JSONField("抽中企业", default=list)
    chosen_inspectors = models.JSONField("抽中执法人员", default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_on = models.DateField("抽取日期")

    class Meta:
        verbose_name = "双随机抽取"
        verbose_name_plural = "双随机抽取"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.activity_id} {self.seed}"


class ReportKind(models.TextChoices):
    UNAPPROVED = "unapproved", "未经批准的检查"
    OVERRUN = "overrun", "超出批准的事项或日期"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "待核实"
    VERIFIED = "verified", "属实"
    DISMISSED = "dismissed", "不属实"


class EnterpriseReport(models.Model):
    """An enterprise's report of an inspection: filed as a complaint, verified by the 督查室."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="reports", verbose_name="企业"
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name="活动",
    )
    organiser = models.ForeignKey(
        Department, verbose_name="检查单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("报告类型", max_length=12, choices=ReportKind.choices)
    happened_on = models.DateField("发生日期")
    text = models.TextField("情况说明")
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint_number = models.CharField("投诉编号", max_length=32, blank=True)
    status = models.CharField(
        "核实状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField("核实日期", null=True, blank=True)
    review_note = models.TextField("核实意见", blank=True)
    filed_on = models.DateField("报告日期")

    class Meta:
        verbose_name = "企业报告"
        verbose_name_plural = "企业报告"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"
