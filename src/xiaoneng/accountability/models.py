"""问责 (seed art. 16; domain rules §5): the rules applied and the measures
are data (seeded by migration 0002, editable by the administrator); an
accountability case carries its source, its subjects and its procedure —
investigation, statement (陈述申辩), proposed measure, decision by the bureau
or referral to the organisation/discipline bodies, 问责决定书, service,
appeal (申诉), and for 限期改正 the deadline tracked to closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class RuleDocument(models.TextChoices):
    FAULT = "zzf_2005_121", "张政发〔2005〕121号《张掖市行政过错责任追究暂行办法》"
    LEADER = "zzf_2009_37", "张政发〔2009〕37号《张掖市行政领导问责暂行办法》"


class Rule(models.Model):
    document = models.CharField("文件", max_length=16, choices=RuleDocument.choices)
    article = models.CharField("条款", max_length=40)
    text = models.TextField("条文（情形）")
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问责依据"
        verbose_name_plural = "问责依据"
        ordering = ("document", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["document", "article"], name="acc_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()}{self.article}"


class Authority(models.TextChoices):
    BUREAU = "bureau", "监察局决定"
    REFERRAL = "referral", "移送组织、纪检机关处理"


class MeasureKind(models.Model):
    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("问责方式", max_length=40)
    authority = models.CharField("决定机关", max_length=12, choices=Authority.choices)
    score_deduction = models.PositiveSmallIntegerField("效能考评扣分", default=0)
    has_deadline = models.BooleanField("限期改正（跟踪整改期限）", default=False)
    publishes_bulletin = models.BooleanField("公开通报", default=False)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问责方式"
        verbose_name_plural = "问责方式"
        ordering = ("sort", "id")

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    COMPLAINT = "complaint", "属实效能投诉"
    CARD = "card", "电子监察红牌"
    ANOMALY = "anomaly", "电子监察异常"
    FINDING = "finding", "明察暗访发现问题"
    TARGET = "target", "目标责任未完成"
    RATING_APPEAL = "rating_appeal", "好差评申诉"
    DIRECT = "direct", "直接立案"


class Status(models.TextChoices):
    INVESTIGATING = "investigating", "调查中"
    STATEMENT = "statement", "待陈述申辩"
    PROPOSED = "proposed", "待批准"
    REFERRED = "referred", "已移送，待登记结果"
    DECIDED = "decided", "已决定，待送达"
    SERVED = "served", "已送达"
    CLOSED = "closed", "已办结"
    DISMISSED = "dismissed", "不予问责"


OPEN_STATUSES = (
    Status.INVESTIGATING,
    Status.STATEMENT,
    Status.PROPOSED,
    Status.REFERRED,
    Status.DECIDED,
    Status.SERVED,
)
DECIDED_STATUSES = (Status.DECIDED, Status.SERVED, Status.CLOSED)


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "维持原决定"
    VARIED = "varied", "变更问责方式"
    REVOKED = "revoked", "撤销问责决定"


class RectificationStatus(models.TextChoices):
    NONE = "", "—"
    RUNNING = "running", "整改中"
    REPORTED = "reported", "已报送整改情况，待核实"
    VERIFIED = "verified", "整改完成"


class AccountabilityCase(models.Model):
    number = models.CharField("立案编号", max_length=32, unique=True)
    source_kind = models.CharField("案件来源", max_length=16, choices=SourceKind.choices)
    source_ref = models.CharField("来源编号", max_length=64, blank=True)
    source_label = models.CharField("来源", max_length=300)
    department = models.ForeignKey(
        Department, verbose_name="被问责单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("案由", max_length=200)
    facts = models.TextField("问题事实")
    rules = models.ManyToManyField(Rule, verbose_name="问责依据", blank=True, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    opened_on = models.DateField("立案日期")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="立案人", on_delete=models.PROTECT, related_name="+"
    )
    # 陈述申辩
    statement_requested_on = models.DateField("告知陈述申辩日期", null=True, blank=True)
    statement_due_on = models.DateField("陈述申辩期限", null=True, blank=True)
    statement = models.TextField("陈述申辩意见", blank=True)
    statement_on = models.DateField("陈述申辩日期", null=True, blank=True)
    # 拟处理、批准或移送
    measure = models.ForeignKey(
        MeasureKind,
        verbose_name="问责方式",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.TextField("拟处理意见", blank=True)
    proposed_on = models.DateField("拟处理日期", null=True, blank=True)
    rectify_days = models.PositiveSmallIntegerField("整改期限（工作日）", default=0)
    referred_to = models.CharField("移送机关", max_length=100, blank=True)
    referred_on = models.DateField("移送日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定（登记）人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_body = models.CharField("决定机关", max_length=100, blank=True)
    decision_text = models.TextField("决定内容", blank=True)
    decision_year = models.PositiveSmallIntegerField("决定年度", null=True, blank=True)
    decision_seq = models.PositiveIntegerField("年度序号", null=True, blank=True)
    decision_number = models.CharField("决定书文号", max_length=40, blank=True)
    deduction = models.PositiveSmallIntegerField("效能考评扣分", default=0)
    bulletin_published = models.BooleanField("已公开通报", default=False)
    # 送达、申诉
    served_on = models.DateField("送达日期", null=True, blank=True)
    appeal_due_on = models.DateField("申诉期限", null=True, blank=True)
    appeal = models.TextField("申诉理由", blank=True)
    appealed_on = models.DateField("申诉日期", null=True, blank=True)
    appeal_outcome = models.CharField(
        "申诉处理结果", max_length=10, choices=AppealOutcome.choices, blank=True
    )
    appeal_note = models.TextField("申诉处理意见", blank=True)
    appeal_decided_on = models.DateField("申诉处理日期", null=True, blank=True)
    # 限期改正
    rectification = models.CharField(
        "整改状态", max_length=10, choices=RectificationStatus.choices, blank=True
    )
    rectification_due_on = models.DateField("整改期限", null=True, blank=True, db_index=True)
    rectification_report = models.TextField("整改情况", blank=True)
    rectification_reported_on = models.DateField("报送整改日期", null=True, blank=True)
    rectification_verified_on = models.DateField("核实整改日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    close_note = models.CharField("办结意见", max_length=500, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "问责案件"
        verbose_name_plural = "问责案件"
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(
                fields=["decision_year", "decision_seq"], name="acc_decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def in_force(self) -> bool:
        """A decided measure not revoked on appeal."""
        return self.status in DECIDED_STATUSES and self.appeal_outcome != AppealOutcome.REVOKED

    @property
    def rectification_late(self) -> bool:
        """The rectification report came after its deadline."""
        due, on = self.rectification_due_on, self.rectification_reported_on
        return due is not None and on is not None and on > due


class SubjectKind(models.TextChoices):
    UNIT = "unit", "单位"
    LEADER = "leader", "领导干部"
    STAFF = "staff", "工作人员"


class Subject(models.Model):
    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name="问责案件",
        on_delete=models.CASCADE,
        related_name="subjects",
    )
    kind = models.CharField("问责对象类型", max_length=8, choices=SubjectKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="对应用户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("姓名或单位名称", max_length=100)
    position = models.CharField("职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "问责对象"
        verbose_name_plural = "问责对象"
        ordering = ("case", "id")

    def __str__(self) -> str:
        return self.name


class DecisionCounter(models.Model):
    """The last number of a year's 张监问〔YYYY〕N号 series. One row per year,
    locked while a decision takes its number: two decisions at once queue
    here, even for the year's first number (no decided row to lock yet)."""

    year = models.PositiveIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "问责决定书文号"
        verbose_name_plural = "问责决定书文号"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
