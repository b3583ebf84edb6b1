"""The parameters of daily government work, added to the house registry.
The numbers the seed leaves to the city (how many documents a unit may
send, how long they may be, how soon a roster is due, how fast a leader
must reach the scene) are here; the clocks are in
`core.clock.procedures.office`."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

DISPATCH_CAP = "office.dispatch_cap_per_year"
DISPATCH_MAX_CHARS = "office.dispatch_max_chars"
ROSTER_DUE_WORKDAYS = "office.roster_due_workdays"
ROSTER_REMIND_DAYS = "office.roster_remind_days"
ARRIVAL_MINUTES_I = "office.arrival_minutes_1"
ARRIVAL_MINUTES_II = "office.arrival_minutes_2"
ARRIVAL_MINUTES_III = "office.arrival_minutes_3"
ARRIVAL_MINUTES_IV = "office.arrival_minutes_4"
VISIT_ISSUE_DAYS = "office.visit_issue_workdays"

SPECS = (
    ParamSpec(
        DISPATCH_CAP,
        "文风：单位年度发文控制数（件）",
        60,
        1,
        10000,
        "单位当年印发公文超过该数时提示发文单位和政府办公室（少发文）",
    ),
    ParamSpec(
        DISPATCH_MAX_CHARS,
        "文风：公文正文控制字数（字）",
        5000,
        500,
        100000,
        "正文超过该字数的公文在签发时提示精简（发短文）",
    ),
    ParamSpec(
        ROSTER_DUE_WORKDAYS,
        "值班：节假日值班表报送期限（节前第几个工作日）",
        3,
        1,
        20,
        "各单位须在节假日首日前该数目的工作日报送值班表",
    ),
    ParamSpec(
        ROSTER_REMIND_DAYS,
        "值班：值班表报送提醒（截止前几日开始）",
        7,
        1,
        60,
        "截止日前该天数内每日提醒尚未报送值班表的单位",
    ),
    ParamSpec(
        ARRIVAL_MINUTES_I,
        "突发事件：Ⅰ级事件到场时限（分钟）",
        60,
        5,
        1440,
        "特别重大突发事件，相关领导和人员自接到通知起应在该时限内到达现场",
    ),
    ParamSpec(
        ARRIVAL_MINUTES_II,
        "突发事件：Ⅱ级事件到场时限（分钟）",
        60,
        5,
        1440,
        "重大突发事件，相关领导和人员自接到通知起应在该时限内到达现场",
    ),
    ParamSpec(
        ARRIVAL_MINUTES_III,
        "突发事件：Ⅲ级事件到场时限（分钟）",
        90,
        5,
        1440,
        "较大突发事件，相关领导和人员自接到通知起应在该时限内到达现场",
    ),
    ParamSpec(
        ARRIVAL_MINUTES_IV,
        "突发事件：Ⅳ级事件到场时限（分钟）",
        120,
        5,
        1440,
        "一般突发事件，相关领导和人员自接到通知起应在该时限内到达现场",
    ),
    ParamSpec(
        VISIT_ISSUE_DAYS,
        "一线工作：调研发现问题默认办理期限（工作日）",
        15,
        1,
        120,
        "领导下基层调研、联村联户发现的问题交办后默认的办理期限",
    ),
)

ARRIVAL_BY_GRADE = {
    "1": ARRIVAL_MINUTES_I,
    "2": ARRIVAL_MINUTES_II,
    "3": ARRIVAL_MINUTES_III,
    "4": ARRIVAL_MINUTES_IV,
}

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
