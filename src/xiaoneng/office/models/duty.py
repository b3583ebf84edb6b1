"""Duty (值班, seed art. 12): each unit's roster for each statutory holiday,
due before it (holidays first), with the leader on duty and the staff for
every day; spot-check calls (查岗) with their result; a failed one is a
finding for supervision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

USER = settings.AUTH_USER_MODEL


class RosterStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "已报送"


class DutyRoster(models.Model):
    """One unit's roster for one holiday (its name and days from the calendar)."""

    unit = models.ForeignKey(
        Department, verbose_name="值班单位", on_delete=models.PROTECT, related_name="+"
    )
    holiday = models.CharField("节假日", max_length=20)
    starts_on = models.DateField("首日")
    ends_on = models.DateField("末日")
    due_on = models.DateField("报送截止")
    status = models.CharField(
        "状态", max_length=16, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    duty_phone = models.CharField("值班电话", max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = StampField("报送时间", null=True, blank=True)
    late = models.BooleanField("逾期报送", default=False)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "节假日值班表"
        verbose_name_plural = "节假日值班表"
        ordering = ("-starts_on", "unit_id")
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_on"], name="office_roster_once")
        ]

    def __str__(self) -> str:
        return f"{self.holiday}值班表"


class DutyShift(models.Model):
    """One day of a roster: the leader on duty and the staff on duty."""

    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField("日期")
    leader = models.ForeignKey(
        USER, verbose_name="带班领导", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        USER, verbose_name="值班人员", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ("roster_id", "day")
        constraints = [models.UniqueConstraint(fields=["roster", "day"], name="office_shift_once")]

    def __str__(self) -> str:
        return str(self.day)


class CheckResult(models.TextChoices):
    PRESENT = "present", "在岗"
    ABSENT = "absent", "脱岗"
    NO_ANSWER = "no_answer", "电话无人接听"
    WRONG_PERSON = "wrong_person", "非排班人员值班"


class SpotCheck(models.Model):
    """A call or visit to a unit on duty (查岗) and what it found."""

    unit = models.ForeignKey(
        Department, verbose_name="被查单位", on_delete=models.PROTECT, related_name="+"
    )
    shift = models.ForeignKey(
        DutyShift, null=True, blank=True, on_delete=models.PROTECT, related_name="checks"
    )
    checked_at = StampField("查岗时间")
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    method = models.CharField("方式", max_length=16, default="phone")
    result = models.CharField("结果", max_length=16, choices=CheckResult.choices)
    note = models.CharField("情况说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "查岗记录"
        verbose_name_plural = "查岗记录"
        ordering = ("-checked_at", "-id")

    def __str__(self) -> str:
        return self.get_result_display()
