"""System administration: operation log, dictionaries (字典), parameters (参数设置)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BusinessType(models.TextChoices):
    OTHER = "other", "其他"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    GRANT = "grant", "授权"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    FORCE = "force", "强退"


class OperationLog(models.Model):
    """One row per state-changing request (操作日志). Not the audit trail: this
    records requests, the audit chain records domain events."""

    title = models.CharField("操作模块", max_length=100)
    business_type = models.CharField(
        "业务类型", max_length=10, choices=BusinessType.choices, default=BusinessType.OTHER
    )
    method = models.CharField("请求方式", max_length=10)
    url = models.CharField("请求地址", max_length=500)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    operator_name = models.CharField("操作人员姓名", max_length=100, blank=True)
    department_name = models.CharField("部门名称", max_length=100, blank=True)
    ip = models.GenericIPAddressField("操作地址", null=True, blank=True)
    params = models.TextField("请求参数", blank=True)
    status_code = models.PositiveSmallIntegerField("响应状态")
    success = models.BooleanField("操作状态", default=True)
    error = models.CharField("错误消息", max_length=500, blank=True)
    created_at = models.DateTimeField("操作时间", auto_now_add=True, db_index=True)
    duration_ms = models.PositiveIntegerField("消耗时间（毫秒）", default=0)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.title} {self.method} {self.url}"


class DictType(models.Model):
    code = models.CharField("字典类型", max_length=64, unique=True)
    name = models.CharField("字典名称", max_length=100)
    active = models.BooleanField("启用", default=True)
    remark = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "字典类型"
        verbose_name_plural = "字典管理"
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class DictData(models.Model):
    dict_type = models.ForeignKey(
        DictType, verbose_name="字典类型", on_delete=models.CASCADE, related_name="items"
    )
    value = models.CharField("字典键值", max_length=64)
    label = models.CharField("字典标签", max_length=100)
    sort = models.PositiveIntegerField("排序", default=0)
    css_class = models.CharField("标签样式", max_length=32, blank=True)
    is_default = models.BooleanField("默认", default=False)
    active = models.BooleanField("启用", default=True)
    remark = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "字典数据"
        verbose_name_plural = "字典数据"
        ordering = ("dict_type", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["dict_type", "value"], name="dictdata_unique_value"),
        ]

    def __str__(self) -> str:
        return self.label


class Parameter(models.Model):
    """A configurable number or switch of the domain rules (参数设置). Known
    keys, their defaults and types live in `system.params.REGISTRY`."""

    key = models.CharField("参数键名", max_length=100, unique=True)
    name = models.CharField("参数名称", max_length=100)
    value = models.CharField("参数键值", max_length=500)
    builtin = models.BooleanField("系统内置", default=True)
    remark = models.CharField("备注", max_length=500, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "参数"
        verbose_name_plural = "参数设置"
        ordering = ("key",)

    def __str__(self) -> str:
        return self.name


class Lease(models.Model):
    """A named lease (租约) that one process holds at a time, e.g. the scheduler's:
    taken when free or expired and renewed by its holder, both with one
    conditional UPDATE, so two processes on one database never both hold it.
    See `system.leases`."""

    name = models.CharField("名称", max_length=64, unique=True)
    holder = models.CharField("持有者", max_length=200, blank=True)
    expires_at = models.DateTimeField("到期时间")

    class Meta:
        verbose_name = "租约"
        verbose_name_plural = "租约"

    def __str__(self) -> str:
        return f"{self.name}：{self.holder or '空闲'}"
