"""公共资源交易 (seed art. 6; domain rules §9): construction bidding,
government procurement, land-use and mining rights, state-owned property.

管办分离: the trading centre (`trading.operate`) operates venues and the
process, each kind's regulator (`Regulation`, `trading.regulate`) supervises
its kind, the tenderer (a government unit, `trading.tender`) or its agency
(`Party` with `is_agency`, `trading.agency`) runs its own project, bidders
(`Party`, `trading.bid`) bid, experts (`Expert`, `trading.expert`) evaluate.

A project (`Project`) is tendered in rounds (`Round`): a round that fails
(too few bids) is followed by a re-tender, a new round with its own
announcement, deadline and bids. Published texts are `Notice` rows; bids
(`Bid`) are sealed with a key only the bidder holds until the opening
(`envelope`); the evaluation committee (`Committee`) is formed from the
tenderer's representatives and experts drawn at random (`Draw`, replayable
from its seed) and scores the opened bids (`Score`); winning candidates
(`Candidate`) are published, objections (`Objection`) answered, the award
(`Award`) made and the contract (`Contract`) signed. Complaints go to the
regulator (`Complaint`). Venues are booked (`Booking`) without overlap and
the evaluation room's attendance kept (`Attendance`). Every published
change is an immutable OCDS release (`Release`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.org.models import Department, User
from xiaoneng.system.fields import StampField, StoredFileFields
from xiaoneng.system.pii import SealedTextField

USER = settings.AUTH_USER_MODEL
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


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


class Status(models.TextChoices):
    REGISTERED = "registered", "进场登记待受理"
    REJECTED = "rejected", "进场登记退回"
    ACCEPTED = "accepted", "已进场待公告"
    TENDERING = "tendering", "公告中（接受投标）"
    RETENDER = "retender", "流标待重新招标"
    EVALUATING = "evaluating", "已开标待评标"
    PUBLICISING = "publicising", "中标候选人公示"
    AWARDED = "awarded", "已定标待签订合同"
    CONTRACTED = "contracted", "已签订合同"
    TERMINATED = "terminated", "已终止"


class Project(models.Model):
    """A trading project (交易项目). `code` numbers it per kind and year
    without gaps ("JS-2026-0001"); the OCDS ocid is the publisher's prefix
    and the code."""

    code = models.CharField("项目编号", max_length=20, unique=True)
    kind = models.CharField("交易类别", max_length=16, choices=Kind.choices)
    title = models.CharField("项目名称", max_length=200)
    description = models.TextField("项目概况")
    tenderer = models.ForeignKey(
        Department,
        verbose_name="招标人（采购人、出让人、转让方）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Party,
        verbose_name="招标代理机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agency_projects",
    )
    criteria = models.CharField("评标办法", max_length=16, choices=Criteria.choices)
    speciality = models.CharField("评标专业", max_length=16, choices=Speciality.choices)
    estimate = models.DecimalField("估算价（采购预算、出让底价）（元）", **MONEY)
    approval_document = models.CharField("立项或批准文件", max_length=200)
    funding = models.CharField("资金来源", max_length=100, blank=True)
    location = models.CharField("项目地点", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    round_no = models.PositiveSmallIntegerField("招标轮次", default=1)
    # A regulator may suspend a project while it handles a complaint (暂停).
    suspended_at = StampField("暂停时间", null=True, blank=True)
    suspended_reason = models.CharField("暂停原因", max_length=200, blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = StampField("进场登记时间", auto_now_add=True)
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = StampField("受理时间", null=True, blank=True)
    rejected_reason = models.CharField("退回理由", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "交易项目"
        verbose_name_plural = "交易项目"
        ordering = ("-registered_at", "-id")
        indexes = [models.Index(fields=["tenderer", "status"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "待公告"
    OPEN = "open", "接受投标"
    OPENING = "opening", "开标解密中"
    FAILED = "failed", "流标"
    OPENED = "opened", "已开标"
    EVALUATED = "evaluated", "评标完成"
    CANCELLED = "cancelled", "已终止"


class Round(models.Model):
    """One tendering of a project: announcement, documents, bid deadline,
    opening, evaluation. A failed round is followed by the next."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    status = models.CharField(
        "状态", max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    announced_at = StampField("公告发布时间", null=True, blank=True)
    documents_from = models.DateField("招标文件发出日期", null=True, blank=True)
    bid_deadline = models.DateTimeField("投标截止时间（开标时间）", null=True, blank=True)
    opening_started_at = StampField("开标时间", null=True, blank=True)
    opened_at = StampField("开标结束时间", null=True, blank=True)
    failed_reason = models.CharField("流标原因", max_length=200, blank=True)
    evaluated_at = StampField("评标结束时间", null=True, blank=True)
    candidates_published_at = StampField("中标候选人公示时间", null=True, blank=True)
    publicity_ends_on = models.DateField("公示截止日期", null=True, blank=True)

    class Meta:
        verbose_name = "招标轮次"
        verbose_name_plural = "招标轮次"
        ordering = ("project", "number")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="trading_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} 第{self.number}次"


class NoticeKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "招标公告（出让公告）"
    DOCUMENTS = "documents", "招标文件"
    CLARIFICATION = "clarification", "澄清或修改"
    DEADLINE = "deadline", "投标截止时间变更"
    OPENING = "opening", "开标记录"
    FAILURE = "failure", "流标公告"
    CANDIDATES = "candidates", "中标候选人公示"
    OBJECTION = "objection", "异议答复"
    AWARD = "award", "中标结果公告"
    CONTRACT = "contract", "合同公开"
    TERMINATION = "termination", "终止公告"


class Notice(models.Model):
    """A published text of a project (公告、文件、记录), dated; immutable once
    published — a change is a new notice."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notices")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("类型", max_length=16, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    published_at = StampField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "交易公告"
        verbose_name_plural = "交易公告"
        ordering = ("published_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class NoticeFile(StoredFileFields):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "公告附件"
        verbose_name_plural = "公告附件"

    def __str__(self) -> str:
        return self.filename


class BidStatus(models.TextChoices):
    SEALED = "sealed", "已递交（加密）"
    WITHDRAWN = "withdrawn", "已撤回"
    SUPERSEDED = "superseded", "已被修改后的投标替代"
    OPENED = "opened", "已解密"
    UNDECRYPTED = "undecrypted", "未解密（视为撤回）"


class Bid(models.Model):
    """A bid, sealed (SM4-GCM) under a key the server does not keep: the
    bidder holds it (its 解密码) and decrypts at the opening (电子招标投标
    办法 art. 31, 36). Before that only `envelope`, `key_check` (to tell a
    wrong code) and `content_digest` (the receipt) are stored; `price`,
    `period_days` and `summary` are filled in when it is opened."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey(Party, verbose_name="投标人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = StampField("递交时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=12, choices=BidStatus.choices, default=BidStatus.SEALED
    )
    envelope = models.TextField("密文")
    key_check = models.CharField("解密码校验值", max_length=64)
    content_digest = models.CharField("投标文件 SM3 摘要", max_length=64)
    withdrawn_at = StampField("撤回时间", null=True, blank=True)
    opened_at = StampField("解密时间", null=True, blank=True)
    price = models.DecimalField("投标报价（元）", null=True, blank=True, **MONEY)
    period_days = models.PositiveIntegerField("工期或交货期（日）", null=True, blank=True)
    summary = models.TextField("投标文件摘要", blank=True)
    # The committee's qualification check (资格审查、符合性审查).
    qualified = models.BooleanField("通过资格审查", null=True, blank=True)
    rejected_reason = models.CharField("否决理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "投标"
        verbose_name_plural = "投标"
        ordering = ("round", "submitted_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "bidder"],
                condition=Q(status__in=["sealed", "opened"]),
                name="trading_one_live_bid",
            )
        ]

    def __str__(self) -> str:
        return f"投标 {self.pk}（{self.get_status_display()}）"


class VenueKind(models.TextChoices):
    OPENING = "opening", "开标室"
    EVALUATION = "evaluation", "评标室"


class Venue(models.Model):
    name = models.CharField("场地", max_length=50, unique=True)
    kind = models.CharField("类型", max_length=12, choices=VenueKind.choices)
    capacity = models.PositiveSmallIntegerField("容纳人数")
    active = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = "交易场地"
        verbose_name_plural = "交易场地"
        ordering = ("kind", "name")

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    """A venue booked for a round's opening or evaluation; two bookings of
    one venue never overlap (checked under the venue's row lock)."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bookings")
    purpose = models.CharField("用途", max_length=12, choices=VenueKind.choices)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    booked_at = StampField("预约时间", auto_now_add=True)
    cancelled_at = StampField("取消时间", null=True, blank=True)

    class Meta:
        verbose_name = "场地预约"
        verbose_name_plural = "场地预约"
        ordering = ("starts_at", "id")
        indexes = [models.Index(fields=["venue", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Committee(models.Model):
    """The evaluation committee of a round (评标委员会): `size` members, odd,
    at least 5, of whom at least two thirds experts from the pool."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="committee")
    size = models.PositiveSmallIntegerField("人数")
    expert_seats = models.PositiveSmallIntegerField("专家人数")
    formed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    formed_at = StampField("组建时间", auto_now_add=True)

    class Meta:
        verbose_name = "评标委员会"
        verbose_name_plural = "评标委员会"

    def __str__(self) -> str:
        return f"评标委员会 {self.round_id}"


class Draw(models.Model):
    """One random draw of experts, replayable: the candidates eligible at the
    time (`pool`, ids in order), those excluded with their reasons, the seed
    and the experts it picked. `random.Random(seed).sample(pool, needed)`
    gives `picked` again."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="draws")
    seed = models.CharField("随机种子", max_length=64)
    needed = models.PositiveSmallIntegerField("抽取人数")
    pool = models.JSONField("候选专家")
    excluded = models.JSONField("回避专家及理由", default=list)
    picked = models.JSONField("抽中专家")
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drawn_at = StampField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家抽取记录"
        verbose_name_plural = "专家抽取记录"
        ordering = ("drawn_at", "id")

    def __str__(self) -> str:
        return f"专家抽取 {self.pk}"


class MemberKind(models.TextChoices):
    EXPERT = "expert", "评标专家"
    REPRESENTATIVE = "representative", "招标人代表"


class Member(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField("身份", max_length=16, choices=MemberKind.choices)
    expert = models.ForeignKey(
        Expert, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    representative = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    draw = models.ForeignKey(Draw, null=True, blank=True, on_delete=models.PROTECT)
    chair = models.BooleanField("组长", default=False)
    # An expert who declines or declares a conflict on arrival is replaced by a new draw.
    declined_at = StampField("回避或拒绝时间", null=True, blank=True)
    declined_reason = models.CharField("回避理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "评标委员会成员"
        verbose_name_plural = "评标委员会成员"
        ordering = ("committee", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.expert_id or self.representative_id}"


class Score(models.Model):
    """One member's evaluation of one opened bid (each member only their own)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    qualified = models.BooleanField("通过资格和符合性审查")
    total = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.CharField("评审意见", max_length=500, blank=True)
    submitted_at = StampField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["member", "bid"], name="trading_score_once")]

    def __str__(self) -> str:
        return f"评分 {self.member_id}/{self.bid_id}"


class Candidate(models.Model):
    """A winning candidate the committee recommends (≤ 3, ranked)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="candidates")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("排序")
    score = models.DecimalField("评标得分", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "中标候选人"
        verbose_name_plural = "中标候选人"
        ordering = ("round", "rank")
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="trading_candidate_rank")
        ]

    def __str__(self) -> str:
        return f"第{self.rank}名 {self.bid_id}"


class ObjectionKind(models.TextChoices):
    OBJECTION = "objection", "异议（招标投标法）"
    CHALLENGE = "challenge", "质疑（政府采购法）"


class Objection(models.Model):
    """A bidder's objection (异议) or, in procurement, challenge (质疑) to
    the tenderer; unanswered, it pauses the award."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="objections")
    kind = models.CharField("类型", max_length=12, choices=ObjectionKind.choices)
    party = models.ForeignKey(Party, verbose_name="提出人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField("针对事项", max_length=100)
    text = models.TextField("异议内容")
    known_on = models.DateField("知道或应当知道之日")
    received_at = StampField("收到时间", auto_now_add=True)
    reply_due = models.DateField("答复期限")
    reply = models.TextField("答复", blank=True)
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    replied_at = StampField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "异议、质疑"
        verbose_name_plural = "异议、质疑"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Complaint(models.Model):
    """A complaint (投诉) to the kind's regulator, within the law's window of
    knowing; decided within 30 working days. The regulator may suspend the
    project meanwhile."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="complaints")
    party = models.ForeignKey(Party, verbose_name="投诉人", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    text = models.TextField("投诉事项")
    known_on = models.DateField("知道或应当知道之日")
    received_at = StampField("收到时间", auto_now_add=True)
    decide_due = models.DateField("处理期限")
    decision = models.TextField("处理决定", blank=True)
    upheld = models.BooleanField("投诉成立", null=True, blank=True)
    decided_at = StampField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "交易投诉"
        verbose_name_plural = "交易投诉"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"投诉 {self.pk}"


class Award(models.Model):
    """The award (定标, 中标通知书): the winning bid and its value."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="award")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    value = models.DecimalField("中标金额（元）", **MONEY)
    reason = models.CharField("定标说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = StampField("定标时间", auto_now_add=True)
    contract_due = models.DateField("合同签订期限")

    class Meta:
        verbose_name = "中标结果"
        verbose_name_plural = "中标结果"

    def __str__(self) -> str:
        return f"中标 {self.bid_id} {self.value}"


class Contract(models.Model):
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="contract")
    number = models.CharField("合同编号", max_length=60)
    title = models.CharField("合同名称", max_length=200)
    value = models.DecimalField("合同金额（元）", **MONEY)
    signed_on = models.DateField("签订日期")
    period_start = models.DateField("履约开始", null=True, blank=True)
    period_end = models.DateField("履约结束", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = StampField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Attendance(models.Model):
    """Who was in the evaluation (or opening) room, and when (见证)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=50)
    arrived_at = models.DateTimeField("到场时间")
    left_at = models.DateTimeField("离场时间", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "场地出入记录"
        verbose_name_plural = "场地出入记录"
        ordering = ("arrived_at", "id")

    def __str__(self) -> str:
        return f"{self.name} {self.role}"


class Release(models.Model):
    """An OCDS release: immutable, one per published change of a project,
    `release_id` unique within its ocid, `tags` from the releaseTag codelist,
    `payload` the whole release as published."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="releases")
    ocid = models.CharField(max_length=80, db_index=True)
    release_id = models.CharField(max_length=120, unique=True)
    sequence = models.PositiveIntegerField()
    date = models.DateTimeField()
    tags = models.JSONField()
    payload = models.JSONField()

    class Meta:
        verbose_name = "OCDS 发布"
        verbose_name_plural = "OCDS 发布"
        ordering = ("date", "id")
        constraints = [
            models.UniqueConstraint(fields=["project", "sequence"], name="trading_release_seq")
        ]

    def __str__(self) -> str:
        return self.release_id
