"""Appraisal (考核评比, seed art. 14–15): the monthly bulletin (月通报), the
quarterly comparison (季评比), the half-year inspection (半年检查), the
year-end evaluation (年终考核) with its grades and the rewards and penalties
carried out (年终兑现), and the public snapshots (晒成绩单、晾排行榜).

Computed rows are stored, not derived on read: a published ranking or grade
must not move when a report is verified later. What the public sees is a
`Publication`: a JSON copy taken when the 督查室 published it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

from .formula import GRADES


class UnitClass(models.TextChoices):
    COUNTY = "county", "县（区）"
    CITY = "city", "市直部门"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class RankingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公布"


class YearStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已公布"


class RewardKind(models.TextChoices):
    REWARD = "reward", "奖励"
    PENALTY = "penalty", "惩处"


class PublicationKind(models.TextChoices):
    TASKS = "tasks", "重点工作与为民办实事"
    QUARTER = "quarter", "季度评比"
    YEAR = "year", "年终考核"


GRADE_CHOICES = list(GRADES.items())


def class_order(klass: str) -> int:
    """Counties are listed before city departments."""
    return 0 if klass == UnitClass.COUNTY else 1


def _user(verbose: str, *, null: bool = False) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
    )


def _unit() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )


def _points(verbose: str, *, null: bool = False) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(verbose, max_digits=7, decimal_places=2, null=null, blank=null)


class Bulletin(models.Model):
    """月通报: each unit's tasks as of the month's end, with the 督查室's text."""

    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField(
        "月", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    number = models.CharField("文号", max_length=50, blank=True)
    text = models.TextField("通报意见", blank=True)
    rows = models.JSONField("各单位情况", default=list)
    status = models.CharField(
        "状态", max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    generated_at = StampField("生成时间")
    generated_by = _user("生成人")
    issued_on = models.DateField("印发日期", null=True, blank=True)
    issued_by = _user("印发人", null=True)

    class Meta:
        verbose_name = "月通报"
        verbose_name_plural = "月通报"
        ordering = ("-year", "-month")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="appraisal_bulletin_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月目标任务推进情况通报"


class QuarterRanking(models.Model):
    """季评比: the units ranked on their targets as of the quarter's end."""

    year = models.PositiveSmallIntegerField("年")
    quarter = models.PositiveSmallIntegerField(
        "季度", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        "状态", max_length=16, choices=RankingStatus.choices, default=RankingStatus.DRAFT
    )
    late_points = _points("每份逾期报告扣分（计算时）")
    computed_at = StampField("计算时间")
    computed_by = _user("计算人")
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_by = _user("公布人", null=True)

    class Meta:
        verbose_name = "季度评比"
        verbose_name_plural = "季度评比"
        ordering = ("-year", "-quarter")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="appraisal_quarter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"


class QuarterRow(models.Model):
    ranking = models.ForeignKey(QuarterRanking, on_delete=models.CASCADE, related_name="rows")
    department = _unit()
    klass = models.CharField("类别", max_length=16, choices=UnitClass.choices)
    tasks = models.PositiveIntegerField("任务数")
    completion = _points("加权完成度（%）")
    late_reports = models.PositiveIntegerField("逾期报告（份）")
    deducted = _points("逾期扣分")
    score = _points("得分")
    rank = models.PositiveIntegerField("名次")

    class Meta:
        verbose_name = "季度评比结果"
        verbose_name_plural = "季度评比结果"
        ordering = ("ranking", "klass", "rank", "department_id")
        constraints = [
            models.UniqueConstraint(fields=["ranking", "department"], name="appraisal_quarter_row"),
        ]

    def __str__(self) -> str:
        return f"{self.ranking} #{self.rank} {self.department_id}"


class Inspection(models.Model):
    """半年检查: the 督查室's team inspecting the units at mid-year."""

    year = models.PositiveSmallIntegerField("年")
    half = models.PositiveSmallIntegerField(
        "半年", validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    team = models.CharField("检查组", max_length=300)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    created_by = _user("登记人")
    created_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "半年检查"
        verbose_name_plural = "半年检查"
        ordering = ("-year", "-half")
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="appraisal_inspection_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年检查"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    department = _unit()
    text = models.TextField("发现的问题")
    points = _points("扣分")
    evidence = models.TextField("佐证", blank=True)
    recorded_by = _user("记录人")
    recorded_on = models.DateField("记录日期")

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ("inspection", "department_id", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="appraisal_finding_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} {self.department_id}"


class YearResult(models.Model):
    """年终考核: computed (draft), approved by the 督查室, then published."""

    year = models.PositiveSmallIntegerField("年", unique=True)
    status = models.CharField(
        "状态", max_length=16, choices=YearStatus.choices, default=YearStatus.DRAFT
    )
    rules = models.JSONField("计分规则（计算时）", default=dict)
    computed_at = StampField("计算时间")
    computed_by = _user("计算人")
    approved_on = models.DateField("审定日期", null=True, blank=True)
    approved_by = _user("审定人", null=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_by = _user("公布人", null=True)

    class Meta:
        verbose_name = "年终考核"
        verbose_name_plural = "年终考核"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年度目标责任考核"


class YearRow(models.Model):
    result = models.ForeignKey(YearResult, on_delete=models.CASCADE, related_name="rows")
    department = _unit()
    klass = models.CharField("类别", max_length=16, choices=UnitClass.choices)
    targets = _points("目标任务得分", null=True)
    efficiency = _points("机关效能得分", null=True)
    complaints = _points("效能投诉扣分")
    accountability = _points("效能问责扣分")
    inspection = _points("半年检查扣分")
    weighted = _points("加权得分", null=True)
    total = _points("总分")
    rank = models.PositiveIntegerField("名次")
    band = models.CharField("分数段等次", max_length=16, choices=GRADE_CHOICES)
    grade = models.CharField("考核等次", max_length=16, choices=GRADE_CHOICES)

    class Meta:
        verbose_name = "年终考核结果"
        verbose_name_plural = "年终考核结果"
        ordering = ("result", "klass", "rank", "department_id")
        constraints = [
            models.UniqueConstraint(fields=["result", "department"], name="appraisal_year_row"),
        ]

    def __str__(self) -> str:
        return f"{self.result} #{self.rank} {self.department_id}"


class Reward(models.Model):
    """年终兑现: a reward or penalty carried out on a unit's result."""

    row = models.ForeignKey(YearRow, on_delete=models.PROTECT, related_name="rewards")
    kind = models.CharField("类型", max_length=16, choices=RewardKind.choices)
    text = models.TextField("兑现内容")
    document = models.CharField("依据文号", max_length=100, blank=True)
    recorded_by = _user("登记人")
    recorded_on = models.DateField("登记日期")

    class Meta:
        verbose_name = "奖惩兑现"
        verbose_name_plural = "奖惩兑现"
        ordering = ("row", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.row_id}"


class Publication(models.Model):
    """A public snapshot (晒成绩单、晾排行榜): the rows as they were when the
    督查室 published them. Units are named; persons never are."""

    kind = models.CharField("类型", max_length=16, choices=PublicationKind.choices)
    year = models.PositiveSmallIntegerField("年")
    period = models.PositiveSmallIntegerField("期（季度；其他为0）", default=0)
    title = models.CharField("标题", max_length=200)
    as_of = models.DateField("数据截至")
    rows = models.JSONField("内容", default=list)
    published_at = StampField("公布时间")
    published_by = _user("公布人")

    class Meta:
        verbose_name = "公开内容"
        verbose_name_plural = "公开内容"
        ordering = ("-published_at", "-id")
        indexes = [models.Index(fields=["kind", "-published_at"], name="appraisal_pub_kind")]

    def __str__(self) -> str:
        return self.title
