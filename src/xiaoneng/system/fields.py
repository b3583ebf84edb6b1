"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models

from xiaoneng.core import timesource


class StampField(models.DateTimeField):  # type: ignore[type-arg]  # generic in the stubs only
    """A `DateTimeField` whose `auto_now` / `auto_now_add` stamp comes from
    the product's time source (`core.timesource.now`), not the wall clock:
    what is written under a moved clock (the demo history, a test walking a
    case day by day) is stamped on the day it happened. Same column, same
    arguments: migrations see a plain `DateTimeField` (`deconstruct`)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            value = timesource.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class StoredFileFields(models.Model):
    """What every stored upload keeps (`cases.uploads.store_checked` fills it):
    the name shown, its checked type and size, its SM3 digest and where it
    lies under MEDIA_ROOT (never served directly). Each app's file row adds
    what it belongs to, and who uploaded it where that is kept."""

    filename = models.CharField("文件名", max_length=100)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveBigIntegerField("大小（字节）")
    sm3 = models.CharField("SM3 摘要", max_length=64)
    stored_path = models.CharField("存储路径", max_length=255, unique=True)
    uploaded_at = StampField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
