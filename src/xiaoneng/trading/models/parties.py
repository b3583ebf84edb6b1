"""Who takes part: regulators per kind, parties (bidders, agencies), the expert
pool and declared ties.

The whole is described in `trading.models`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department, User
from xiaoneng.system.fields import StampField
from xiaoneng.system.pii import SealedTextField

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    CONSTRUCTION = "construction", "工程建设项目招标投标"
    PROCUREMENT = "procurement", "政府采购"
    LAND = "land", "土地使用权和矿业权出让"
    PROPERTY = "property", "国有产权交易"


class Criteria(models.TextChoices):
    """How the winner is chosen (OCDS awardCriteria where one fits)."""

    COMPREHENSIVE = "comprehensive", "综合评估法"
    LOWEST_PRICE = "lowest_price", "经评审的最低投标价法"
    HIGHEST_PRICE = "highest_price", "价高者得（拍卖、挂牌、竞价）"


class Regulation(models.Model):
    """Which department regulates each kind (行业监管): 市住建局 the
    construction bidding, 市财政局 procurement, 市国土资源局 land and
    mining rights, 市国资委 state-owned property."""

    kind = models.CharField("交易类别", max_length=16, choices=Kind.choices, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="行业监管部门", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "行业监管分工"
        verbose_name_plural = "行业监管分工"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.department}"


class Party(models.Model):
    """An enterprise or organisation outside the government that takes part:
    a bidder (投标人、竞买人、供应商) or an agency (招标代理机构), or both.
    Its credit code is public; its contact's phone is personal data."""

    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    is_bidder = models.BooleanField("投标人/竞买人", default=True)
    is_agency = models.BooleanField("招标代理机构", default=False)
    legal_representative = models.CharField("法定代表人", max_length=50)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = SealedTextField("联系电话", max_length=30, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    members: models.ManyToManyField[User, Any] = models.ManyToManyField(
        USER, verbose_name="账号", blank=True, related_name="trading_parties"
    )
    active = models.BooleanField("有效", default=True)
    registered_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "交易主体"
        verbose_name_plural = "交易主体"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Speciality(models.TextChoices):
    """The expert pool's specialities (评标专家专业分类, abridged)."""

    ROAD = "road", "公路工程"
    BUILDING = "building", "房屋建筑工程"
    WATER = "water", "水利工程"
    COST = "cost", "工程造价"
    EQUIPMENT = "equipment", "教学仪器设备"
    IT = "it", "信息化"
    LAND = "land", "土地估价"
    ASSET = "asset", "资产评估"
    FINANCE = "finance", "财务会计"
    LAW = "law", "法律"


class Expert(models.Model):
    """A member of the expert pool (综合评标专家库). Identity number and phone
    are personal data (sealed; the number found by digest)."""

    name = models.CharField("姓名", max_length=50)
    id_no = SealedTextField("身份证号码", max_length=40)
    id_digest = models.CharField(max_length=64, unique=True)
    phone = SealedTextField("手机号码", max_length=30, blank=True)
    employer = models.CharField("工作单位", max_length=200)
    employer_party = models.ForeignKey(
        Party,
        verbose_name="工作单位（交易主体）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employed_experts",
    )
    employer_department = models.ForeignKey(
        Department,
        verbose_name="工作单位（机关）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    specialities = models.JSONField("评标专业", default=list)  # Speciality values
    title = models.CharField("职称", max_length=50, blank=True)
    user = models.OneToOneField(
        USER,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trading_expert",
    )
    active = models.BooleanField("在库", default=True)
    registered_at = StampField("入库时间", auto_now_add=True)

    class Meta:
        verbose_name = "评标专家"
        verbose_name_plural = "评标专家库"
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class TieKind(models.TextChoices):
    EMPLOYMENT = "employment", "曾任职"
    SHAREHOLDING = "shareholding", "持股或投资"
    KINSHIP = "kinship", "近亲属在该单位任职"
    BUSINESS = "business", "经济利益往来"
    OTHER = "other", "其他利害关系"


class ExpertTie(models.Model):
    """A tie an expert declared with a party (回避申报): while it lasts and for
    `trading.tie_years` after it ended, the expert is not drawn for a round
    that party bids in."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="ties")
    party = models.ForeignKey(Party, verbose_name="关联主体", on_delete=models.PROTECT)
    relation = models.CharField("关系", max_length=16, choices=TieKind.choices)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    declared_at = StampField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家回避申报"
        verbose_name_plural = "专家回避申报"

    def __str__(self) -> str:
        return f"{self.expert_id}—{self.party_id} {self.get_relation_display()}"
