"""Leave of principal leaders (请销假, 离张报备; seed art. 12): the principal
leader of a county or a municipal department who leaves the city asks
beforehand — destination, purpose, dates and who acts meanwhile — and is
approved by the city leader in charge of the unit (the mayor where no one
is); back, they report their return (销假)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

USER = settings.AUTH_USER_MODEL


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"
    CANCELLED = "cancelled", "已撤回"
    RETURNED = "returned", "已销假"


class LeaveRequest(models.Model):
    number = models.CharField("编号", max_length=20, unique=True)
    person = models.ForeignKey(
        USER, verbose_name="请假人", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Department, verbose_name="所在单位", on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField("前往地点", max_length=100)
    purpose = models.CharField("事由", max_length=300)
    starts_on = models.DateField("离张日期")
    ends_on = models.DateField("返张日期")
    acting = models.ForeignKey(
        USER, verbose_name="主持工作人员", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=16, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED
    )
    # Recorded after the fact: the leader left before asking (a violation).
    after_the_fact = models.BooleanField("事后补报", default=False)
    requested_at = StampField("申请时间", auto_now_add=True)
    approver = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = StampField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    return_due = models.DateField("销假期限")
    returned_on = models.DateField("实际返张日期", null=True, blank=True)
    returned_at = StampField("销假时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "离张请假"
        verbose_name_plural = "离张请假"
        ordering = ("-starts_on", "-id")
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["return_due"])]

    def __str__(self) -> str:
        return self.number
