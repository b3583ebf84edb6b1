"""The store of rendered documents: the PDF bytes of a document once laid
out, kept in the database so that every application server sees them
(decision 0040). A row is a cache, never a record: deleting any row only
costs one render."""

from __future__ import annotations

from django.db import models

from xiaoneng.system.fields import StampField


class StoredDocument(models.Model):
    # What the document is of, e.g. ("case", 42, "acceptance") or
    # ("bulletin", 7, "bulletin"), and the subject's version when it was
    # rendered (a case's `version`; a bulletin's status and stamps).
    subject = models.CharField("对象类型", max_length=32)
    subject_id = models.BigIntegerField("对象编号")
    name = models.CharField("文书", max_length=64)
    version = models.CharField("对象版本", max_length=64)
    # sha256 of everything the bytes depend on (documents.store.document_key).
    key = models.CharField("键", max_length=64, unique=True)
    digest = models.CharField("内容摘要", max_length=64)  # sha256 of pdf: the ETag
    pdf = models.BinaryField("PDF")
    size = models.PositiveIntegerField("字节数")
    created_at = StampField("生成时间", auto_now_add=True)
    # The last day it was served: the daily prune drops what nobody read
    # for a while. Written at most once a day per row.
    served_on = models.DateField("最近下载日")

    class Meta:
        verbose_name = "已生成文书"
        verbose_name_plural = "已生成文书"
        indexes = [
            models.Index(fields=["subject", "subject_id", "name"], name="documents_stored_subject"),
            models.Index(fields=["served_on"], name="documents_stored_served"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}:{self.subject_id}:{self.name}@{self.version}"
