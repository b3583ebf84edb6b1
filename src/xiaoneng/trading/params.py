"""The trading platform's parameters, added to the house registry. The law's
own numbers (20 days, 15 days, 3 bids, 30 days…) are in
`core.clock.procedures.tendering`, not here: a city may not change them.

- 解密: bidders decrypt their bids within this many minutes of the opening
  (电子招标投标办法 art. 31: a bid not decrypted is treated as withdrawn).
- 回避: a tie an expert declared with a party excludes the expert for this
  many years after it ended (评标专家和评标专家库管理暂行办法 art. 12 names
  no span; three years is the provinces' usual figure).
- Red flags (OCDS procurement indicators): the same supplier winning this
  many of one tenderer's awards within the window; an award this many per
  cent away from the estimate; an expert drawn this often within the window."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

DECRYPT_MINUTES = "trading.decrypt_minutes"
TIE_YEARS = "trading.tie_years"
REPEAT_WINS = "trading.repeat_wins"
REPEAT_WINDOW_DAYS = "trading.repeat_window_days"
ESTIMATE_DEVIATION_PERCENT = "trading.estimate_deviation_percent"
EXPERT_DRAWS = "trading.expert_draws"
EXPERT_WINDOW_DAYS = "trading.expert_window_days"

SPECS = (
    ParamSpec(
        DECRYPT_MINUTES,
        "公共资源交易：开标后投标人解密时限（分钟）",
        30,
        5,
        240,
        "开标后投标人应在该时限内解密投标文件；未解密的视为撤回投标（电子招标投标办法第三十一条）",
    ),
    ParamSpec(
        TIE_YEARS,
        "公共资源交易：专家与投标人关联关系回避年限（年）",
        3,
        0,
        10,
        "专家与投标人的任职、持股等关系结束后该年数内仍须回避",
    ),
    ParamSpec(
        REPEAT_WINS,
        "公共资源交易：同一招标人项目同一中标人次数预警（次）",
        3,
        2,
        100,
        "同一中标人在预警窗口内中标同一招标人项目达到该次数的，提示监察",
    ),
    ParamSpec(
        REPEAT_WINDOW_DAYS,
        "公共资源交易：同一中标人预警窗口（日）",
        365,
        1,
        3650,
        "统计同一中标人中标次数的时间窗口",
    ),
    ParamSpec(
        ESTIMATE_DEVIATION_PERCENT,
        "公共资源交易：中标价偏离估算价预警（%）",
        30,
        1,
        100,
        "中标金额高于或低于估算价（采购预算、底价）超过该百分比的，提示监察",
    ),
    ParamSpec(
        EXPERT_DRAWS,
        "公共资源交易：专家抽中次数预警（次）",
        6,
        2,
        100,
        "同一专家在预警窗口内被抽中达到该次数的，提示监察",
    ),
    ParamSpec(
        EXPERT_WINDOW_DAYS,
        "公共资源交易：专家抽中次数预警窗口（日）",
        90,
        1,
        3650,
        "统计专家被抽中次数的时间窗口",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
