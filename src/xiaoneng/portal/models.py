"""What the portal keeps of its own: the search dictionary (同义词/热词) the
administrator edits, and the sample or blank forms (样表/空表) of materials
shown for download on the guides. Both change only through
`portal.actions` (audited)."""

from __future__ import annotations

from django.db import models

from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.system.fields import StampField, StoredFileFields


class SearchWord(models.Model):
    """A word people type (营业执照) and the words the catalog uses for it
    (设立登记、营业执照): a search for the word also finds those. A hot word
    (热词) is offered under the search box and when nothing matches."""

    word = models.CharField("检索词", max_length=30, unique=True)
    terms = models.CharField(
        "同义词（扩展检索）", max_length=300, blank=True, help_text="多个词用顿号、逗号或空格分隔"
    )
    hot = models.BooleanField("热词", default=False)
    sort = models.PositiveIntegerField("排序", default=0)
    updated_at = StampField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "检索同义词与热词"
        verbose_name_plural = "检索同义词与热词"
        ordering = ("sort", "word")

    def __str__(self) -> str:
        return self.word

    def term_list(self) -> list[str]:
        return split_terms(self.terms)


def split_terms(text: str) -> list[str]:
    for mark in "、，,；;/\n":
        text = text.replace(mark, " ")
    return list(dict.fromkeys(t for t in text.split() if t))


class SampleKind(models.TextChoices):
    SAMPLE = "sample", "样表"
    BLANK = "blank", "空表"


class MaterialSample(StoredFileFields):
    """A 样表 (filled-in example) or 空表 (blank form) of one material of an
    item, downloaded from the item's guide."""

    material = models.ForeignKey(
        ItemMaterial, on_delete=models.CASCADE, related_name="samples", verbose_name="申请材料"
    )
    kind = models.CharField("类型", max_length=10, choices=SampleKind.choices)

    class Meta:
        verbose_name = "材料样表/空表"
        verbose_name_plural = "材料样表/空表"
        ordering = ("material", "kind", "pk")
        constraints = [
            models.UniqueConstraint(fields=["material", "kind"], name="portal_one_sample_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.material.name}（{self.get_kind_display()}）"
