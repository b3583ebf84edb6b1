"""行政执法 (seed art. 4, 7, 16; 行政处罚法 2021; 国办发〔2018〕118号).

Authority (what a body may do, and who may do it):
- `Item` — the body's enforcement list (执法事项清单): the violation, its
  legal basis, the penalties it may impose and the statutory fine range.
- `Benchmark` — the discretion benchmark (裁量基准) of an item: one fine range
  per grade (减轻/从轻/一般/从重), published.
- `Certificate` — an officer's enforcement certificate (执法证): number and
  validity; an expired, revoked or missing certificate cannot act.

A penalty case (`PenaltyCase`) from the clue to closing, each step a row or
a dated field: on-site records and evidence (`Evidence`, each with ≥ 2
certified officers), the notice of the intended penalty (告知, on the case),
statements and defence (`Statement`), the hearing (`Hearing`), legality
review (`LegalityReview`), extensions (`Extension`), the decision (on the
case), payment through the bank or on the spot (`Payment`), publication and
closing. The clock's dates are stored on the case (`enforcement/clock` reads
them from `core.clock.procedures.penalty`), so no reader re-derives them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department, User
from xiaoneng.system.fields import StampField, StoredFileFields
from xiaoneng.system.pii import SealedTextField

USER = settings.AUTH_USER_MODEL


class PenaltyKind(models.TextChoices):
    """行政处罚法 art. 9."""

    WARNING = "warning", "警告、通报批评"
    FINE = "fine", "罚款"
    CONFISCATE = "confiscate", "没收违法所得、没收非法财物"
    DOWNGRADE = "downgrade", "暂扣许可证件、降低资质等级、吊销许可证件"
    RESTRICT = "restrict", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业"
    DETAIN = "detain", "行政拘留"


# Penalties other than a fine that give the party the right to a hearing (art. 63).
HEARING_PENALTIES = frozenset({PenaltyKind.DOWNGRADE, PenaltyKind.RESTRICT})


class Item(models.Model):
    body = models.ForeignKey(
        Department, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("违法行为", max_length=200)
    legal_basis = models.TextField("违法依据")
    penalty_basis = models.TextField("处罚依据")
    penalties = models.JSONField("可处罚种类", default=list)  # PenaltyKind values
    fine_min = models.DecimalField(
        "法定罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "法定罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    # 首违不罚 (art. 33 ¶1 mandatory for minor violations corrected in time; ¶2 may
    # for first offences): the conditions the body published for this item.
    first_offence_exempt = models.BooleanField("适用首违不罚", default=False)
    exempt_conditions = models.TextField("不予处罚情形", blank=True)
    active = models.BooleanField("有效", default=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项清单"
        ordering = ("body", "code")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Grade(models.TextChoices):
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    GENERAL = "general", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


class Benchmark(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="benchmarks")
    grade = models.CharField("裁量阶次", max_length=10, choices=Grade.choices)
    circumstances = models.TextField("适用情形")
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2)
    other_penalties = models.CharField("并处", max_length=300, blank=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ("item", "id")
        constraints = [
            models.UniqueConstraint(fields=["item", "grade"], name="benchmark_item_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_grade_display()}"


class Certificate(models.Model):
    officer = models.ForeignKey(USER, verbose_name="执法人员", on_delete=models.PROTECT)
    body = models.ForeignKey(
        Department, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("执法证号", max_length=40, unique=True)
    field = models.CharField("执法领域", max_length=100)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    revoked_on = models.DateField("注销日期", null=True, blank=True)
    revoked_reason = models.CharField("注销原因", max_length=300, blank=True)
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ("body", "number")

    def __str__(self) -> str:
        return self.number


class Procedure(models.TextChoices):
    GENERAL = "general", "普通程序"
    SIMPLE = "simple", "简易程序（当场处罚）"


class Status(models.TextChoices):
    CLUE = "clue", "线索核查"
    NOT_REGISTERED = "not_registered", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    NOTIFIED = "notified", "已告知（陈述申辩期）"
    HEARING = "hearing", "听证"
    REVIEW = "review", "法制审核"
    DECIDING = "deciding", "待决定"
    DECIDED = "decided", "已决定（待送达）"
    SERVED = "served", "已送达（待履行）"
    ENFORCING = "enforcing", "催告与强制执行"
    CLOSED = "closed", "已结案"


class ClueSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    REPORT = "report", "投诉举报"
    TRANSFER = "transfer", "上级交办、其他机关移送"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY_MINOR = "no_penalty_minor", "不予处罚（违法行为轻微并及时改正，第三十三条）"
    NO_PENALTY_FIRST = "no_penalty_first", "不予处罚（首违不罚，第三十三条）"
    NO_PENALTY_FACTS = "no_penalty_facts", "不予处罚（违法事实不能成立）"
    NO_PENALTY_LAPSED = "no_penalty_lapsed", "不予处罚（超过追责时效，第三十六条）"
    TRANSFER = "transfer", "移送司法机关"


class PenaltyCase(models.Model):
    body = models.ForeignKey(
        Department, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.CharField(
        "程序", max_length=8, choices=Procedure.choices, default=Procedure.GENERAL
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.CLUE)
    number = models.CharField("案件编号", max_length=60, blank=True)  # given at registration
    item = models.ForeignKey(Item, verbose_name="执法事项", on_delete=models.PROTECT)
    # The party. A person's identity number, phone and address are personal
    # data (sealed, found by digest); an organisation's credit code is public.
    party_kind = models.CharField("当事人类型", max_length=12, choices=PartyKind.choices)
    party_name = models.CharField("当事人", max_length=200)
    party_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    party_id_no = SealedTextField("身份证号码", max_length=40, blank=True)
    party_id_digest = models.CharField(max_length=64, blank=True, db_index=True)
    party_phone = SealedTextField("联系电话", max_length=30, blank=True)
    party_address = SealedTextField("住所（地址）", max_length=300, blank=True)
    # The violation and where the case came from.
    facts = models.TextField("违法事实")
    place = models.CharField("违法地点", max_length=200)
    violated_on = models.DateField("违法行为发生日期")
    source = models.CharField("案件来源", max_length=12, choices=ClueSource.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name="关联投诉",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_on = models.DateField("发现线索日期")
    officers = models.ManyToManyField(User, verbose_name="承办执法人员", related_name="+")
    # 立案 (registration): decided by the body's head within the limit.
    register_due = models.DateField("立案决定期限", null=True, blank=True)
    register_extended_days = models.PositiveSmallIntegerField("立案期限延长（工作日）", default=0)
    registered_on = models.DateField("立案日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    not_registered_reason = models.TextField("不予立案理由", blank=True)
    # 90 days from registration (art. 60), plus approved extensions.
    decision_due = models.DateField("处罚决定期限", null=True, blank=True)
    decision_extended_days = models.PositiveSmallIntegerField("决定期限延长（日）", default=0)
    # 告知 (art. 44): the intended penalty and the party's rights. `notice_no`
    # counts the notices (a heavier penalty needs a new one, art. 45); a hearing
    # and a legality review belong to the notice they followed.
    notified_on = models.DateField("告知书送达日期", null=True, blank=True)
    notice_no = models.PositiveSmallIntegerField("告知次数", default=0)
    intended_grade = models.CharField(
        "拟裁量阶次", max_length=10, choices=Grade.choices, blank=True
    )
    intended_fine = models.DecimalField(
        "拟罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    intended_penalties = models.JSONField("拟处罚种类", default=list, blank=True)
    intended_confiscated = models.DecimalField(
        "拟没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    hearing_right = models.BooleanField("告知听证权利", default=False)
    defence_until = models.DateField("陈述申辩、要求听证期限", null=True, blank=True)
    # The party may waive its statement and hearing rights in writing; the
    # decision may then come before `defence_until`.
    defence_waived_on = models.DateField("书面放弃陈述申辩日期", null=True, blank=True)
    # 责令改正 (art. 28) and the day the party corrected: 首违不罚 needs it.
    correction_due = models.DateField("责令改正期限", null=True, blank=True)
    corrected_on = models.DateField("改正日期", null=True, blank=True)
    major = models.BooleanField("重大执法决定（须法制审核）", default=False)
    # The decision (art. 57, 61).
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True)
    grade = models.CharField("裁量阶次", max_length=10, choices=Grade.choices, blank=True)
    fine = models.DecimalField("罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    confiscated = models.DecimalField(
        "没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    penalties = models.JSONField("处罚种类", default=list, blank=True)
    outside_benchmark = models.BooleanField("超出裁量基准", default=False)
    outside_reason = models.TextField("超出裁量基准的理由", blank=True)
    decision_text = models.TextField("处罚决定内容", blank=True)
    decision_no = models.CharField("处罚决定书文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_due = models.DateField("送达期限", null=True, blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    served_how = models.CharField("送达方式", max_length=40, blank=True)
    # Payment (art. 66, 72): 15 days from service; 3 % a day after, at most the fine.
    payment_due = models.DateField("缴款期限", null=True, blank=True)
    paid_on = models.DateField("缴清日期", null=True, blank=True)
    publish_due = models.DateField("公示期限", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    urged_on = models.DateField("催告日期", null=True, blank=True)
    court_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("结案说明", blank=True)
    # The running deadline and what it is for, for indexed lights and cards.
    due_on = models.DateField("当前环节期限", null=True, blank=True)
    due_step = models.CharField("当前期限所属环节", max_length=20, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ("-found_on", "-id")
        indexes = [
            models.Index(fields=["body", "status"], name="penalty_body_status"),
            models.Index(fields=["due_on"], name="penalty_due_on"),
            models.Index(fields=["party_name", "decided_on"], name="penalty_party_decided"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=~models.Q(number=""),
                name="penalty_number_per_body",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"线索 {self.pk}"

    @property
    def hearing(self) -> Hearing | None:
        """The hearing of the current notice, if the party asked for one: a new
        notice voids the earlier hearing (art. 45), so only this one counts."""
        if not self.notice_no or self.pk is None:
            return None
        return Hearing.objects.filter(case=self, notice_no=self.notice_no).first()


class EvidenceKind(models.TextChoices):
    ONSITE = "onsite", "现场检查（勘验）笔录"
    INQUIRY = "inquiry", "询问笔录"
    PHOTO = "photo", "照片"
    VIDEO = "video", "音像记录"
    DOCUMENT = "document", "书证"
    OTHER = "other", "其他证据"


class Evidence(models.Model):
    """A record of the case's investigation (执法全过程记录): who (≥ 2
    certified officers), when, where (the browser's location where allowed)
    and what; its files (`EvidenceFile`) keep their SM3 digests, and the audit
    event carries them, so the chain keeps the evidence as it was taken."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("证据类型", max_length=10, choices=EvidenceKind.choices)
    description = models.TextField("内容")
    taken_at = models.DateTimeField("取证时间")
    place = models.CharField("取证地点", max_length=200)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    officers = models.ManyToManyField(User, verbose_name="执法人员", related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ("case", "taken_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class EvidenceFile(StoredFileFields):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        ordering = ("evidence", "id")

    def __str__(self) -> str:
        return self.filename


class Statement(models.Model):
    """陈述、申辩 (art. 45): heard and answered; never a heavier penalty for it."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="statements")
    received_on = models.DateField("提出日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("采纳", null=True)
    answer = models.TextField("复核意见", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "陈述申辩"
        verbose_name_plural = "陈述申辩"
        ordering = ("case", "received_on", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 陈述申辩 {self.received_on}"


class Hearing(models.Model):
    """听证 (art. 64): asked for within 5 (working) days of the notice, notified
    at least 7 (working) days before, presided by someone who did not
    investigate the case, recorded. One per notice (`notice_no`): a new
    notice after a hearing gives the right again (`PenaltyCase.hearing` is
    the current one)."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="hearings")
    notice_no = models.PositiveSmallIntegerField("告知次序")
    requested_on = models.DateField("申请日期")
    notified_on = models.DateField("听证通知日期", null=True, blank=True)
    scheduled_on = models.DateField("听证日期", null=True, blank=True)
    place = models.CharField("听证地点", max_length=200, blank=True)
    host = models.ForeignKey(
        USER,
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField("举行日期", null=True, blank=True)
    record = models.TextField("听证笔录", blank=True)
    waived = models.BooleanField("视为放弃听证", default=False)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ("case", "notice_no")
        constraints = [
            models.UniqueConstraint(fields=["case", "notice_no"], name="hearing_per_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 听证"


class LegalityReview(models.Model):
    """重大执法决定法制审核 (art. 58), one row per round, of the notice it
    followed (`notice_no`): a new notice needs a new review."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="reviews")
    notice_no = models.PositiveSmallIntegerField("告知次序")
    submitted_on = models.DateField("送审日期")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reviewer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField("审核通过", null=True)
    opinion = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ("case", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 法制审核 {self.submitted_on}"


class ExtensionStage(models.TextChoices):
    REGISTER = "register", "立案期限"
    DECISION = "decision", "处罚决定期限"


class Extension(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="extensions")
    stage = models.CharField("延长环节", max_length=10, choices=ExtensionStage.choices)
    days = models.PositiveSmallIntegerField("延长天数")
    reason = models.TextField("理由")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")

    class Meta:
        verbose_name = "期限延长"
        verbose_name_plural = "期限延长"
        ordering = ("case", "approved_on", "id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_stage_display()}延长 {self.days}"


class PaymentChannel(models.TextChoices):
    BANK = "bank", "指定银行或电子支付系统缴纳（罚缴分离）"
    ON_THE_SPOT = "on_the_spot", "当场收缴（第六十八、六十九条）"


class Payment(models.Model):
    """A fine paid. Through the bank (recorded from the bank's receipt by
    finance or the bank's integration, never by the deciding officers), or
    collected on the spot in the cases art. 68–69 allow, with the fiscal
    receipt (art. 70), handed to the body within 2 days and banked within 2
    more (art. 71)."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="payments")
    channel = models.CharField("缴款方式", max_length=12, choices=PaymentChannel.choices)
    amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2)
    surcharge = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField("缴款日期")
    bank_serial = models.CharField("银行缴款流水号", max_length=60, blank=True)
    receipt_no = models.CharField("财政票据号", max_length=60, blank=True)
    on_the_spot_ground = models.CharField("当场收缴情形", max_length=200, blank=True)
    handed_over_on = models.DateField("交至行政机关日期", null=True, blank=True)
    banked_on = models.DateField("缴付银行日期", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "罚没款缴纳"
        verbose_name_plural = "罚没款缴纳"
        ordering = ("case", "paid_on", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_serial"], condition=~models.Q(bank_serial=""), name="payment_serial"
            ),
            models.UniqueConstraint(
                fields=["receipt_no"], condition=~models.Q(receipt_no=""), name="payment_receipt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.amount}"


class ComplaintLink(models.Model):
    """A 乱罚款 complaint (seed art. 4, 16) the complaint centre tied to the
    penalty case it is about, so the case's page and the supervision bureau
    see it; the complaint itself stays the complaint centre's."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="complaint_links")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("关联说明", max_length=300, blank=True)
    linked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    linked_on = models.DateField("关联日期")

    class Meta:
        verbose_name = "投诉关联"
        verbose_name_plural = "投诉关联"
        ordering = ("case", "linked_on", "id")
        constraints = [
            models.UniqueConstraint(fields=["case", "complaint"], name="complaint_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.complaint_id}"
