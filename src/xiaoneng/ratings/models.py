"""Service ratings (好差评, 国办发〔2019〕51号; domain rules §4): one rating
per case (一事一评) and per window visit (一次一评); a bad rating opens a
rectification (差评整改) owned by the handler's department, closed only after
a call-back (回访); a department may appeal a malicious rating (恶意差评申诉),
the supervision office decides; an upheld appeal keeps the rating, flagged
and excluded from the statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

from .criteria import LEVELS


class Level(models.IntegerChoices):
    """GB/T 39046 Appendix A 满意度."""

    VERY_SATISFIED = 1, LEVELS[1]
    SATISFIED = 2, LEVELS[2]
    BASICALLY_SATISFIED = 3, LEVELS[3]
    DISSATISFIED = 4, LEVELS[4]
    VERY_DISSATISFIED = 5, LEVELS[5]


class Channel(models.TextChoices):
    ONLINE = "online", "网上评价（办件编号+查询码）"
    WINDOW = "window", "窗口评价（评价码/二维码）"
    ACCOUNT = "account", "申请人账号评价"


class Visit(models.Model):
    """A window visit without a case (咨询、取件、打印…): rated by its short
    code, printed or shown as a QR link at the window (一次一评)."""

    code = models.CharField("评价码", max_length=12, unique=True)
    window = models.ForeignKey(
        Department, verbose_name="服务窗口", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="窗口人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff_name = models.CharField("窗口人员姓名", max_length=100)
    service = models.CharField("服务内容", max_length=200)
    visited_on = models.DateField("办理日期")
    created_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "窗口服务"
        verbose_name_plural = "窗口服务"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.code} {self.service}"


class Rating(models.Model):
    case = models.OneToOneField(
        "cases.Case",
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating",
    )
    visit = models.OneToOneField(
        Visit,
        verbose_name="窗口服务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating",
    )
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    criteria = models.JSONField("评价指标", default=list, blank=True)
    comment = models.CharField("评价意见", max_length=500, blank=True)
    channel = models.CharField("评价渠道", max_length=10, choices=Channel.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rater_name = models.CharField("评价人", max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="被评价部门", on_delete=models.PROTECT, related_name="+"
    )
    window = models.ForeignKey(
        Department,
        verbose_name="服务窗口",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_name = models.CharField("经办人姓名", max_length=100, blank=True)
    rated_on = models.DateField("评价日期")
    rated_at = StampField("评价时间", auto_now_add=True)
    excluded = models.BooleanField("不计入统计（申诉成立）", default=False)
    excluded_on = models.DateField("剔除日期", null=True, blank=True)

    class Meta:
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        ordering = ("-id",)
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, visit__isnull=True)
                | Q(case__isnull=True, visit__isnull=False),
                name="rating_case_xor_visit",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "rated_on"], name="rating_dept_day"),
            models.Index(fields=["rated_on", "excluded"], name="rating_day_excluded"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level >= Level.DISSATISFIED


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    RECTIFIED = "rectified", "已整改待回访"
    CLOSED = "closed", "已办结"
    VOIDED = "voided", "已撤销（申诉成立）"


OPEN_RECTIFICATION = (RectificationStatus.OPEN, RectificationStatus.RECTIFIED)


class Rectification(models.Model):
    """差评整改: opened by a bad rating, owned by the handler's department."""

    rating = models.OneToOneField(
        Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="rectification"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    opened_on = models.DateField("下发日期")
    # The limit as it stood when opened, so a calendar import can recount it.
    limit_days = models.PositiveSmallIntegerField("整改时限（工作日）", default=5)
    due_on = models.DateField("整改期限", db_index=True)
    provisional = models.BooleanField("期限待定（节假日安排未公布）", default=False)
    measures = models.TextField("整改措施", blank=True)
    rectified_on = models.DateField("整改日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    on_time = models.BooleanField("按期整改", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ("due_on", "id")
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="rectif_dept_status_due"),
        ]

    def __str__(self) -> str:
        return f"整改 {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RECTIFICATION


class CallBackResult(models.TextChoices):
    REACHED = "reached", "已回访"
    UNREACHABLE = "unreachable", "无法联系"
    DECLINED = "declined", "评价人拒绝回访"


class CallBack(models.Model):
    """回访: who called the rater, when, the result and the rater's
    satisfaction after the rectification."""

    rectification = models.ForeignKey(
        Rectification, verbose_name="差评整改", on_delete=models.CASCADE, related_name="callbacks"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回访人", on_delete=models.PROTECT, related_name="+"
    )
    caller_name = models.CharField("回访人姓名", max_length=100)
    called_at = models.DateTimeField("回访时间")
    result = models.CharField("回访结果", max_length=12, choices=CallBackResult.choices)
    satisfaction = models.PositiveSmallIntegerField(
        "整改后满意度", choices=Level.choices, null=True, blank=True
    )
    note = models.CharField("回访记录", max_length=500, blank=True)

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ("rectification", "called_at", "id")

    def __str__(self) -> str:
        return f"回访 {self.rectification_id} {self.get_result_display()}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


class Appeal(models.Model):
    """恶意差评申诉: filed by the rated department, decided by the supervision office."""

    rating = models.OneToOneField(
        Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="appeal"
    )
    department = models.ForeignKey(
        Department, verbose_name="申诉部门", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("申诉理由")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申诉人", on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField("申诉日期")
    status = models.CharField(
        "状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "差评申诉"
        verbose_name_plural = "差评申诉"
        ordering = ("-id",)
        indexes = [models.Index(fields=["status", "filed_on"], name="appeal_status_filed")]

    def __str__(self) -> str:
        return f"申诉 {self.pk}"
