"""The append-only audit trail: the truth of what happened. Rows are written
only by `audit.actions.record_event`; updates and deletes are refused here and
by database triggers."""

from __future__ import annotations

from datetime import UTC
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from xiaoneng.core.errors import DomainError


class AppendOnlyError(DomainError):
    code = "audit_append_only"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件不可修改")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计事件不可删除")


class AuditEvent(models.Model):
    seq = models.BigIntegerField("序号", primary_key=True)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=100, blank=True)
    event_type = models.CharField("事件类型", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    payload = models.JSONField("内容", default=dict)
    prev_hash = models.CharField("前序哈希", max_length=64)
    hash = models.CharField("哈希（SM3）", max_length=64, unique=True)
    # The keyed seal (HMAC-SM3 over seq and hash) and the id of the key that
    # made it; both empty on events written before the chain was keyed.
    key_id = models.CharField("签名密钥编号", max_length=16, blank=True, default="")
    mac = models.CharField("密钥签名（HMAC-SM3）", max_length=64, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ("seq",)
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        # As people read it (the admin's title, a breadcrumb): words, not codes.
        from xiaoneng.core.vocabulary import events

        return f"审计第 {self.seq} 号 · {events().get(self.event_type) or '其他操作'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计事件不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计事件不可删除")

    def canonical_event(self) -> dict[str, Any]:
        """The fields the hash covers, in the form they were hashed."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "event_type": self.event_type,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "payload": self.payload,
        }


class AuditHead(models.Model):
    """One row holding the chain's tip. Locking it serialises appends on every
    database, so two writers can never chain onto the same predecessor."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"截至审计第 {self.last_seq} 号"
