"""A message in a user's notification centre."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.system.fields import StampField


class Notification(models.Model):
    """A message in a user's notification centre. `mailed_at` marks it as
    taken by an e-mail digest run (sent, or skipped for want of an address)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=32)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = StampField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    mailed_at = models.DateTimeField("邮件摘要时间", null=True, blank=True)

    class Meta:
        # The table it had in supervision: the model moved, the rows did not.
        db_table = "supervision_notification"
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mailed_at"], name="notification_unmailed"),
        ]

    def __str__(self) -> str:
        return self.title
