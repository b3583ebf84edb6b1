"""Approval cases (办件) and their own timeline. The clock fields are
denormalised from `core.clock.compute` on every event, so supervision can
filter and sort on indexed columns; the events are the truth they come from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.catalog.models import ApprovalItem, HandlingMode
from xiaoneng.org.models import Department
from xiaoneng.system.clock_steps import ClockStep
from xiaoneng.system.fields import StampField, StoredFileFields
from xiaoneng.system.pii import SealedTextField


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "已收件"
    SUPPLEMENTING = "supplementing", "待补正"
    SUPPLEMENTED = "supplemented", "已补正"
    ACCEPTED = "accepted", "已受理（办理中）"
    SUSPENDED = "suspended", "特别程序（中止计时）"
    DECIDED = "decided", "已决定"
    DELIVERED = "delivered", "已送达（办结）"
    REFUSED = "refused", "不予受理"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.SUPPLEMENTING,
    CaseStatus.SUPPLEMENTED,
    CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED,
    CaseStatus.DECIDED,
)


class IdType(models.TextChoices):
    """The applicant's certificate (证件类型), as approval systems record it."""

    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PASS = "hk_macao_pass", "港澳居民来往内地通行证"
    OTHER = "other", "其他证件"


class HandlerKind(models.TextChoices):
    """Who brought the application to the window: the applicant in person,
    an enterprise's 经办人, or an entrusted 代理人."""

    SELF = "self", "本人"
    HANDLER = "handler", "经办人"
    PROXY = "proxy", "代理人"


class DeliveryMethod(models.TextChoices):
    """送达方式 (行政许可法第四十四条; 民事诉讼法 as the law allows)."""

    IN_PERSON = "in_person", "当场送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class Decision(models.TextChoices):
    APPROVED = "approved", "准予许可"
    DENIED = "denied", "不予许可"


class Case(models.Model):
    tracking_no = models.CharField("办件编号", max_length=32, unique=True)
    query_digest = models.CharField("查询码摘要（SM3）", max_length=64)
    item = models.ForeignKey(
        ApprovalItem, verbose_name="事项", on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey(
        Department, verbose_name="承办部门", on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮办代办员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agent_cases",
    )
    applicant_name = models.CharField("申请人", max_length=200)
    # Sealed at rest (SM4-GCM, system/pii.py); nothing looks a case up by it.
    applicant_phone = SealedTextField("联系电话", max_length=30, blank=True)
    # The applicant's certificate and address (blank on rows older than them);
    # the number sealed, found by its digest (exact match, 综合查询).
    applicant_id_type = models.CharField(
        "证件类型", max_length=16, choices=IdType.choices, blank=True, default="", db_default=""
    )
    applicant_id_no = SealedTextField("证件号码", blank=True, default="", db_default="")
    applicant_id_digest = models.CharField(
        "证件号码摘要", max_length=64, blank=True, default="", db_default="", db_index=True
    )
    applicant_address = SealedTextField("联系地址", blank=True, default="", db_default="")
    # Who brought it (本人, 经办人 of an enterprise, 代理人 with a mandate).
    handler_kind = models.CharField(
        "办理人类型",
        max_length=8,
        choices=HandlerKind.choices,
        blank=True,
        default="",
        db_default="",
    )
    handler_name = models.CharField(
        "经办人/代理人", max_length=100, blank=True, default="", db_default=""
    )
    handler_id_no = SealedTextField("经办人/代理人身份证号", blank=True, default="", db_default="")
    summary = models.CharField("申请事由", max_length=500, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    decision = models.CharField("决定", max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    # The rules as they stood when the application was received.
    committed_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    legal_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    max_extension_days = models.PositiveSmallIntegerField("延期上限（工作日）")
    warning_days = models.PositiveSmallIntegerField("预警阈值（工作日）")
    is_instant = models.BooleanField("即办件", default=False)
    handling_mode = models.CharField(
        "办理方式", max_length=10, choices=HandlingMode.choices, default=HandlingMode.SINGLE
    )
    # Denormalised clock (core.clock.compute), refreshed on every event.
    received_on = models.DateField("收件日期")
    notice_due_on = models.DateField("告知期限")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    decision_due_on = models.DateField("办结期限", null=True, blank=True)
    due_on = models.DateField("当前期限", null=True, blank=True, db_index=True)
    due_at = models.DateTimeField("当前期限截止时刻", null=True, blank=True)
    suspended_days = models.PositiveSmallIntegerField("中止工作日", default=0)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_requested_days = models.PositiveSmallIntegerField("申请延长工作日", default=0)
    extension_reason = models.CharField("延期理由", max_length=500, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField(
        "送达方式",
        max_length=16,
        choices=DeliveryMethod.choices,
        blank=True,
        default="",
        db_default="",
    )
    delivery_recipient = models.CharField(
        "受送达人", max_length=100, blank=True, default="", db_default=""
    )
    delivery_tracking_no = models.CharField(
        "邮件号", max_length=40, blank=True, default="", db_default=""
    )
    on_time = models.BooleanField("按时办结", null=True, blank=True)
    provisional = models.BooleanField("期限待定（节假日安排未公布）", default=False)
    is_open = models.BooleanField("在办", default=True)
    # The rest of the clock's result (ClockState), so no reader re-derives a
    # step's deadline, its lateness or a paused case's frozen light. Database
    # defaults too: bulk inserts that name only the columns above still work.
    notice_on = models.DateField("补正告知日期", null=True, blank=True)
    notice_late = models.BooleanField("逾期告知", default=False, db_default=False)
    supplemented_on = models.DateField("补正日期", null=True, blank=True)
    acceptance_due_on = models.DateField("补正后受理期限", null=True, blank=True)
    acceptance_late = models.BooleanField("逾期受理", default=False, db_default=False)
    suspended_since = models.DateField("中止计时起始日", null=True, blank=True)
    paused_due_on = models.DateField("中止时的办结期限", null=True, blank=True)
    paused_remaining_days = models.SmallIntegerField("中止时的剩余工作日", null=True, blank=True)
    paused_level = models.CharField(
        "中止时的灯色", max_length=8, blank=True, default="", db_default=""
    )
    delivery_due_on = models.DateField("送达期限", null=True, blank=True)
    delivery_on_time = models.BooleanField("按时送达", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ("-id",)
        indexes = [
            models.Index(fields=["department", "is_open", "due_on"], name="case_dept_open_due"),
            models.Index(fields=["is_open", "due_on"], name="case_open_due"),
            models.Index(fields=["provisional", "is_open"], name="case_provisional_open"),
            # Supervision at scale (bench/RESULTS.md): the open cases alone, so the
            # desk, the level counts and the sweep read 100,000 entries, not 1,000,000
            # (SQLite cannot seek `WHERE is_open` in case_open_due); the big screen's
            # and the ranking's month ranges by receipt and by delivery.
            models.Index(
                fields=["status", "due_on", "warning_days"],
                condition=models.Q(is_open=True),
                name="case_open_status_due",
            ),
            # The desk's pages: open cases in deadline order, overall and by item
            # (with the light's columns, so a scan never reads the table).
            models.Index(
                fields=["due_on", "id", "status", "warning_days"],
                condition=models.Q(is_open=True),
                name="case_open_due_id",
            ),
            models.Index(
                fields=["item", "due_on", "status", "warning_days"],
                condition=models.Q(is_open=True),
                name="case_open_item_due",
            ),
            # The distinct warning thresholds of the open cases, one seek each
            # (supervision.levels.open_thresholds), in the whole city or a scope.
            models.Index(
                fields=["warning_days", "department"],
                condition=models.Q(is_open=True),
                name="case_open_warning",
            ),
            models.Index(fields=["received_on", "department"], name="case_received_dept"),
            models.Index(
                fields=["delivered_on", "department", "on_time"], name="case_delivered_dept"
            ),
            # The decided cases, newest first: the proactive-disclosure feed and the
            # annual report's count of decisions (bench/RESULTS.md "Openness").
            models.Index(
                fields=["decided_on", "id"],
                condition=models.Q(decided_on__isnull=False),
                name="case_decided",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no


class CaseEvent(ClockStep):
    """One step of a case, in order: the input of its clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    department_name = models.CharField("经办机构", max_length=100, blank=True)

    class Meta:
        verbose_name = "办件环节"
        verbose_name_plural = "办件环节"
        ordering = ("case", "seq")
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"


class CaseOpinion(models.Model):
    """A co-department's opinion in parallel approval (并联审批), with its own
    deadline: a late opinion is a step-level lateness."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    department = models.ForeignKey(
        Department, verbose_name="会签部门", on_delete=models.PROTECT, related_name="+"
    )
    duty = models.CharField("会签内容", max_length=200, blank=True)
    due_on = models.DateField("意见期限")
    given_on = models.DateField("出具日期", null=True, blank=True)
    agrees = models.BooleanField("同意", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "会签意见"
        verbose_name_plural = "会签意见"
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="case_opinion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.department}"

    @property
    def late(self) -> bool:
        return self.given_on is not None and self.given_on > self.due_on


class CaseAttachment(StoredFileFields):
    """An electronic application material (申请材料电子件) of a case: the file
    lies in the default storage under MEDIA_ROOT (never served as such; the
    download views check the case's scope); the row keeps what was checked."""

    case = models.ForeignKey(
        Case, verbose_name="办件", on_delete=models.CASCADE, related_name="attachments"
    )
    material = models.ForeignKey(
        "catalog.ItemMaterial",
        verbose_name="对应材料",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    material_name = models.CharField("材料名称（上传时）", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "申请材料电子件"
        verbose_name_plural = "申请材料电子件"
        ordering = ("case", "id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.filename}"
