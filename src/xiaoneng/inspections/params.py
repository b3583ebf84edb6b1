"""The parameters of inspections (检查评比观摩), added to the house registry
(`setdefault`: an entry there wins), so `get_param` and the data migration know them."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

OVERLAP_DAYS = "inspection.overlap_days"
SIMILARITY_PERCENT = "inspection.similarity_percent"
QUERY_PER_MINUTE = "inspection.query_per_minute"

SPECS = (
    ParamSpec(
        OVERLAP_DAYS,
        "检查评比：同一对象重叠检查的时间窗口（日）",
        30,
        0,
        366,
        "同一对象的两项活动开始日期相差不超过该天数时，登记时提示合并为联合检查",
    ),
    ParamSpec(
        SIMILARITY_PERCENT,
        "检查评比：内容相似提示阈值（%）",
        50,
        1,
        100,
        "两项活动有相同的检查事项，或名称的二字组 Jaccard 相似度不低于该百分比时，提示合并",
    ),
    ParamSpec(
        QUERY_PER_MINUTE,
        "检查评比：企业查询每分钟次数上限",
        10,
        0,
        1000,
        "企业凭统一社会信用代码和查询码查询、报告的每个客户端每分钟次数上限；0 表示不限",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
