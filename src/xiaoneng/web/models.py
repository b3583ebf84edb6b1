"""The kit's own bookkeeping: rate-limit counters shared by every worker
process (the default cache is per process, so the database holds them).
The table keeps the name it had when the portal owned it."""

from __future__ import annotations

from django.db import models


class RateBucket(models.Model):
    """Requests of one client (hashed IP) to one public form in the current window."""

    key = models.CharField("键（SM3）", max_length=64, unique=True)
    started_at = models.DateTimeField("窗口开始", db_index=True)
    hits = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"
        db_table = "portal_ratebucket"

    def __str__(self) -> str:
        return f"{self.key[:10]} {self.hits}"
