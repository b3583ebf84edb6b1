"""Holiday schedules: one per year, with the days that differ from Monday–Friday.
Written only by `calendar.actions`; read through `calendar.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

NAME_MAX_LENGTH = 64
SOURCE_MAX_LENGTH = 200


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休"
    WORKDAY = "workday", "班"


class HolidaySchedule(models.Model):
    """The State Council's holiday schedule for one year (国务院办公厅节假日安排)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "依据", max_length=SOURCE_MAX_LENGTH, blank=True, help_text="如通知文号"
    )
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provisional = models.BooleanField(
        "暂定", default=False, help_text="尚未正式发布：按此安排计算的期限仍标为暂定"
    )

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class SpecialDay(models.Model):
    """A day off on a weekday (or a named weekend day inside a holiday), or a
    weekend make-up working day (调休上班日)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    name = models.CharField("名称", max_length=NAME_MAX_LENGTH)
    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="所属安排", on_delete=models.CASCADE, related_name="days"
    )

    class Meta:
        verbose_name = "节假日与调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ("date",)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values), name="calendar_specialday_kind"
            ),
        )

    def __str__(self) -> str:
        return f"{self.date} {self.name}（{self.get_kind_display()}）"


class CalendarStamp(models.Model):
    """One row whose token changes at every import: each process compares it
    with the token of its cached calendar, so every process sees an import."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    def __str__(self) -> str:
        return self.token
