"""The parts of an item: its materials (申请材料, the basis of the one-time
notice) and its co-departments (共同实施部门) with opinion deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from xiaoneng.org.models import Department

from .choices import MaterialForm
from .item import ApprovalItem


class ItemMaterial(models.Model):
    item = models.ForeignKey(
        ApprovalItem, verbose_name="事项", on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField("材料名称", max_length=200)
    issuer = models.CharField("出具机构", max_length=200, blank=True)
    issue_requirement = models.CharField("出具时间要求", max_length=200, blank=True)
    instructions = models.TextField("材料办理说明", blank=True)
    originals = models.PositiveSmallIntegerField("原件份数", default=1)
    copies = models.PositiveSmallIntegerField("复印件份数", default=0)
    required = models.BooleanField("是否必备材料", default=True)
    form = models.CharField(
        "材料形式", max_length=1, choices=MaterialForm.choices, default=MaterialForm.PAPER
    )
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ("item", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="material_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemCoDepartment(models.Model):
    """A department whose opinion the lead department needs (并联审批、联合办理)."""

    item = models.ForeignKey(
        ApprovalItem,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="co_departments",
    )
    department = models.ForeignKey(
        Department, verbose_name="共同实施部门", on_delete=models.PROTECT, related_name="co_items"
    )
    opinion_limit_days = models.PositiveSmallIntegerField(
        "出具意见时限（工作日）", help_text="默认取参数 case.opinion_days"
    )
    duty = models.CharField("会签内容", max_length=200, blank=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "共同实施部门"
        verbose_name_plural = "共同实施部门"
        ordering = ("item", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="codept_unique"),
            models.CheckConstraint(
                condition=Q(opinion_limit_days__gte=1), name="codept_opinion_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department}（{self.opinion_limit_days} 个工作日）"
