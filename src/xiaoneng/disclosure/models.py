"""Information disclosure requests (依申请公开, 政府信息公开条例 2019 art.
27–33). The clock fields are denormalised from `disclosure.clock.compute`
on every event, so the desk filters and sorts on indexed columns; the
events are the truth they come from."""

from __future__ import annotations

from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.clock_steps import ClockStep
from xiaoneng.system.fields import StampField
from xiaoneng.system.pii import SealedTextField

from .clock import Channel as ClockChannel


class Channel(models.TextChoices):
    IN_PERSON = ClockChannel.IN_PERSON.value, "当面提交"
    POST = ClockChannel.POST.value, "邮寄（需签收）"
    PLAIN_LETTER = ClockChannel.PLAIN_LETTER.value, "平常信函"
    ONLINE = ClockChannel.ONLINE.value, "网上申请"
    FAX = ClockChannel.FAX.value, "传真"


class RequesterKind(models.TextChoices):
    PERSON = "person", "公民"
    ORGANISATION = "organisation", "法人或其他组织"


class Form(models.TextChoices):
    """How the requester wants the information (art. 29 ¶2 (三), art. 40)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    INSPECT = "inspect", "当场查阅"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    PROCESSING = "processing", "办理中"
    CORRECTING = "correcting", "待补正"
    CONSULTING = "consulting", "征求意见中（不计时）"
    ANSWERED = "answered", "已答复"
    WITHDRAWN = "withdrawn", "已撤回"
    ABANDONED = "abandoned", "视为放弃申请"


OPEN_STATUSES = (Status.SUBMITTED, Status.PROCESSING, Status.CORRECTING, Status.CONSULTING)


class AnswerType(models.TextChoices):
    """答复类型 (art. 36–39)."""

    PUBLISHED = "published", "已主动公开（告知获取方式和途径）"
    DISCLOSE = "disclose", "予以公开"
    PARTIAL = "partial", "部分公开"
    REFUSE = "refuse", "不予公开"
    NOT_EXIST = "not_exist", "信息不存在"
    NOT_RESPONSIBLE = "not_responsible", "非本机关负责公开"
    DUPLICATE = "duplicate", "重复申请（不予重复处理）"
    NEEDS_PROCESSING = "needs_processing", "需加工分析（可不予提供）"
    NOT_GOV_INFO = "not_gov_info", "不属于政府信息公开申请（告知其他渠道）"


class WithholdingGround(models.TextChoices):
    """Why information is not disclosed (art. 14–16), as the annual report's
    template (国办公开办函〔2021〕30号) counts a 不予公开 answer."""

    STATE_SECRET = "state_secret", "属于国家秘密"
    LAW_PROHIBITS = "law_prohibits", "其他法律行政法规禁止公开"
    SECURITY = "security", "危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "保护第三方合法权益"
    INTERNAL = "internal", "属于三类内部事务信息"
    PROCESS = "process", "属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷"
    QUERY = "query", "属于行政查询事项"


class ConsultKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    OTHER_AGENCY = "other_agency", "征求其他机关意见"


class DisclosureRequest(models.Model):
    tracking_no = models.CharField("申请编号", max_length=32, unique=True)
    query_digest = models.CharField("查询码摘要（SM3）", max_length=64)
    department = models.ForeignKey(
        Department, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("提交方式", max_length=16, choices=Channel.choices)
    requester_kind = models.CharField(
        "申请人类型", max_length=16, choices=RequesterKind.choices, default=RequesterKind.PERSON
    )
    requester_name = models.CharField("申请人", max_length=200)
    # Sealed at rest (SM4-GCM, system/pii.py); nothing looks a request up by them.
    requester_id_no = SealedTextField("身份证明号码", max_length=40, blank=True)
    phone = SealedTextField("联系电话", max_length=30, blank=True)
    email = SealedTextField("电子邮箱", max_length=120, blank=True)
    address = SealedTextField("通信地址", max_length=300, blank=True)
    description = models.TextField("所需信息的名称、文号或特征描述")
    form = models.CharField("获取信息的形式", max_length=12, choices=Form.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    submitted_on = models.DateField("提交日期")
    # Denormalised clock (disclosure.clock.compute).
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    base_on = models.DateField("答复期限起算日", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    correction_late = models.BooleanField("补正告知逾期", default=False)
    consult_days = models.PositiveSmallIntegerField("征求意见工作日（不计入）", default=0)
    consult_due_on = models.DateField("第三方意见期限", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_requested_days = models.PositiveSmallIntegerField("申请延长工作日", default=0)
    extension_reason = models.CharField("延期理由", max_length=500, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer_type = models.CharField(
        "答复类型", max_length=20, choices=AnswerType.choices, blank=True
    )
    answer_text = models.TextField("答复内容", blank=True)
    answer_reason = models.TextField("理由与法律依据", blank=True)
    withheld_ground = models.CharField(
        "不予公开的理由类别", max_length=20, choices=WithholdingGround.choices, blank=True
    )
    competent_agency = models.CharField("负责公开的机关", max_length=200, blank=True)
    on_time = models.BooleanField("按期答复", null=True, blank=True)
    provisional = models.BooleanField("期限待定（节假日安排未公布）", default=False)
    is_open = models.BooleanField("在办", default=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-id",)
        indexes = [
            models.Index(
                fields=["department", "is_open", "due_on"], name="disclosure_dept_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no


class DisclosureEvent(ClockStep):
    """One dated step of a request, in order: the input of its clock."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "公开申请办理环节"
        verbose_name_plural = "公开申请办理环节"
        ordering = ("request", "seq")
        constraints = [
            models.UniqueConstraint(fields=["request", "seq"], name="disclosure_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.seq} {self.kind}"
