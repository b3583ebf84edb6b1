"""Outgoing documents (发文, 文风): drafted by a unit's office, checked (核稿),
signed for issue (签发) by the unit's head, approved by the city leader in
charge when a municipal department writes to the county governments, and
issued with a number (发文字号) per issuer, series and year without gaps."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

USER = settings.AUTH_USER_MODEL


class DocKind(models.TextChoices):
    """The 文种 of 党政机关公文处理工作条例 art. 8 a unit sends most."""

    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    OPINION = "opinion", "意见"
    DECISION = "decision", "决定"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"


class Urgency(models.TextChoices):
    NORMAL = "normal", "平件"
    URGENT = "urgent", "加急"
    EXTRA = "extra", "特急"


class DispatchStatus(models.TextChoices):
    DRAFT = "draft", "拟稿"
    REVIEWING = "reviewing", "待核稿"
    SIGNING = "signing", "待签发"
    LEADER = "leader", "待市分管领导审批"
    APPROVED = "approved", "已签发待印发"
    ISSUED = "issued", "已印发"
    WITHDRAWN = "withdrawn", "已撤销"


class Dispatch(models.Model):
    """One outgoing document. `number` is empty until it is issued; then
    "张工商发〔2026〕12号" (`series`, `year`, `seq`)."""

    issuer = models.ForeignKey(
        Department, verbose_name="发文机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文种", max_length=16, choices=DocKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    urgency = models.CharField(
        "紧急程度", max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    recipients = models.ManyToManyField(
        Department, verbose_name="主送机关", related_name="+", blank=True
    )
    copies = models.ManyToManyField(
        Department, verbose_name="抄送机关", related_name="+", blank=True
    )
    # True when a recipient is a county (district) government: the city
    # leader in charge of the issuer approves before issue (seed art. 11).
    to_counties = models.BooleanField("主送县区政府", default=False)
    length = models.PositiveIntegerField("正文字数", default=0)
    status = models.CharField(
        "状态", max_length=16, choices=DispatchStatus.choices, default=DispatchStatus.DRAFT
    )
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drafted_at = StampField("拟稿时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = StampField("核稿时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = StampField("签发时间", null=True, blank=True)
    leader = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader_at = StampField("市领导审批时间", null=True, blank=True)
    series = models.CharField("发文机关代字", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    seq = models.PositiveIntegerField("顺序号", null=True, blank=True)
    number = models.CharField("发文字号", max_length=40, blank=True)
    issued_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = StampField("印发时间", null=True, blank=True)
    returned_reason = models.CharField("退回理由", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        ordering = ("-drafted_at", "-id")
        indexes = [
            models.Index(fields=["issuer", "status"]),
            models.Index(fields=["year", "issuer"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series", "year", "seq"],
                condition=models.Q(seq__isnull=False),
                name="office_dispatch_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.number or self.title


class DispatchSeries(models.Model):
    """The numbering of one issuer's series in one year (the row is locked
    while a number is taken, so numbers have no gaps and no repeats)."""

    issuer = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    series = models.CharField("发文机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用顺序号", default=0)

    class Meta:
        verbose_name = "发文字号"
        verbose_name_plural = "发文字号"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series", "year"], name="office_dispatch_series_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series}〔{self.year}〕"


class Opinion(models.Model):
    """The 发文稿纸's record: who checked, signed, approved or returned, and what they wrote."""

    class Step(models.TextChoices):
        SUBMIT = "submit", "送审"
        REVIEW = "review", "核稿"
        SIGN = "sign", "签发"
        LEADER = "leader", "市分管领导审批"
        RETURN = "return", "退回"
        ISSUE = "issue", "印发"
        WITHDRAW = "withdraw", "撤销"

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("环节", max_length=16, choices=Step.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = StampField("时间", auto_now_add=True)
    text = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "发文办理意见"
        verbose_name_plural = "发文办理意见"
        ordering = ("dispatch_id", "id")

    def __str__(self) -> str:
        return self.get_step_display()
