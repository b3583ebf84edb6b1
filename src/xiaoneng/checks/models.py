"""Unannounced checks (明察暗访, seed art. 12; domain rules §14).

A plan (which units, when, what to look for) is kept from the units it
checks: only `check.manage` reads plans. A team of members (one leader)
carries it out and records findings with evidence (photos, the time seen).
The checked unit learns of a finding only when the bureau notifies it; from
that day its rectification report (跟踪问效) is due in `check.rectify_days`
working days, and the bureau verifies or returns it. The bureau may approve
a finding's publication (曝光): the public page then shows it, without the
names of the staff involved.

`Finding` is what accountability links to (`department`, `id`, `__str__`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    APPROVED = "approved", "已批准"
    IN_PROGRESS = "in_progress", "实施中"
    DONE = "done", "已完成"


class CheckPlan(models.Model):
    number = models.CharField("计划编号", max_length=32, unique=True)
    title = models.CharField("计划名称", max_length=200)
    period_start = models.DateField("检查开始日期")
    period_end = models.DateField("检查结束日期")
    targets = models.ManyToManyField(
        Department, verbose_name="被检查单位", related_name="+", blank=True
    )
    focus = models.TextField("检查重点")
    status = models.CharField(
        "状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "明察暗访计划"
        verbose_name_plural = "明察暗访计划"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CheckTeamMember(models.Model):
    """A member of a plan's team (检查组); exactly one leader (组长) before approval."""

    plan = models.ForeignKey(CheckPlan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="组员", on_delete=models.PROTECT, related_name="+"
    )
    member_name = models.CharField("姓名", max_length=100)
    is_leader = models.BooleanField("组长", default=False)
    added_at = StampField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        ordering = ("plan", "-is_leader", "id")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="check_member_once"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(is_leader=True),
                name="check_one_leader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.member_name}{'（组长）' if self.is_leader else ''}"


class FindingKind(models.TextChoices):
    ABSENCE = "absence", "擅离职守、脱岗离岗"
    GAMES = "games", "工作时间打牌下棋"
    CHATTING = "chatting", "工作时间上网聊天、玩游戏"
    ATTITUDE = "attitude", "服务态度生硬"
    BRIBERY = "bribery", "吃拿卡要"
    OTHER = "other", "其他"


class FindingStatus(models.TextChoices):
    RECORDED = "recorded", "已记录（未通报）"
    NOTIFIED = "notified", "已通报，待整改"
    SUBMITTED = "submitted", "已报送整改情况，待核实"
    RETURNED = "returned", "整改情况退回，待重新报送"
    VERIFIED = "verified", "整改已核实"


# The unit owes its rectification report in these statuses (the light runs).
AWAITING_REPORT = (FindingStatus.NOTIFIED, FindingStatus.RETURNED)
# The statuses the checked unit may see (it never sees a finding not yet notified).
KNOWN_TO_UNIT = (
    FindingStatus.NOTIFIED,
    FindingStatus.SUBMITTED,
    FindingStatus.RETURNED,
    FindingStatus.VERIFIED,
)


class Finding(models.Model):
    number = models.CharField("问题编号", max_length=32, unique=True)
    plan = models.ForeignKey(
        CheckPlan, verbose_name="检查计划", on_delete=models.PROTECT, related_name="findings"
    )
    department = models.ForeignKey(
        Department, verbose_name="被检查单位", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="涉及人员账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff_name = models.CharField("涉及人员", max_length=100, blank=True)
    kind = models.CharField("问题类型", max_length=12, choices=FindingKind.choices)
    observed_at = models.DateTimeField("发现时间")
    place = models.CharField("地点", max_length=200)
    description = models.TextField("问题描述")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=12, choices=FindingStatus.choices, default=FindingStatus.RECORDED
    )
    # Follow-up (跟踪问效): the unit's report is due `limit_days` working days after notice.
    notified_on = models.DateField("通报日期", null=True, blank=True)
    limit_days = models.PositiveSmallIntegerField("整改报告时限（工作日）", default=0)
    due_on = models.DateField("整改报告期限", null=True, blank=True, db_index=True)
    provisional = models.BooleanField("期限待定（节假日安排未公布）", default=False)
    reported_on = models.DateField("最近报送日期", null=True, blank=True)
    verified_on = models.DateField("核实日期", null=True, blank=True)
    on_time = models.BooleanField("按期整改", null=True, blank=True)
    # Publication (曝光), approved by the bureau; the public text names no staff.
    published_on = models.DateField("曝光日期", null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准曝光人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_summary = models.TextField("曝光内容", blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "明察暗访发现问题"
        verbose_name_plural = "明察暗访发现问题"
        ordering = ("-id",)
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="finding_dept_status_due"),
        ]

    def __str__(self) -> str:
        return f"明察暗访 {self.number}（{self.get_kind_display()}）"

    @property
    def awaiting_report(self) -> bool:
        return self.status in AWAITING_REPORT


class FindingEvidence(StoredFileFields):
    """A photo (or scanned document) of a finding: checked by the house's
    upload checks, stored under MEDIA_ROOT, never served directly."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"
        ordering = ("finding", "id")

    def __str__(self) -> str:
        return f"{self.finding_id} {self.filename}"


class ReportOutcome(models.TextChoices):
    PENDING = "pending", "待核实"
    VERIFIED = "verified", "核实通过"
    RETURNED = "returned", "退回"


class RectificationReport(models.Model):
    """One rectification report (整改情况报告) of the unit, and the bureau's review."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField("整改情况")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField("报送日期")
    outcome = models.CharField(
        "核实结果", max_length=10, choices=ReportOutcome.choices, default=ReportOutcome.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField("核实日期", null=True, blank=True)
    review_note = models.TextField("核实意见", blank=True)

    class Meta:
        verbose_name = "整改情况报告"
        verbose_name_plural = "整改情况报告"
        ordering = ("finding", "id")

    def __str__(self) -> str:
        return f"{self.finding_id} 报告 {self.pk}"
