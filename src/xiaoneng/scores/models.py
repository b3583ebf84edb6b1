"""Stored figures: the monthly rollup per department (recomputed by a task
and on demand, so a month's ranking is one indexed read) and the published
rankings, frozen as they were published."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department


class MonthlyMetric(models.Model):
    """One department's figures for one month (domain rules §3) and its score."""

    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份（当月1日）")
    accepted = models.PositiveIntegerField("受理件数", default=0)
    completed = models.PositiveIntegerField("办结件数", default=0)
    on_time = models.PositiveIntegerField("按时办结件数", default=0)
    early = models.PositiveIntegerField("提前办结件数", default=0)
    used_days = models.PositiveIntegerField("实际用时合计（工作日）", default=0)
    committed_days = models.PositiveIntegerField("承诺时限合计（工作日）", default=0)
    overdue = models.PositiveIntegerField("超期件数", default=0)
    warnings = models.PositiveIntegerField("预警次数", default=0)
    yellow_cards = models.PositiveIntegerField("黄牌", default=0)
    red_cards = models.PositiveIntegerField("红牌", default=0)
    satisfaction = models.DecimalField(
        "满意度（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    complaints = models.PositiveIntegerField("属实投诉", null=True, blank=True)
    accountability = models.PositiveIntegerField("问责扣分", null=True, blank=True)
    score = models.DecimalField("效能得分", max_digits=7, decimal_places=2)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "月度指标"
        verbose_name_plural = "月度指标"
        ordering = ("-month", "-score", "department__sort", "department__code")
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="monthly_metric_once"),
        ]
        indexes = [
            models.Index(fields=["month", "-score"], name="monthly_metric_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m}"


class RankingPublication(models.Model):
    """A month's ranking as the supervision bureau published it (晒成绩单、
    晾排行榜): frozen, one per month."""

    month = models.DateField("月份（当月1日）", unique=True)
    published_at = models.DateTimeField("发布时间")
    published_on = models.DateField("成文日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=500, blank=True)
    weights = models.JSONField("评分规则（发布时）", default=dict)

    class Meta:
        verbose_name = "月度排名发布"
        verbose_name_plural = "月度排名发布"
        ordering = ("-month",)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class RankingEntry(models.Model):
    """One department's row of a published ranking: rank, score and figures
    copied at publication, so later recomputation never changes it."""

    publication = models.ForeignKey(
        RankingPublication, on_delete=models.CASCADE, related_name="entries"
    )
    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.PROTECT, related_name="+"
    )
    department_name = models.CharField("部门名称（发布时）", max_length=100)
    rank = models.PositiveIntegerField("名次")
    score = models.DecimalField("效能得分", max_digits=7, decimal_places=2)
    figures = models.JSONField("指标（发布时）", default=dict)

    class Meta:
        verbose_name = "排名条目"
        verbose_name_plural = "排名条目"
        ordering = ("publication", "rank", "department_name")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "department"], name="ranking_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} #{self.rank} {self.department_name}"
