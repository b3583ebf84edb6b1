"""政府信息主动公开 (政府信息公开条例 2019; seed art. 7).

- An item of information (`DisclosureItem`) is registered by its unit in the
  unit's catalogue (主动公开目录) under a category, with the day it was
  formed or changed (形成或变更日期); it is due on the public site within 20
  working days (art. 26: `clock.due_on`), and published by an action; a
  published item that changes is revised (its 变更 day restarts the clock
  and it waits to be published again). A
  policy interpretation (政策解读) names the policy document (规范性文件)
  it explains; the two are shown together. A policy document in force can be
  repealed (废止), for the annual report's counts.
- A review record (`ReviewRecord`): an administrative reconsideration
  (行政复议) or a lawsuit (行政诉讼) about the government's disclosure, with
  its result, registered by the government office for the annual report.
- An annual report (`AnnualReport`, 政府信息公开工作年度报告) of a finished
  year: the tables of the national template (国办公开办函〔2021〕30号)
  computed from the product's data, generated (again, while under review),
  then published once (the tables as they were published are kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class Category(models.TextChoices):
    FUNCTIONS = "functions", "机构职能"
    RULES = "rules", "规章"
    POLICY = "policy", "规范性文件"
    INTERPRETATION = "interpretation", "政策解读"
    PLANS = "plans", "规划计划"
    LICENSING = "licensing", "行政许可"
    FEES = "fees", "行政事业性收费"
    DECISIONS = "decisions", "重大决策"
    BUDGET = "budget", "财政预决算"
    PERSONNEL = "personnel", "人事信息"
    OTHER = "other", "其他"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "待公开"
    PUBLISHED = "published", "已公开"


class DisclosureItem(models.Model):
    number = models.CharField("信息编号", max_length=32, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="公开单位", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("目录类别", max_length=16, choices=Category.choices)
    title = models.CharField("信息名称", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    body = models.TextField("内容")
    formed_on = models.DateField("形成或变更日期")
    # The day a published item last changed (revise_item): due again from it;
    # formed_on stays the day it was made (the annual report counts by it).
    changed_on = models.DateField("变更日期", null=True, blank=True)
    due_on = models.DateField("应公开日期", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的规范性文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField("登记日期")
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField("超期公开", default=False)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ("-formed_on", "-id")
        indexes = [
            models.Index(fields=["department", "category"], name="openinfo_dept_category"),
            models.Index(fields=["status", "due_on"], name="openinfo_status_due"),
        ]

    def __str__(self) -> str:
        return f"主动公开信息 {self.number}（{self.title}）"


class ReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼（未经复议直接起诉）"
    LAWSUIT_AFTER = "lawsuit_after", "行政诉讼（复议后起诉）"


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class ReviewRecord(models.Model):
    number = models.CharField("案号", max_length=100, unique=True)
    kind = models.CharField("类别", max_length=16, choices=ReviewKind.choices)
    department = models.ForeignKey(
        Department, verbose_name="被申请（被诉）机关", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("案由", max_length=300)
    filed_on = models.DateField("收到日期")
    result = models.CharField(
        "结果", max_length=10, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开行政复议、行政诉讼"
        verbose_name_plural = "政府信息公开行政复议、行政诉讼"
        ordering = ("-filed_on", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ReportStatus(models.TextChoices):
    GENERATED = "generated", "已生成（待公开）"
    PUBLISHED = "published", "已公开"


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    tables = models.JSONField("报表")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices)
    generated_on = models.DateField("生成日期")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年政府信息公开工作年度报告"
