"""Meetings (会风, seed art. 11). A meeting in the government's name is
decided by the executive meeting, or reviewed by the leader in charge and
approved by the mayor; a professional meeting in its name needs the leader
in charge. A department's own meeting may not invite city leaders, nor
county leaders without the government's approval. Each invited unit is
told who must come (`Invitation.required_level`); it names who will; a
substitute needs leave approved beforehand by the convener; sign-in is at
the door (a QR code per attendee, or the clerk's list)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

USER = settings.AUTH_USER_MODEL


class MeetingKind(models.TextChoices):
    GOVERNMENT = "government", "以市政府名义召开的全市性会议"
    PROFESSIONAL = "professional", "以市政府名义召开的专业性会议"
    DEPARTMENT = "department", "部门会议"


class Route(models.TextChoices):
    """How the meeting was approved."""

    EXECUTIVE = "executive", "市政府常务会议决定"
    LEADER_MAYOR = "leader_mayor", "分管市领导审核、市长审批"
    LEADER = "leader", "分管市领导审批"
    GOVERNMENT = "government", "经市政府同意邀请县区领导"
    NONE = "none", "无需报批"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "拟办"
    REVIEWING = "reviewing", "待分管市领导审核"
    APPROVING = "approving", "待市长审批"
    APPROVED = "approved", "已批准待通知"
    REJECTED = "rejected", "未获批准"
    NOTIFIED = "notified", "已通知"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class Level(models.TextChoices):
    """Who an invitation requires, highest first (`LEVEL_RANK`)."""

    PRINCIPAL = "principal", "主要负责同志"
    DEPUTY = "deputy", "分管负责同志"
    SECTION = "section", "业务科室负责人"
    STAFF = "staff", "工作人员"


LEVEL_RANK: dict[str, int] = {
    Level.PRINCIPAL: 4,
    Level.DEPUTY: 3,
    Level.SECTION: 2,
    Level.STAFF: 1,
}


class Meeting(models.Model):
    number = models.CharField("会议编号", max_length=20, unique=True)
    title = models.CharField("会议名称", max_length=200)
    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    host = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    starts_at = StampField("开始时间")
    ends_at = StampField("结束时间")
    place = models.CharField("地点", max_length=200)
    agenda = models.TextField("议程")
    # Whom a department's meeting invites beyond the units (refused or routed).
    invites_city_leaders = models.BooleanField("邀请市领导出席", default=False)
    invites_county_leaders = models.BooleanField("邀请县区领导出席", default=False)
    route = models.CharField("报批方式", max_length=16, choices=Route.choices, default=Route.NONE)
    executive_ref = models.CharField("常务会议决定", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    applied_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    applied_at = StampField("申请时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = StampField("审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = StampField("批准时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    notified_at = StampField("通知时间", null=True, blank=True)
    attendance_published_at = StampField("出勤情况通报时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ("-starts_at", "-id")
        indexes = [models.Index(fields=["host", "status"]), models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title


class AttendStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    CONFIRMED = "confirmed", "已确认参会人员"
    SIGNED = "signed", "已签到"
    ABSENT = "absent", "缺席"


class Invitation(models.Model):
    """One invited unit (and the person or level it must send)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(
        Department, verbose_name="参会单位", on_delete=models.PROTECT, related_name="+"
    )
    required_level = models.CharField("应参会人员", max_length=16, choices=Level.choices)
    required_person = models.ForeignKey(
        USER,
        verbose_name="指定参会人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendee = models.ForeignKey(
        USER,
        verbose_name="实际参会人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendee_name = models.CharField("参会人姓名", max_length=50, blank=True)
    attendee_level = models.CharField(
        "参会人层级", max_length=16, choices=Level.choices, blank=True
    )
    attendee_title = models.CharField("参会人职务", max_length=50, blank=True)
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = StampField("确认时间", null=True, blank=True)
    # True when the attendee is below the required level or not the named person.
    substitute = models.BooleanField("代会", default=False)
    status = models.CharField(
        "状态", max_length=16, choices=AttendStatus.choices, default=AttendStatus.INVITED
    )
    # The door's QR code carries this (a random secret, one per invitation).
    sign_token = models.CharField("签到码", max_length=64, unique=True)
    signed_at = StampField("签到时间", null=True, blank=True)
    signed_by_clerk = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An unapproved substitute or an absence without leave (seed art. 11).
    violation = models.CharField("违规情形", max_length=100, blank=True)

    class Meta:
        verbose_name = "参会通知"
        verbose_name_plural = "参会通知"
        ordering = ("meeting_id", "id")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="office_invitation_once")
        ]

    def __str__(self) -> str:
        return f"参会通知 #{self.pk}"


class MeetingLeave(models.Model):
    """A request to send a substitute (or to be absent), decided beforehand by the convener."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="leaves")
    reason = models.CharField("请假事由", max_length=300)
    substitute_name = models.CharField("代会人员", max_length=50, blank=True)
    substitute_title = models.CharField("代会人员职务", max_length=50, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = StampField("申请时间", auto_now_add=True)
    approved = models.BooleanField("批准", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = StampField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "会议请假"
        verbose_name_plural = "会议请假"
        ordering = ("invitation_id", "id")

    def __str__(self) -> str:
        return f"会议请假 #{self.pk}"
