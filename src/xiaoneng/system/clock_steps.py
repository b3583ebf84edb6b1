"""The dated step that feeds a clock: one row per step of a case, a
disclosure request (and each deadline-bound procedure to come), in order."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .fields import StampField


class ClockStep(models.Model):
    """Abstract: the step's kind, date and days (the clock's input), who took
    it and why. The concrete model adds the foreign key to what it belongs to,
    its Meta (ordering and the (owner, seq) unique constraint) and __str__."""

    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("环节", max_length=24)
    on = models.DateField("日期")
    days = models.PositiveSmallIntegerField("天数", default=0)
    at = StampField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("经办人姓名", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    payload = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        abstract = True
