"""Sealed bids.

The whole is described in `trading.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.system.fields import StampField

from .parties import Party
from .projects import MONEY, Round

USER = settings.AUTH_USER_MODEL


class BidStatus(models.TextChoices):
    SEALED = "sealed", "已递交（加密）"
    WITHDRAWN = "withdrawn", "已撤回"
    SUPERSEDED = "superseded", "已被修改后的投标替代"
    OPENED = "opened", "已解密"
    UNDECRYPTED = "undecrypted", "未解密（视为撤回）"


class Bid(models.Model):
    """A bid, sealed (SM4-GCM) under a key the server does not keep: the
    bidder holds it (its 解密码) and decrypts at the opening (电子招标投标
    办法 art. 31, 36). Before that only `envelope`, `key_check` (to tell a
    wrong code) and `content_digest` (the receipt) are stored; `price`,
    `period_days` and `summary` are filled in when it is opened."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey(Party, verbose_name="投标人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = StampField("递交时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=12, choices=BidStatus.choices, default=BidStatus.SEALED
    )
    envelope = models.TextField("密文")
    key_check = models.CharField("解密码校验值", max_length=64)
    content_digest = models.CharField("投标文件 SM3 摘要", max_length=64)
    withdrawn_at = StampField("撤回时间", null=True, blank=True)
    opened_at = StampField("解密时间", null=True, blank=True)
    price = models.DecimalField("投标报价（元）", null=True, blank=True, **MONEY)
    period_days = models.PositiveIntegerField("工期或交货期（日）", null=True, blank=True)
    summary = models.TextField("投标文件摘要", blank=True)
    # The committee's qualification check (资格审查、符合性审查).
    qualified = models.BooleanField("通过资格审查", null=True, blank=True)
    rejected_reason = models.CharField("否决理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "投标"
        verbose_name_plural = "投标"
        ordering = ("round_id", "submitted_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "bidder"],
                condition=Q(status__in=["sealed", "opened"]),
                name="trading_one_live_bid",
            )
        ]

    def __str__(self) -> str:
        return f"投标 {self.pk}（{self.get_status_display()}）"
