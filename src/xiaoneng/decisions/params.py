"""The decision procedure's parameters, added to the house registry.

- 征求意见期限: at least 30 days (条例 art. 16) unless a shorter period is
  justified and the reason published with the draft.
- 合法性审查期限: the review must be allowed at least 7 working days.
- 决策后评估: scheduled this many days after publication (default 365)."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

COMMENT_DAYS = "decision.comment_days"
REVIEW_WORKDAYS = "decision.review_workdays"
EVALUATION_DAYS = "decision.evaluation_days"
COMMENT_PER_MINUTE = "decision.comment_per_minute"

SPECS = (
    ParamSpec(
        COMMENT_DAYS,
        "重大行政决策：征求意见最短期限（日）",
        30,
        1,
        365,
        "公开征求意见的期限一般不少于该日数；少于该日数的须说明理由并随草案一并公布",
    ),
    ParamSpec(
        REVIEW_WORKDAYS,
        "重大行政决策：合法性审查最短时间（工作日）",
        7,
        1,
        60,
        "送请合法性审查，应当保证法制机构有不少于该工作日数的审查时间",
    ),
    ParamSpec(
        EVALUATION_DAYS,
        "重大行政决策：决策后评估期限（日）",
        365,
        30,
        3650,
        "决策公布后该日数内开展决策后评估",
    ),
    ParamSpec(
        COMMENT_PER_MINUTE,
        "重大行政决策：公众意见提交频率上限（次/分钟·IP）",
        10,
        0,
        1000,
        "同一来源每分钟提交意见的次数上限；0 表示不限",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
