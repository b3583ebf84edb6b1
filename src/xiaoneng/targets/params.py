"""The parameters of target responsibility, added to the house registry.

They belong in `system.params.REGISTRY` with the others; until the
registry lists them this module adds them (`setdefault`: a later entry
there wins), so `get_param` and the data migration know them."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

WARNING_DAYS = "target.warning_days"
REPORT_DAY = "target.report_day"

SPECS = (
    ParamSpec(
        WARNING_DAYS,
        "目标责任：节点预警阈值（剩余工作日）",
        5,
        0,
        30,
        "任务节点或完成时限剩余工作日小于等于该值时亮黄灯",
    ),
    ParamSpec(
        REPORT_DAY,
        "目标责任：月度进度报送时限（次月第几个工作日）",
        5,
        1,
        20,
        "责任单位报送某月进度的时限为次月的第几个工作日，逾期报送记为迟报",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
