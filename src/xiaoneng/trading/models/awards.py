"""Objections, complaints, the award and the contract.

The whole is described in `trading.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.system.fields import StampField

from .bids import Bid
from .parties import Party
from .projects import MONEY, Project, Round

USER = settings.AUTH_USER_MODEL


class ObjectionKind(models.TextChoices):
    OBJECTION = "objection", "异议（招标投标法）"
    CHALLENGE = "challenge", "质疑（政府采购法）"


class Objection(models.Model):
    """A bidder's objection (异议) or, in procurement, challenge (质疑) to
    the tenderer; unanswered, it pauses the award."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="objections")
    kind = models.CharField("类型", max_length=12, choices=ObjectionKind.choices)
    party = models.ForeignKey(Party, verbose_name="提出人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField("针对事项", max_length=100)
    text = models.TextField("异议内容")
    known_on = models.DateField("知道或应当知道之日")
    received_at = StampField("收到时间", auto_now_add=True)
    reply_due = models.DateField("答复期限")
    reply = models.TextField("答复", blank=True)
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    replied_at = StampField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "异议、质疑"
        verbose_name_plural = "异议、质疑"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Complaint(models.Model):
    """A complaint (投诉) to the kind's regulator, within the law's window of
    knowing; decided within 30 working days. The regulator may suspend the
    project meanwhile."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="complaints")
    party = models.ForeignKey(Party, verbose_name="投诉人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    text = models.TextField("投诉事项")
    known_on = models.DateField("知道或应当知道之日")
    received_at = StampField("收到时间", auto_now_add=True)
    decide_due = models.DateField("处理期限")
    decision = models.TextField("处理决定", blank=True)
    upheld = models.BooleanField("投诉成立", null=True, blank=True)
    decided_at = StampField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "交易投诉"
        verbose_name_plural = "交易投诉"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"投诉 {self.pk}"


class Award(models.Model):
    """The award (定标, 中标通知书): the winning bid and its value."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="award")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    value = models.DecimalField("中标金额（元）", **MONEY)
    reason = models.CharField("定标说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = StampField("定标时间", auto_now_add=True)
    contract_due = models.DateField("合同签订期限")

    class Meta:
        verbose_name = "中标结果"
        verbose_name_plural = "中标结果"

    def __str__(self) -> str:
        return f"中标 {self.bid_id} {self.value}"


class Contract(models.Model):
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="contract")
    number = models.CharField("合同编号", max_length=60)
    title = models.CharField("合同名称", max_length=200)
    value = models.DecimalField("合同金额（元）", **MONEY)
    signed_on = models.DateField("签订日期")
    period_start = models.DateField("履约开始", null=True, blank=True)
    period_end = models.DateField("履约结束", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
