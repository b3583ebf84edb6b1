"""The columns of the two sheets, in the order of GB/T 39046—2020 Table 4.
Columns marked export-only are derived (the department's name and credit
code, 办件类型) and ignored on import; the product's own additions (机构编码,
办理模式, 延长期限上限, 收费项目编码, 预警阈值, 状态) follow the standard's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from xiaoneng.catalog.models import (
    ApprovalItem,
    HandlingMode,
    ItemStatus,
    MaterialForm,
    SpecialProcedure,
)
from xiaoneng.catalog.models.choices import (
    EXERCISE_LEVELS,
    HANDLING_FORMS,
    ITEM_TYPES,
    SERVICE_OBJECTS,
    TIME_UNITS,
    SubjectNature,
)

from .cells import (
    Boolean,
    Choice,
    CoDepartments,
    Codes,
    Integer,
    MultiChoice,
    Text,
)

ITEM_SHEET = "事项"
MATERIAL_SHEET = "申请材料"
CODE_HEADER = "实施编码"


class Codec(Protocol):
    def dump(self, value: Any) -> str: ...
    def load(self, text: str) -> Any: ...


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # key of the parsed row; "" for an export-only column
    codec: Codec
    getter: Callable[[Any], Any] | None = None  # the export value, if not the field itself

    def value(self, obj: Any) -> str:
        raw = self.getter(obj) if self.getter else getattr(obj, self.field)
        return self.codec.dump(raw)


def _co(item: ApprovalItem) -> list[dict[str, Any]]:
    return [
        {
            "department": row.department.code,
            "opinion_limit_days": row.opinion_limit_days,
            "name": row.department.name,
            "duty": row.duty,
        }
        for row in item.co_departments.all()
    ]


TEXT = Text()
FLAG = Boolean()
COUNT = Integer()

ITEM_COLUMNS: list[Column] = [
    Column("事项名称", "name", TEXT),
    Column("基本编码", "basic_code", TEXT),
    Column(CODE_HEADER, "code", TEXT),
    Column("事项类型", "item_type", Choice(ITEM_TYPES)),
    Column("设定依据", "legal_basis", TEXT),
    Column("行使层级", "exercise_level", Choice(EXERCISE_LEVELS)),
    Column("权限划分", "authority_division", TEXT),
    Column("行使内容", "exercise_content", TEXT),
    Column("实施主体", "", TEXT, lambda i: i.department.name),
    Column("实施主体编码", "department", TEXT, lambda i: i.department.code),
    Column("统一社会信用代码", "", TEXT, lambda i: i.credit_code),
    Column("实施主体性质", "subject_nature", Choice(SubjectNature.choices)),
    Column("法定办结时限", "legal_limit_days", COUNT),
    Column("法定办结时限单位", "legal_limit_unit", Choice(TIME_UNITS)),
    Column("法定办结时限说明", "legal_limit_note", TEXT),
    Column("承诺办结时限", "committed_limit_days", COUNT),
    Column("承诺办结时限单位", "committed_limit_unit", Choice(TIME_UNITS)),
    Column("承诺办结时限说明", "committed_limit_note", TEXT),
    Column("办件类型", "", TEXT, lambda i: i.case_type_label),
    Column("受理条件", "conditions", TEXT),
    Column("办理流程", "procedure", TEXT),
    Column("共同实施部门", "co_departments", CoDepartments(), _co),
    Column("承办机构", "undertaking_org", TEXT),
    Column("中介服务", "intermediary_services", TEXT),
    Column("数量限制", "quantity_limit", TEXT),
    Column("结果名称", "result_name", TEXT),
    Column("是否收费", "charges_fee", FLAG),
    Column("收费依据", "fee_basis", TEXT),
    Column("通办范围", "service_scope", TEXT),
    Column("服务对象", "service_objects", MultiChoice(SERVICE_OBJECTS)),
    Column("服务主题", "service_topic", TEXT),
    Column("办理形式", "handling_forms", MultiChoice(HANDLING_FORMS, omit_blank=True)),
    Column("特别程序", "special_procedures", MultiChoice(SpecialProcedure.choices)),
    Column("特别程序说明", "special_procedure_note", TEXT),
    Column("行政管辖", "jurisdiction", TEXT),
    Column("是否支持预约办理", "supports_booking", FLAG),
    Column("是否支持网上支付", "supports_online_payment", FLAG),
    Column("是否支持物流快递", "supports_delivery", FLAG),
    Column("是否网办", "online_handling", FLAG),
    Column("网办地址", "online_url", TEXT),
    Column("到现场次数", "visits_needed", COUNT),
    Column("办理地点", "location", TEXT),
    Column("办理时间", "office_hours", TEXT),
    Column("咨询方式", "consult_method", TEXT),
    Column("咨询电话", "consult_phone", TEXT),
    Column("监督电话", "supervise_phone", TEXT),
    Column("常见问题", "faq", TEXT),
    # The product's own columns.
    Column("受理窗口编码", "window", TEXT, lambda i: i.window.code if i.window else ""),
    Column("办理模式", "handling_mode", Choice(HandlingMode.choices)),
    Column("延长期限上限", "extension_max_days", COUNT),
    Column("是否需要现场勘察", "needs_site_survey", FLAG),
    Column("是否需要集体讨论", "needs_collective_discussion", FLAG),
    Column("是否需要专家论证", "needs_expert_review", FLAG),
    Column("是否需要社会听证", "needs_public_hearing", FLAG),
    Column("收费项目编码", "fee_codes", Codes()),
    Column("预警阈值", "warning_days", Integer(nullable=True)),
    Column("状态", "status", Choice(ItemStatus.choices)),
    Column("状态说明", "status_note", TEXT),
]

MATERIAL_COLUMNS: list[Column] = [
    Column(CODE_HEADER, "item_code", TEXT, lambda m: m.item.code),
    Column("材料名称", "name", TEXT),
    Column("出具机构", "issuer", TEXT),
    Column("出具时间要求", "issue_requirement", TEXT),
    Column("材料办理说明", "instructions", TEXT),
    Column("原件份数", "originals", COUNT),
    Column("复印件份数", "copies", COUNT),
    Column("是否必备材料", "required", FLAG),
    Column("材料形式", "form", Choice(MaterialForm.choices)),
]

ITEM_HEADERS = [c.header for c in ITEM_COLUMNS]
MATERIAL_HEADERS = [c.header for c in MATERIAL_COLUMNS]
