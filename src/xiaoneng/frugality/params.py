"""The standards of frugality, added to the house registry (as targets/params.py).

Defaults follow 《党政机关国内公务接待管理规定》 (中办发〔2013〕22号) and the
provinces' rules under it; the local amounts are set by the city's finance
bureau and are parameters here:

- 陪餐人数: 接待对象 10 人以内的，陪餐人数不得超过 3 人；超过 10 人的，不得超过接待
  对象人数的三分之一 (art. 11). `companions_small` (3), `companions_group` (10)
  and `companions_divisor` (3).
- 餐费标准: 工作餐 per person per meal, companions included (the provincial
  standards of that period were 40–120 元; default 100 元).
- 住宿标准: per guest per night, the city's 差旅住宿标准 for 地市级 (default 350 元).
- 补录车辆: a vehicle entered as 原有车辆补录 (no purchase request) and acquired
  within this many days before its registration is treated as a new purchase
  without approval (default 365: "年内一律不得购买……新增公务用车")."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

MEAL_PER_HEAD = "frugality.meal_per_head"
LODGING_PER_NIGHT = "frugality.lodging_per_night"
COMPANIONS_SMALL = "frugality.companions_small"
COMPANIONS_GROUP = "frugality.companions_group"
COMPANIONS_DIVISOR = "frugality.companions_divisor"
LEGACY_DAYS = "frugality.vehicle_legacy_days"

SPECS = (
    ParamSpec(
        MEAL_PER_HEAD,
        "公务接待：工作餐标准（元/人·餐）",
        100,
        10,
        1000,
        "接待对象和陪餐人员每人每餐餐费上限；"
        "实际餐费超过（用餐人数 × 用餐次数 × 标准）即为超标准接待",
    ),
    ParamSpec(
        LODGING_PER_NIGHT,
        "公务接待：住宿标准（元/人·晚）",
        350,
        50,
        3000,
        "接待对象每人每晚住宿费上限；实际住宿费超过（接待人数 × 住宿晚数 × 标准）即为超标准接待",
    ),
    ParamSpec(
        COMPANIONS_SMALL,
        "公务接待：陪餐人数上限（接待对象不超过分组人数时）",
        3,
        0,
        20,
        "接待对象在“陪餐分组人数”以内的，陪餐人数不得超过该值",
    ),
    ParamSpec(
        COMPANIONS_GROUP,
        "公务接待：陪餐分组人数",
        10,
        1,
        100,
        "接待对象超过该人数的，陪餐人数不得超过接待对象人数除以“陪餐比例除数”（向下取整）",
    ),
    ParamSpec(
        COMPANIONS_DIVISOR,
        "公务接待：陪餐比例除数",
        3,
        1,
        20,
        "接待对象超过分组人数时，陪餐人数上限为接待对象人数的几分之一",
    ),
    ParamSpec(
        LEGACY_DAYS,
        "公务用车：补录车辆视为新购的期限（天）",
        365,
        0,
        3650,
        "无购置申请补录的车辆，取得日期在登记日前该天数以内的，视为未经批准新购公务用车",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
