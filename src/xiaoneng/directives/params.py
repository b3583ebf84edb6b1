"""The parameters of directives and requests (督查督办、请示办理).

`system.params.REGISTRY` is where every configurable number lives; these
specs are added to it when this module is imported (by the app's `ready`
and by the data migration 0002, which stores them with
`system.seeding.add_parameters`). Parameters are whole numbers, so the limit
of a request is one parameter per kind rather than a JSON map:

- `directive.warning_days` (3): a directive task's light turns yellow when
  this many working days or fewer are left before its due day.
- `request.limit_days` (10): the answer limit of an ordinary request (一般请示),
  in working days from the day it is submitted;
  `request.limit_days.urgent` (3) for 紧急请示,
  `request.limit_days.policy` (15) for 政策性请示 (needs study or
  consultation). A kind without its own parameter uses `request.limit_days`.
- `request.max_transfers` (2): a request passed on more often than this is
  a supervision anomaly (推诿扯皮, seed art. 8).
"""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

WARNING_DAYS = "directive.warning_days"
LIMIT_DAYS = "request.limit_days"
MAX_TRANSFERS = "request.max_transfers"

SPECS = (
    ParamSpec(
        WARNING_DAYS,
        "督查督办：预警阈值（剩余工作日）",
        3,
        0,
        20,
        "督办事项剩余工作日小于等于该值时亮黄灯",
    ),
    ParamSpec(
        LIMIT_DAYS,
        "请示：一般请示答复时限（工作日）",
        10,
        1,
        60,
        "自报送之日起计算；转办不重新计时",
    ),
    ParamSpec(
        f"{LIMIT_DAYS}.urgent",
        "请示：紧急请示答复时限（工作日）",
        3,
        1,
        30,
        "自报送之日起计算；转办不重新计时",
    ),
    ParamSpec(
        f"{LIMIT_DAYS}.policy",
        "请示：政策性请示答复时限（工作日）",
        15,
        1,
        60,
        "需研究或会商的政策性请示；自报送之日起计算，转办不重新计时",
    ),
    ParamSpec(
        MAX_TRANSFERS,
        "请示：转办次数上限",
        2,
        1,
        10,
        "同一请示转办超过该次数的，列为推诿扯皮异常",
    ),
)
KEYS = [spec.key for spec in SPECS]

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)


def limit_key(kind: str) -> str:
    """The parameter holding the answer limit of a request kind."""
    key = f"{LIMIT_DAYS}.{kind}"
    return key if key in REGISTRY else LIMIT_DAYS
