"""The parameters of appraisal (考核评比), added to the house registry.

They belong in `system.params.REGISTRY` with the others; until the registry
lists them this module adds them (`setdefault`: a later entry there wins),
so `get_param`, the parameter page and the data migration know them.
Parameters are whole numbers, so the contract's maps are spelled out:

- weights (`appraisal.weights`): one parameter per weighted part, in percent
  of the year-end score — `appraisal.weight_targets` 60,
  `appraisal.weight_efficiency` 40 (renormalised over the parts a unit has);
- bands (`appraisal.bands`): `appraisal.band_excellent` 90, `…band_good` 80,
  `…band_passing` 60 (lower bounds, inclusive);
- `appraisal.excellent_quota` 30: at most this percent of a class is 优秀;
- late reports (`appraisal.late_report_points`, 0.5): in tenths of a point,
  `appraisal.late_report_tenths` 5.
"""

from __future__ import annotations

from decimal import Decimal

from xiaoneng.system.params import REGISTRY, ParamSpec, get_param

from .formula import Bands, Rules
from .parts import weighted_parts

LATE_REPORT_TENTHS = "appraisal.late_report_tenths"
EXCELLENT_QUOTA = "appraisal.excellent_quota"
BANDS = {
    "excellent": "appraisal.band_excellent",
    "good": "appraisal.band_good",
    "passing": "appraisal.band_passing",
}


def weight_key(part: str) -> str:
    return f"appraisal.weight_{part}"


SPECS = (
    ParamSpec(
        weight_key("targets"),
        "年终考核：目标任务得分权重（%）",
        60,
        0,
        100,
        "年终考核总分中目标任务完成得分所占比例；某单位缺少某项得分时，按其余各项权重重新折算",
    ),
    ParamSpec(
        weight_key("efficiency"),
        "年终考核：机关效能得分权重（%）",
        40,
        0,
        100,
        "年终考核总分中月度效能考评平均分所占比例；无审批事项的单位不计此项，按其余各项权重折算",
    ),
    ParamSpec(BANDS["excellent"], "年终考核：优秀等次分数线", 90, 0, 100, "总分达到该分数评为优秀"),
    ParamSpec(BANDS["good"], "年终考核：良好等次分数线", 80, 0, 100, "总分达到该分数评为良好"),
    ParamSpec(
        BANDS["passing"],
        "年终考核：合格等次分数线",
        60,
        0,
        100,
        "总分达到该分数评为合格，低于该分数为不合格",
    ),
    ParamSpec(
        EXCELLENT_QUOTA,
        "年终考核：优秀等次比例上限（%）",
        30,
        0,
        100,
        "县区、市直部门分别排名，优秀等次不超过本类单位数的该比例（向下取整），超出的按名次评为良好",
    ),
    ParamSpec(
        LATE_REPORT_TENTHS,
        "季评比：每份逾期报送的进度报告扣分（0.1分）",
        5,
        0,
        100,
        "以0.1分为单位：5 表示每份逾期报送的月度进度报告扣0.5分",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)


def late_report_points() -> Decimal:
    return Decimal(get_param(LATE_REPORT_TENTHS)) / 10


def year_rules() -> Rules:
    """The year-end rules as the parameters stand now (a result stores a copy)."""
    return Rules(
        weights={p.name: Decimal(get_param(weight_key(p.name))) for p in weighted_parts()},
        bands=Bands(**{name: Decimal(get_param(key)) for name, key in BANDS.items()}),
        excellent_quota_pct=get_param(EXCELLENT_QUOTA),
    )
