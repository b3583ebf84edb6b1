"""Efficiency complaints (效能投诉, domain rules §5; seed art. 12, 15, 16).

The complainant's identity is sealed at rest (`SealedTextField`, SM4-GCM)
and found by keyed digests; only `complaint.handle` ever reads it. The
clock fields are denormalised from the complaint's events
(`complaints.clock`) on every step, so the desks filter and sort on
indexed columns; the events are the truth they come from.

Field names follow GB/T 39046 (政务服务投诉处置 — 投诉信息) where the
standard names them: 投诉编号, 投诉渠道, 投诉类型, 被投诉单位, 投诉内容,
投诉时间, 受理时间, 办结时间, 处理结果, 满意度."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.clock_steps import ClockStep
from xiaoneng.system.fields import StampField, StoredFileFields
from xiaoneng.system.pii import SealedTextField


class Category(models.TextChoices):
    """投诉类型 (domain rules §5); the codes are the Open311 service_codes."""

    INACTION = "inaction", "不作为"
    MISCONDUCT = "misconduct", "乱作为"
    DELAY = "delay", "办事拖拉"
    BUCK_PASSING = "buck_passing", "推诿扯皮"
    OBSTRUCTION = "obstruction", "故意刁难"
    RUDENESS = "rudeness", "态度蛮横"
    BRIBERY = "bribery", "吃拿卡要"
    LEVY = "levy", "乱摊派"
    FEES = "fees", "乱收费"
    FINES = "fines", "乱罚款"
    ABSENCE = "absence", "擅离职守"
    IDLING = "idling", "工作时间打牌下棋上网聊天玩游戏"
    EXECUTION = "execution", "决策部署执行不力"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    """投诉渠道."""

    ONLINE = "online", "网上投诉"
    HOTLINE = "hotline", "12345 热线"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    OPEN311 = "open311", "外部系统（Open311）"


# Channels complaint-centre staff enter by hand.
STAFF_CHANNELS = (Channel.HOTLINE, Channel.LETTER, Channel.VISIT)


class Status(models.TextChoices):
    ACCEPTING = "accepting", "待受理"
    HANDLING = "handling", "办理中"
    DECLINED = "declined", "不予受理"
    TRANSFERRED = "transferred", "已转办"
    MERGED = "merged", "已合并"
    CONCLUDED = "concluded", "已办结"
    REEXAMINING = "reexamining", "复查中"
    REEXAMINED = "reexamined", "复查办结"


OPEN_STATUSES = (Status.ACCEPTING, Status.HANDLING, Status.REEXAMINING)


class Outcome(models.TextChoices):
    """处理结果."""

    SUBSTANTIATED = "substantiated", "属实"
    PARTLY = "partly", "部分属实"
    UNSUBSTANTIATED = "unsubstantiated", "不属实"


SUBSTANTIATED = (Outcome.SUBSTANTIATED, Outcome.PARTLY)


class Satisfaction(models.IntegerChoices):
    """满意度 (GB/T 39046): 1 best … 5 worst."""

    VERY_SATISFIED = 1, "非常满意"
    SATISFIED = 2, "满意"
    NEUTRAL = 3, "基本满意"
    DISSATISFIED = 4, "不满意"
    VERY_DISSATISFIED = 5, "非常不满意"


class SatisfactionSource(models.TextChoices):
    CALLBACK = "callback", "回访记录"
    COMPLAINANT = "complainant", "投诉人评价"


class OutsideSystem(models.Model):
    """A registered outside system (hotline, reporting app) allowed to file
    complaints through Open311 with its api_key. Only the key's SM3 is kept."""

    name = models.CharField("系统名称", max_length=100)
    contact = models.CharField("联系人及联系方式", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)
    key_digest = models.CharField("api_key 摘要（SM3）", max_length=64, unique=True)
    key_hint = models.CharField("api_key 前缀", max_length=8, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampField("签发时间", auto_now_add=True)
    revoked_at = StampField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "外部系统"
        verbose_name_plural = "外部系统"
        ordering = ("-id",)

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    number = models.CharField("投诉编号", max_length=32, unique=True)
    query_digest = models.CharField("查询码摘要（SM3）", max_length=64, blank=True)
    channel = models.CharField("投诉渠道", max_length=12, choices=Channel.choices)
    category = models.CharField("投诉类型", max_length=16, choices=Category.choices)
    department = models.ForeignKey(
        Department, verbose_name="被投诉单位", on_delete=models.PROTECT, related_name="+"
    )
    staff_name = models.CharField("被投诉人", max_length=100, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="被投诉工作人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="涉及办件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("投诉标题", max_length=200)
    description = models.TextField("投诉内容")
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    address_string = models.CharField("事发地点", max_length=300, blank=True)
    anonymous = models.BooleanField("匿名投诉", default=False)
    # The complainant, sealed (complaint.handle only).
    complainant_name = SealedTextField("投诉人姓名", blank=True)
    complainant_phone = SealedTextField("投诉人联系电话", blank=True)
    complainant_phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    complainant_id_no = SealedTextField("投诉人证件号码", blank=True)
    complainant_id_no_digest = models.CharField(max_length=64, blank=True, db_index=True)
    complainant_address = SealedTextField("投诉人通信地址", blank=True)
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投诉人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outside_system = models.ForeignKey(
        OutsideSystem,
        verbose_name="来源外部系统",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    # NULL, not "": only complaints filed through Open311 carry a token, and it is unique.
    external_token = models.CharField(
        "Open311 token", max_length=64, unique=True, null=True, blank=True
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    submitted_at = StampField("投诉时间", auto_now_add=True)
    received_on = models.DateField("收到投诉日期")
    # Denormalised clock (complaints.clock).
    due_on = models.DateField("当前期限", null=True, blank=True, db_index=True)
    accept_due_on = models.DateField("受理期限", null=True, blank=True)
    accepted_on = models.DateField("受理时间", null=True, blank=True)
    conclude_due_on = models.DateField("办结期限", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_requested_days = models.PositiveSmallIntegerField("申请延长工作日", default=0)
    extension_reason = models.CharField("延期理由", max_length=500, blank=True)
    closed_on = models.DateField("办结时间", null=True, blank=True)
    late = models.BooleanField("有环节超期", default=False)
    late_steps = models.CharField("超期环节", max_length=100, blank=True)
    provisional = models.BooleanField("期限待定（节假日安排未公布）", default=False)
    is_open = models.BooleanField("在办", default=True)
    # The accused department's explanation (a side deadline).
    explanation_questions = models.TextField("需说明的问题", blank=True)
    explanation_requested_on = models.DateField("要求说明日期", null=True, blank=True)
    explanation_due_on = models.DateField("说明期限", null=True, blank=True, db_index=True)
    explained_on = models.DateField("说明日期", null=True, blank=True)
    explanation_text = models.TextField("被投诉单位说明", blank=True)
    explanation_late = models.BooleanField("说明逾期", default=False)
    # Handling and result.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices, blank=True)
    findings = models.TextField("调查核实情况", blank=True)
    handling_opinion = models.TextField("处理意见", blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    decline_reason = models.TextField("不予受理理由", blank=True)
    transferred_to = models.CharField("转办机关", max_length=200, blank=True)
    transfer_reason = models.TextField("转办理由", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_complaints",
    )
    merge_reason = models.TextField("合并说明", blank=True)
    callback_on = models.DateField("回访日期", null=True, blank=True)
    callback_note = models.TextField("回访情况", blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "满意度", choices=Satisfaction.choices, null=True, blank=True
    )
    satisfaction_source = models.CharField(
        "满意度来源", max_length=12, choices=SatisfactionSource.choices, blank=True
    )
    satisfaction_note = models.TextField("评价意见", blank=True)
    # Re-examination (复查): once, after the reply.
    reexamination_requested_on = models.DateField("申请复查日期", null=True, blank=True)
    reexamination_reason = models.TextField("复查理由", blank=True)
    reexamination_due_on = models.DateField("复查期限", null=True, blank=True)
    reexamination_outcome = models.CharField(
        "复查结果", max_length=16, choices=Outcome.choices, blank=True
    )
    reexamination_findings = models.TextField("复查情况", blank=True)
    reexamination_reply = models.TextField("复查答复", blank=True)
    reexamined_on = models.DateField("复查办结日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "效能投诉"
        verbose_name_plural = "效能投诉"
        ordering = ("-id",)
        indexes = [
            models.Index(
                fields=["department", "is_open", "due_on"], name="complaint_dept_open_due"
            ),
            models.Index(fields=["is_open", "due_on"], name="complaint_open_due"),
            models.Index(fields=["department", "closed_on"], name="complaint_dept_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def effective_outcome(self) -> str:
        """The result in force: the re-examination's once there is one."""
        return self.reexamination_outcome or self.outcome


class ComplaintAttachment(StoredFileFields):
    """A file given with a complaint (the house's upload checks: `cases.uploads`)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = "投诉附件"
        verbose_name_plural = "投诉附件"
        ordering = ("complaint", "id")

    def __str__(self) -> str:
        return self.filename


class ComplaintEvent(ClockStep):
    """One dated step of a complaint, in order: the input of its clocks (the
    main run, the explanation and the re-examination) and its history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "投诉办理环节"
        verbose_name_plural = "投诉办理环节"
        ordering = ("complaint", "seq")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "seq"], name="complaint_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"


class CardColour(models.TextChoices):
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


class CardStep(models.TextChoices):
    ACCEPT = "accept", "受理"
    CONCLUDE = "conclude", "办结"
    EXPLANATION = "explanation", "说明情况"
    REEXAMINATION = "reexamination", "复查"


class ComplaintCard(models.Model):
    """A yellow card when a complaint's deadline has passed at a step, a red
    one when the step is still not done after the yellow's follow-up
    deadline (domain rules §3, as for cases). The department is the unit
    whose deadline it was. The unique constraint makes the sweep idempotent."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.PROTECT, related_name="cards"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    colour = models.CharField("牌色", max_length=8, choices=CardColour.choices)
    step = models.CharField("超期环节", max_length=16, choices=CardStep.choices)
    due_on = models.DateField("超过的期限")
    issued_on = models.DateField("亮牌日期")
    follow_up_due_on = models.DateField("整改期限", null=True, blank=True)
    reason = models.CharField("亮牌事由", max_length=500)
    closed_on = models.DateField("消除日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "投诉黄牌/红牌"
        verbose_name_plural = "投诉黄牌/红牌"
        ordering = ("-issued_on", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "step", "colour"], name="complaint_card_once"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "issued_on"], name="complaint_card_dept_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.complaint_id} {self.step}"
