"""Emergencies and the front line (一线工作法, seed art. 9). An emergency is
registered with its place and time; the leader in charge, the competent
department's head and the staff on duty are notified at once (`Responder`);
each checks in on arrival at the scene; time to arrival is measured
against the level's target; actions are logged and the whole is reviewed.
Leaders' front-line work (下基层调研, 联村联户) is logged (`FieldVisit`) with
the problems raised and their follow-up (`VisitIssue`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

USER = settings.AUTH_USER_MODEL
COORDINATE: dict[str, Any] = {"max_digits": 9, "decimal_places": 6}


class Category(models.TextChoices):
    """突发事件应对法 art. 3."""

    NATURAL = "natural", "自然灾害"
    ACCIDENT = "accident", "事故灾难"
    HEALTH = "health", "公共卫生事件"
    SECURITY = "security", "社会安全事件"


class Grade(models.TextChoices):
    I = "1", "Ⅰ级（特别重大）"  # noqa: E741 - the grade's own name
    II = "2", "Ⅱ级（重大）"
    III = "3", "Ⅲ级（较大）"
    IV = "4", "Ⅳ级（一般）"


class EmergencyStatus(models.TextChoices):
    RESPONDING = "responding", "处置中"
    CLOSED = "closed", "处置完毕待复盘"
    REVIEWED = "reviewed", "已复盘"


class Emergency(models.Model):
    number = models.CharField("事件编号", max_length=20, unique=True)
    title = models.CharField("事件名称", max_length=200)
    category = models.CharField("类别", max_length=16, choices=Category.choices)
    grade = models.CharField("级别", max_length=2, choices=Grade.choices)
    place = models.CharField("发生地点", max_length=200)
    latitude = models.DecimalField("纬度", null=True, blank=True, **COORDINATE)
    longitude = models.DecimalField("经度", null=True, blank=True, **COORDINATE)
    occurred_at = StampField("发生时间")
    description = models.TextField("基本情况")
    department = models.ForeignKey(
        Department, verbose_name="主管部门", on_delete=models.PROTECT, related_name="+"
    )
    arrival_minutes = models.PositiveIntegerField("到场时限（分钟）")
    status = models.CharField(
        "状态", max_length=16, choices=EmergencyStatus.choices, default=EmergencyStatus.RESPONDING
    )
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = StampField("登记时间", auto_now_add=True)
    closed_at = StampField("处置完毕时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.TextField("复盘评估报告", blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = StampField("复盘时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "突发事件"
        verbose_name_plural = "突发事件"
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Duty(models.TextChoices):
    LEADER = "leader", "分管市领导"
    HEAD = "head", "主管部门主要负责人"
    ON_DUTY = "on_duty", "值班人员"


class Responder(models.Model):
    """One person who must go to the scene, notified at registration."""

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="responders")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    duty = models.CharField("职责", max_length=16, choices=Duty.choices)
    notified_at = StampField("通知时间")
    arrived_at = StampField("到场时间", null=True, blank=True)
    arrival_place = models.CharField("签到地点", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", null=True, blank=True, **COORDINATE)
    longitude = models.DecimalField("经度", null=True, blank=True, **COORDINATE)
    minutes = models.PositiveIntegerField("到场用时（分钟）", null=True, blank=True)
    late = models.BooleanField("未按时到场", default=False)
    duties_done = models.TextField("履职情况", blank=True)

    class Meta:
        verbose_name = "到场人员"
        verbose_name_plural = "到场人员"
        ordering = ("emergency_id", "id")
        constraints = [
            models.UniqueConstraint(fields=["emergency", "user"], name="office_responder_once")
        ]

    def __str__(self) -> str:
        return self.get_duty_display()


class Action(models.Model):
    """The log of what was done (处置措施) and what follows (后续工作)."""

    class Kind(models.TextChoices):
        ACTION = "action", "处置措施"
        FOLLOW_UP = "follow_up", "后续工作"

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.ACTION)
    at = StampField("时间")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("内容")

    class Meta:
        verbose_name = "处置记录"
        verbose_name_plural = "处置记录"
        ordering = ("emergency_id", "at", "id")

    def __str__(self) -> str:
        return self.text[:30]


class VisitKind(models.TextChoices):
    SURVEY = "survey", "下基层调研"
    VILLAGE = "village", "联村联户"
    SITE = "site", "现场办公"


class FieldVisit(models.Model):
    leader = models.ForeignKey(
        USER, verbose_name="领导", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=16, choices=VisitKind.choices)
    visited_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200)
    people_met = models.CharField("走访对象", max_length=300)
    summary = models.TextField("调研情况")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = StampField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "一线工作记录"
        verbose_name_plural = "一线工作记录"
        ordering = ("-visited_on", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.place}"


class VisitIssue(models.Model):
    """A problem raised on a visit, handed to a unit with a deadline."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="issues")
    problem = models.CharField("反映问题", max_length=300)
    unit = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("办理期限")
    resolved_at = StampField("办结时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField("办理结果", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "调研发现问题"
        verbose_name_plural = "调研发现问题"
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return self.problem[:30]
