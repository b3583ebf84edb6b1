"""The vocabulary of 好差评 (国办发〔2019〕51号): the five levels and the
evaluation criteria (评价指标). Pure Python, no Django.

Levels: 非常满意、满意、基本满意、不满意、非常不满意; the codes are those of
GB/T 39046 Appendix A 满意度 (1 非常满意 … 5 非常不满意); the last two are
差评 (bad ratings).

Criteria: domain rules §4 does not list them. These are the second-level
indicators (二级指标) of the national 好差评 evaluation content as commonly
used by the 全国一体化在线政务服务平台 (online: 办事效率、办事指南精确度、
办事便捷度、平台操作性; on site: 服务效率、服务水平、服务态度), the first-level
indicator 整体满意度 being the level itself, plus the four questions 51号
asks platforms to put to raters (服务指引是否清晰、办事程序是否便利、材料手续
是否精简、操作界面是否友好) — see docs/decisions.md, "Ratings".
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

LEVELS: Final[Mapping[int, str]] = MappingProxyType(
    {1: "非常满意", 2: "满意", 3: "基本满意", 4: "不满意", 5: "非常不满意"}
)
GOOD_LEVELS: Final = frozenset({1, 2, 3})
BAD_LEVELS: Final = frozenset({4, 5})

ONLINE: Final = "online"
ONSITE: Final = "onsite"

# code -> (label, where it applies)
CRITERIA: Final[Mapping[str, tuple[str, frozenset[str]]]] = MappingProxyType(
    {
        # 线上评价 二级指标
        "efficiency": ("办事效率", frozenset({ONLINE})),
        "guide_accuracy": ("办事指南精确度", frozenset({ONLINE})),
        "convenience": ("办事便捷度", frozenset({ONLINE})),
        "usability": ("平台操作性", frozenset({ONLINE})),
        # 线下（现场）评价 二级指标
        "service_efficiency": ("服务效率", frozenset({ONSITE})),
        "service_level": ("服务水平", frozenset({ONSITE})),
        "attitude": ("服务态度", frozenset({ONSITE})),
        # 国办发〔2019〕51号 细化评价问询
        "guidance_clear": ("服务指引是否清晰", frozenset({ONLINE, ONSITE})),
        "procedure_easy": ("办事程序是否便利", frozenset({ONLINE, ONSITE})),
        "materials_lean": ("材料手续是否精简", frozenset({ONLINE, ONSITE})),
        "interface_friendly": ("操作界面是否友好", frozenset({ONLINE})),
    }
)


def is_bad(level: int) -> bool:
    return level in BAD_LEVELS


def criteria_for(where: str) -> list[tuple[str, str]]:
    """(code, label) of the criteria offered for online or on-site ratings."""
    return [(code, label) for code, (label, scope) in CRITERIA.items() if where in scope]


def criteria_labels(codes: list[str]) -> list[str]:
    return [CRITERIA[c][0] for c in codes if c in CRITERIA]


def satisfaction_pct(good: int, total: int) -> float | None:
    """好评率: the share of 非常满意/满意/基本满意 among counted ratings, in %."""
    if total <= 0:
        return None
    return round(100 * good / total, 2)
