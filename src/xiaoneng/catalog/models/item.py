"""An approval item of the catalog (事项目录), with the fields of GB/T
39046—2020 Table 4. Written only by `catalog.actions`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from xiaoneng.catalog.limits import LIMIT_RULES
from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField

from .choices import (
    CASE_TYPES,
    EXERCISE_LEVELS,
    ITEM_TYPES,
    TIME_UNITS,
    HandlingMode,
    ItemStatus,
    SubjectNature,
)

FLAGS = (
    "needs_site_survey",
    "needs_collective_discussion",
    "needs_expert_review",
    "needs_public_hearing",
)

# 即办件 (seed art. 3): a single-department item needing none of the four
# procedures is accepted and completed at the window. A joint or parallel item
# waits for other departments' opinions, so it is never instant.
INSTANT_Q = Q(handling_mode=HandlingMode.SINGLE, **dict.fromkeys(FLAGS, False))


def _limit_constraints() -> list[models.CheckConstraint]:
    """The ceilings of `limits.LIMIT_RULES`, held by the database too."""
    constraints = []
    for mode, rule in LIMIT_RULES.items():
        allowed = Q(extension_max_days__lte=rule.extension_max)
        if rule.legal_max is not None:
            allowed &= Q(legal_limit_days__lte=rule.legal_max)
        constraints.append(
            models.CheckConstraint(
                condition=~Q(handling_mode=mode) | allowed,
                name=f"item_{mode}_limits_within_law",
            )
        )
    return constraints


class ApprovalItem(models.Model):
    # --- identity and basis -------------------------------------------------
    code = models.CharField("实施编码", max_length=64, unique=True)
    basic_code = models.CharField("基本编码", max_length=32, db_index=True)
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=2, choices=ITEM_TYPES)
    legal_basis = models.TextField(
        "设定依据", help_text="法律、法规名称及条款；没有法律法规依据的，不得设置审批事项"
    )
    exercise_level = models.CharField(
        "行使层级", max_length=1, choices=EXERCISE_LEVELS, default="3"
    )
    authority_division = models.TextField("权限划分", blank=True)
    exercise_content = models.TextField("行使内容", blank=True)

    # --- who ----------------------------------------------------------------
    department = models.ForeignKey(
        Department,
        verbose_name="实施主体",
        on_delete=models.PROTECT,
        related_name="items",
        help_text="联合办理、并联审批事项的牵头部门",
    )
    subject_nature = models.CharField(
        "实施主体性质", max_length=1, choices=SubjectNature.choices, default="1"
    )
    undertaking_org = models.CharField("承办机构", max_length=200, blank=True)
    window = models.ForeignKey(
        Department,
        verbose_name="受理窗口",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="window_items",
    )
    handling_mode = models.CharField(
        "办理模式", max_length=10, choices=HandlingMode.choices, default=HandlingMode.SINGLE
    )

    # --- time limits (working days, 行政许可法第八十二条) --------------------
    legal_limit_days = models.PositiveSmallIntegerField("法定办结时限", default=20)
    legal_limit_unit = models.CharField(
        "法定办结时限单位", max_length=1, choices=TIME_UNITS, default="1"
    )
    legal_limit_note = models.TextField("法定办结时限说明", blank=True)
    committed_limit_days = models.PositiveSmallIntegerField("承诺办结时限", default=0)
    committed_limit_unit = models.CharField(
        "承诺办结时限单位", max_length=1, choices=TIME_UNITS, default="1"
    )
    committed_limit_note = models.TextField("承诺办结时限说明", blank=True)
    extension_max_days = models.PositiveSmallIntegerField("延长期限上限", default=10)
    warning_days = models.PositiveSmallIntegerField(
        "预警阈值（剩余工作日）",
        null=True,
        blank=True,
        help_text="为空时取参数 case.warning_days",
    )

    # --- procedures (seed art. 3; 行政许可法第四十五条) ----------------------
    needs_site_survey = models.BooleanField("需要现场勘察", default=False)
    needs_collective_discussion = models.BooleanField("需要集体讨论", default=False)
    needs_expert_review = models.BooleanField("需要专家论证", default=False)
    needs_public_hearing = models.BooleanField("需要社会听证", default=False)
    special_procedures = models.JSONField(
        "特别程序", default=list, blank=True, help_text="SpecialProcedure 编码列表"
    )
    special_procedure_note = models.TextField("特别程序说明", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    procedure = models.TextField("办理流程", blank=True, help_text="每行一个环节，按顺序")
    intermediary_services = models.TextField("中介服务", blank=True)
    quantity_limit = models.TextField("数量限制", blank=True)
    result_name = models.CharField("结果名称", max_length=200, blank=True)

    # --- fees (seed art. 4; the fee catalog links by code) -------------------
    charges_fee = models.BooleanField("是否收费", default=False)
    fee_basis = models.TextField("收费依据", blank=True)
    fee_codes = models.JSONField(
        "收费项目编码",
        default=list,
        blank=True,
        help_text="收费目录中的收费项目编码；收费目录上线后发布时逐项核对",
    )

    # --- service guide --------------------------------------------------------
    service_scope = models.CharField("通办范围", max_length=100, blank=True)
    service_objects = models.JSONField("服务对象", default=list, blank=True)
    service_topic = models.CharField("服务主题", max_length=200, blank=True)
    handling_forms = models.JSONField("办理形式", default=list, blank=True)
    jurisdiction = models.CharField("行政管辖", max_length=200, blank=True)
    visits_needed = models.PositiveSmallIntegerField("到现场次数", default=1)
    online_handling = models.BooleanField("是否网办", default=False)
    online_url = models.CharField("网办地址", max_length=300, blank=True)
    supports_booking = models.BooleanField("是否支持预约办理", default=False)
    supports_online_payment = models.BooleanField("是否支持网上支付", default=False)
    supports_delivery = models.BooleanField("是否支持物流快递", default=False)
    location = models.CharField("办理地点", max_length=300, blank=True)
    office_hours = models.CharField("办理时间", max_length=200, blank=True)
    consult_method = models.CharField("咨询方式", max_length=300, blank=True)
    consult_phone = models.CharField("咨询电话", max_length=60, blank=True)
    supervise_phone = models.CharField("监督电话", max_length=60, blank=True)
    faq = models.TextField("常见问题", blank=True)

    # --- lifecycle ------------------------------------------------------------
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    status_note = models.CharField("状态说明", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "审批事项"
        verbose_name_plural = "审批事项"
        ordering = ("department__sort", "code")
        indexes = [models.Index(fields=["status", "department"], name="item_status_dept")]
        constraints = [
            models.CheckConstraint(condition=~Q(legal_basis=""), name="item_legal_basis_required"),
            models.CheckConstraint(
                condition=Q(committed_limit_days__lte=F("legal_limit_days")),
                name="item_committed_le_legal",
            ),
            models.CheckConstraint(
                condition=~INSTANT_Q | Q(committed_limit_days=0),
                name="item_instant_committed_zero",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="item_status_valid"
            ),
            *_limit_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_instant(self) -> bool:
        """即办件: accepted and completed at the window, due the same day."""
        return self.handling_mode == HandlingMode.SINGLE and not any(
            getattr(self, flag) for flag in FLAGS
        )

    @property
    def case_type(self) -> str:
        """办件类型 (GB/T 39046): 1 即办件, 2 承诺件."""
        return "1" if self.is_instant else "2"

    @property
    def case_type_label(self) -> str:
        return CASE_TYPES[self.case_type]

    @property
    def lead_department(self) -> Department:
        return self.department

    @property
    def credit_code(self) -> str:
        """统一社会信用代码 of the implementing department."""
        return self.department.credit_code

    @property
    def flags(self) -> dict[str, bool]:
        return {flag: bool(getattr(self, flag)) for flag in FLAGS}

    @property
    def procedure_steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]

    @property
    def effective_warning_days(self) -> int:
        if self.warning_days is not None:
            return self.warning_days
        from xiaoneng.system.params import get_param

        return get_param("case.warning_days")

    def label_of(self, field: str) -> Any:
        """The display label of a choice field (for exports and the API)."""
        return getattr(self, f"get_{field}_display")()
