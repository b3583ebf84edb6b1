"""Electronic supervision (domain rules §3): cards to departments, urging and
correction orders tracked to closure. (The notification centre is the
notifications app.)

Alert levels are not stored here: they are derived at query time from the
cases' denormalised deadlines (`levels.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.cases.models import Case
from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField


class Step(models.TextChoices):
    """The deadline running against the department (the case's status names it)."""

    NOTICE = "notice", "受理（一次性告知）"
    ACCEPTANCE = "acceptance", "补正后受理"
    DECISION = "decision", "办结"
    DELIVERY = "delivery", "送达"


class CardColour(models.TextChoices):
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


class SupervisionCard(models.Model):
    """A yellow card when a case is overdue at a step, a red one when it is
    still overdue after the yellow's follow-up deadline. One of each colour per
    case and step: the unique constraint is what makes the sweep idempotent."""

    case = models.ForeignKey(
        Case, verbose_name="办件", on_delete=models.PROTECT, related_name="supervision_cards"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    colour = models.CharField("牌色", max_length=8, choices=CardColour.choices)
    step = models.CharField("超期环节", max_length=16, choices=Step.choices)
    due_on = models.DateField("超过的期限")
    issued_on = models.DateField("亮牌日期")
    follow_up_due_on = models.DateField("整改期限", null=True, blank=True)
    reason = models.CharField("亮牌事由", max_length=500)
    closed_on = models.DateField("消除日期", null=True, blank=True)
    reply = models.TextField("整改说明", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="说明人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_on = models.DateField("说明日期", null=True, blank=True)
    run = models.CharField("亮牌批次", max_length=32, db_index=True, editable=False)
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "黄牌/红牌"
        verbose_name_plural = "黄牌/红牌"
        ordering = ("-issued_on", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step", "colour"], name="supervision_card_once"
            ),
        ]
        indexes = [
            models.Index(fields=["colour", "closed_on", "follow_up_due_on"], name="card_followup"),
            models.Index(fields=["department", "issued_on"], name="card_dept_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.case_id}"


class SubjectFields(models.Model):
    """What a card, an order or an anomaly is about when it is not a case: a
    row of another app (a target task, a directive task, a request), named by
    kind and pk and shown by the title and page it had when the row was written
    (`subjects.Subject`). Blank on case rows."""

    subject_kind = models.CharField("督办对象类型", max_length=20, blank=True)
    subject_ref = models.PositiveBigIntegerField("督办对象编号", null=True, blank=True)
    subject_title = models.CharField("督办对象", max_length=200, blank=True)
    subject_url = models.CharField("督办对象链接", max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def subject_label(self) -> str:
        """One line naming what the row is about (the case's tracking number,
        or the subject's kind and title)."""
        case = getattr(self, "case", None)
        if case is not None:
            return f"办件 {case.tracking_no}"
        from .subjects import SUBJECT_KINDS

        return f"{SUBJECT_KINDS.get(self.subject_kind, '督办事项')}：{self.subject_title}"

    @property
    def subject_kind_label(self) -> str:
        from .subjects import SUBJECT_KINDS

        return SUBJECT_KINDS.get(self.subject_kind, "")


class OrderKind(models.TextChoices):
    URGE = "urge", "督办通知"
    CORRECT = "correct", "纠错通知"


class OrderStatus(models.TextChoices):
    ISSUED = "issued", "待答复"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


class SupervisionOrder(SubjectFields):
    """督办 (urging, with a new deadline) or 纠错 (correction) sent by the
    supervision bureau to the responsible department, answered by it and
    closed by the bureau. About a case, or (case NULL) about a subject of
    another app, issued and closed under that app's `permission`."""

    kind = models.CharField("类型", max_length=8, choices=OrderKind.choices)
    case = models.ForeignKey(
        Case,
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    permission = models.CharField(
        "办结权限", max_length=40, blank=True, help_text="空：supervision.manage"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=8, choices=OrderStatus.choices, default=OrderStatus.ISSUED
    )
    text = models.TextField("督办内容")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发出人", on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField("发出日期")
    due_on = models.DateField("答复期限")
    reply = models.TextField("答复内容", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closing_note = models.CharField("办结意见", max_length=500, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "督办/纠错"
        verbose_name_plural = "督办/纠错"
        ordering = ("-id",)
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="order_dept_status_due"),
            models.Index(fields=["status", "due_on"], name="order_status_due"),
            models.Index(fields=["subject_kind", "subject_ref"], name="order_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | ~Q(subject_kind=""), name="order_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def closing_permission(self) -> str:
        return self.permission or "supervision.manage"


class AnomalyKind(models.TextChoices):
    """The anomalies of domain rules §3 (see `anomalies.RULES` for each definition)."""

    OVERDUE_CASE = "overdue_case", "办件超期"
    LATE_STEP = "late_step", "环节超时"
    MISSED_NOTICE = "missed_notice", "未按期一次性告知（视为受理）"
    SECOND_NOTICE = "second_notice", "再次发出补正告知"
    REFUSAL_WITHOUT_REASON = "refusal_without_reason", "不予受理未说明理由"
    FEE_OUTSIDE_CATALOG = "fee_outside_catalog", "目录外或超标准收费"
    OUTSIDE_SYSTEM = "outside_system", "未在系统内办理"
    SHUFFLED = "shuffled", "推诿扯皮（多次转办）"
    FEE_UNREMITTED = "fee_unremitted", "收费未足额缴库"
    INSPECTION_UNAPPROVED = "inspection_unapproved", "未经批准的检查评比"
    INSPECTION_OVERRUN = "inspection_overrun", "超出批准范围检查"
    LEADER_ACCOMPANIED = "leader_accompanied", "县级领导陪同部门检查"
    RECEPTION_OVER_STANDARD = "reception_over_standard", "超标准公务接待"
    RECEPTION_NO_LETTER = "reception_no_letter", "无公函公务接待"
    RECEPTION_ALCOHOL = "reception_alcohol", "工作日接待饮酒"
    VEHICLE_UNAPPROVED = "vehicle_unapproved", "未经批准购置公务用车"
    DECISION_OUT_OF_ORDER = "decision_out_of_order", "重大决策未履行法定程序"
    DISCLOSURE_LATE = "disclosure_late", "主动公开超过法定时限"
    FINE_OUTSIDE_BENCHMARK = "fine_outside_benchmark", "罚款超出裁量基准未说明理由"
    FINE_NOT_REMITTED = "fine_not_remitted", "罚款无对应银行缴库记录"
    OFFICER_UNCERTIFIED = "officer_uncertified", "无有效执法证件实施执法"
    OFFICER_ALONE = "officer_alone", "执法人员少于两人"
    DECIDED_BEFORE_DEFENCE = "decided_before_defence", "陈述申辩期届满前作出处罚决定"
    REPEATED_PENALTIES = "repeated_penalties", "短期内对同一当事人多次处罚"
    SINGLE_BID = "single_bid", "仅一家投标（竞买）即成交"
    SHORT_TENDER_PERIOD = "short_tender_period", "招标期限仅为法定最短期限"
    REPEAT_WINNER = "repeat_winner", "同一中标人多次中标同一招标人项目"
    AWARD_OFF_ESTIMATE = "award_off_estimate", "中标价与估算价偏离过大"
    EXPERT_OVERUSED = "expert_overused", "同一评标专家被频繁抽中"
    LATE_CONTRACT = "late_contract", "中标后未在三十日内签订合同"
    DISPATCH_OVER_CAP = "dispatch_over_cap", "年度发文超过控制数"
    DISPATCH_TOO_LONG = "dispatch_too_long", "公文篇幅超过控制字数"
    REPORT_LATE = "report_late", "逾期报送或未报送"
    MEETING_SUBSTITUTE = "meeting_substitute", "未经请假派人代会"
    MEETING_ABSENT = "meeting_absent", "未经请假缺席会议"
    DUTY_ABSENT = "duty_absent", "查岗发现脱岗"
    LEAVE_UNAPPROVED = "leave_unapproved", "未经批准离张"
    LATE_ARRIVAL = "late_arrival", "突发事件未按时到场"


class AnomalyStatus(models.TextChoices):
    OPEN = "open", "待说明"
    EXPLAINED = "explained", "已说明"
    CLOSED = "closed", "已办结"


class Anomaly(SubjectFields):
    """An anomaly (异常) recorded automatically, with the evidence that shows
    it: the case events (`evidence["case_events"]`, their `seq`) and audit
    events (`evidence["audit_events"]`, audit `seq`) plus the facts compared.
    One per (case, kind, step): the unique constraint makes detection
    idempotent. The department explains it, the bureau closes it. A finding
    about another app's row (case NULL) is one per (subject, kind)."""

    kind = models.CharField("异常类型", max_length=32, choices=AnomalyKind.choices)
    step = models.CharField("环节", max_length=40, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anomalies",
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    detected_on = models.DateField("发现日期")
    occurred_on = models.DateField("发生日期", null=True, blank=True)
    summary = models.CharField("异常情况", max_length=500)
    evidence = models.JSONField("证据", default=dict)
    status = models.CharField(
        "状态", max_length=12, choices=AnomalyStatus.choices, default=AnomalyStatus.OPEN
    )
    explanation = models.TextField("情况说明", blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="说明人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explained_on = models.DateField("说明日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closing_note = models.CharField("办结意见", max_length=500, blank=True)
    run = models.CharField("检测批次", max_length=32, db_index=True, editable=False)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "异常"
        verbose_name_plural = "异常"
        ordering = ("-detected_on", "-id")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "step"], name="anomaly_once"),
            models.UniqueConstraint(
                fields=["subject_kind", "subject_ref", "kind"],
                condition=Q(case__isnull=True),
                name="anomaly_subject_once",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | ~Q(subject_kind=""), name="anomaly_has_subject"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "detected_on"], name="anomaly_dept_detected"),
            models.Index(fields=["status", "kind"], name="anomaly_status_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id or self.subject_title}"


class WarningNotice(models.Model):
    """A yellow light told to the department's heads (预警提醒), once per case,
    step and deadline: a deadline moved by an extension warns again."""

    case = models.ForeignKey(
        Case, verbose_name="办件", on_delete=models.CASCADE, related_name="warning_notices"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField("环节", max_length=16, choices=Step.choices)
    due_on = models.DateField("期限")
    notified_on = models.DateField("提醒日期")
    run = models.CharField("批次", max_length=32, db_index=True, editable=False)

    class Meta:
        verbose_name = "预警提醒"
        verbose_name_plural = "预警提醒"
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "due_on"], name="warning_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step} {self.due_on}"


class SubjectCard(SubjectFields):
    """A yellow or red card on a subject of another app (a target task's missed
    milestone or report, a directive task's deadline, an unanswered request):
    yellow when the step is past its due day, red when still open after the
    yellow's follow-up deadline, closed when the app no longer reports the step
    overdue. One of each colour per subject, step and due day (the sweep is
    idempotent by it); a moved deadline is a new due day."""

    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    colour = models.CharField("牌色", max_length=8, choices=CardColour.choices)
    step = models.CharField("超期环节", max_length=16)
    due_on = models.DateField("超过的期限")
    issued_on = models.DateField("亮牌日期")
    follow_up_due_on = models.DateField("整改期限", null=True, blank=True)
    reason = models.CharField("亮牌事由", max_length=500)
    closed_on = models.DateField("消除日期", null=True, blank=True)
    run = models.CharField("亮牌批次", max_length=32, db_index=True, editable=False)
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办事项黄牌/红牌"
        verbose_name_plural = "督办事项黄牌/红牌"
        ordering = ("-issued_on", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_ref", "step", "due_on", "colour"],
                name="subject_card_once",
            ),
        ]
        indexes = [
            models.Index(fields=["subject_kind", "closed_on"], name="subject_card_open"),
            models.Index(fields=["department", "issued_on"], name="subject_card_dept"),
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.subject_title}"
