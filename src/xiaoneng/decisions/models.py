"""重大行政决策 (seed art. 7; domain rules §10; 重大行政决策程序暂行条例 2019).

- The year's catalogue (决策事项目录) is kept by the government office: each
  decision with its sponsor unit, legal basis and category; published once
  (`CataloguePublication`).
- A decision goes through five gates in order (decisions/gates.py), each
  with its record: 公众参与 (`Consultation`, `Comment`), 专家论证
  (`ExpertOpinion`), 风险评估 (`RiskAssessment`), 合法性审查
  (`LegalityReview`, one row per round) and 集体讨论决定 (`Discussion`,
  one row per meeting, and its `Speech`es).
- Afterwards: publication (`Decision.published_on`), archive (frozen), and
  the post-implementation evaluation (决策后评估)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields
from xiaoneng.system.pii import SealedTextField


class Category(models.TextChoices):
    REFORM = "reform", "重大改革方案"
    POLICY = "policy", "重大公共政策和措施"
    PLANNING = "planning", "重要规划"
    RESOURCE = "resource", "重大公共资源配置"
    PROJECT = "project", "重大公共建设项目"
    INTEREST = "interest", "其他涉及重大公共利益的事项"


class Stage(models.TextChoices):
    LISTED = "listed", "已列入目录"
    REGISTERED = "registered", "已登记"
    CONSULTING = "consulting", "程序进行中"
    STOPPED = "stopped", "风险不可控，暂停"
    DECIDED = "decided", "已集体讨论"
    PUBLISHED = "published", "已公布"
    ARCHIVED = "archived", "已归档"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", "通过"
    NOT_ADOPTED = "not_adopted", "不通过"
    DEFERRED = "deferred", "暂缓"


class Decision(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("决策事项", max_length=200)
    sponsor = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.TextField("法律依据")
    category = models.CharField("类别", max_length=10, choices=Category.choices)
    in_catalogue = models.BooleanField("列入年度目录", default=False)
    stage = models.CharField("进度", max_length=12, choices=Stage.choices, default=Stage.LISTED)
    draft = models.TextField("决策草案", blank=True)
    explanation = models.TextField("起草说明", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField("登记日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_text = models.TextField("决策公布内容", blank=True)
    published_explanation = models.TextField("决策解读", blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    evaluation_due = models.DateField("决策后评估期限", null=True, blank=True)
    evaluated_on = models.DateField("决策后评估日期", null=True, blank=True)
    evaluation = models.TextField("决策后评估报告", blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ("-year", "id")
        indexes = [models.Index(fields=["year", "sponsor"], name="decision_year_sponsor")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class CataloguePublication(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    published_on = models.DateField("公布日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公布人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "决策事项目录公布"
        verbose_name_plural = "决策事项目录公布"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年决策事项目录"


class Consultation(models.Model):
    """公众参与: the draft and explanation published for comment."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="consultation")
    draft = models.TextField("征求意见稿")
    explanation = models.TextField("起草说明")
    opens_on = models.DateField("征求意见开始日期")
    closes_on = models.DateField("征求意见截止日期")
    short_reason = models.TextField("征求意见期限少于30日的理由", blank=True)
    hearing_required = models.BooleanField("须举行听证", default=False)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_record = models.TextField("听证笔录摘要", blank=True)
    closed_on = models.DateField("征求意见结束日期", null=True, blank=True)
    adoption = models.TextField("意见采纳情况", blank=True)
    adoption_published_on = models.DateField("采纳情况公布日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "公众参与"
        verbose_name_plural = "公众参与"

    def __str__(self) -> str:
        return f"{self.decision_id} 征求意见"


class Channel(models.TextChoices):
    ONLINE = "online", "网上提交"
    OFFLINE = "offline", "线下收集"


class Comment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    commenter = SealedTextField("提出人", blank=True)
    contact = SealedTextField("联系方式", blank=True)
    content = models.TextField("意见内容")
    received_on = models.DateField("收到日期")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "公众意见"
        verbose_name_plural = "公众意见"
        ordering = ("decision", "id")

    def __str__(self) -> str:
        return f"{self.decision_id} 意见 {self.pk}"


class ExpertOpinion(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="opinions")
    expert = models.CharField("专家姓名", max_length=50)
    affiliation = models.CharField("职称及单位", max_length=200)
    signed_on = models.DateField("签署日期")
    opinion = models.TextField("论证意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField("登记日期")

    class Meta:
        verbose_name = "专家论证意见"
        verbose_name_plural = "专家论证意见"
        ordering = ("decision", "id")

    def __str__(self) -> str:
        return f"{self.decision_id} {self.expert}"


class OpinionFile(StoredFileFields):
    """The signed opinion's scan (optional), stored by `uploads.store_checked`."""

    opinion = models.ForeignKey(ExpertOpinion, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "专家意见附件"
        verbose_name_plural = "专家意见附件"
        ordering = ("opinion", "id")

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.filename}"


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class RiskAssessment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="risks")
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    controllable = models.BooleanField("风险可控")
    report = models.TextField("风险评估报告")
    assessed_on = models.DateField("评估日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        ordering = ("decision", "id")

    def __str__(self) -> str:
        return f"{self.decision_id} {self.get_level_display()}"


class ReviewResult(models.TextChoices):
    PENDING = "pending", "审查中"
    PASSED = "passed", "审查通过"
    FAILED = "failed", "审查未通过"


class LegalityReview(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField("轮次")
    draft = models.TextField("送审稿")
    submitted_on = models.DateField("送审日期")
    due_on = models.DateField("审查期限")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="送审人", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        "审查结果", max_length=10, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    opinion = models.TextField("审查意见", blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        ordering = ("decision", "round")
        constraints = [
            models.UniqueConstraint(fields=["decision", "round"], name="review_decision_round")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} 第{self.round}轮合法性审查"


class Discussion(models.Model):
    """集体讨论决定 at the executive meeting (常务会议): one row per meeting —
    a deferred (暂缓) decision is discussed again at a later meeting, and
    every meeting's minutes are kept; the latest decides."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="discussions")
    session = models.CharField("会议届次", max_length=50)
    held_on = models.DateField("会议日期")
    attendees = models.TextField("出席人员")
    dissent = models.TextField("不同意见", blank=True)
    outcome = models.CharField("决定", max_length=12, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "集体讨论决定"
        verbose_name_plural = "集体讨论决定"
        ordering = ("decision", "held_on", "id")

    def __str__(self) -> str:
        return f"{self.session} {self.decision_id}"


class Speech(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="speeches")
    order = models.PositiveSmallIntegerField("发言顺序")
    speaker = models.CharField("发言人", max_length=50)
    is_head = models.BooleanField("行政首长", default=False)
    summary = models.TextField("发言要点")

    class Meta:
        verbose_name = "会议发言"
        verbose_name_plural = "会议发言"
        ordering = ("discussion", "order")

    def __str__(self) -> str:
        return f"{self.order}. {self.speaker}"
