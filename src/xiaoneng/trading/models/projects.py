"""Projects, their rounds, published notices, venues and bookings, OCDS releases.

The whole is described in `trading.models`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields

from .parties import Criteria, Kind, Party, Speciality

USER = settings.AUTH_USER_MODEL
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


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
        ordering = ("project_id", "number")
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
