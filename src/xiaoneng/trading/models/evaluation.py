"""The evaluation committee, its replayable draws, members, scores, candidates
and the room's attendance.

The whole is described in `trading.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.system.fields import StampField

from .bids import Bid
from .parties import Expert
from .projects import Booking, Round

USER = settings.AUTH_USER_MODEL


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
        ordering = ("committee_id", "id")

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
        ordering = ("round_id", "rank")
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="trading_candidate_rank")
        ]

    def __str__(self) -> str:
        return f"第{self.rank}名 {self.bid_id}"


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
