"""The enforcement procedure's parameters, added to the house registry.

Defaults and their sources (行政处罚法 2021 unless named):
- 立案: 15 working days from the clue to decide whether to register, once
  extendable by 15 (市场监督管理行政处罚程序规定 art. 18, the State's rule
  the city follows for every body).
- 较大数额罚款 (the hearing right, art. 63): natural persons from 10,000
  yuan, organisations from 100,000 (市场监督管理行政处罚听证办法 art. 5);
  a province may set lower figures, hence parameters.
- 执法决定公示: 7 working days from the decision (国办发〔2018〕118号).
- 乱罚款 pattern: this many penalties on one party within the window."""

from __future__ import annotations

from xiaoneng.system.params import REGISTRY, ParamSpec

REGISTER_WORKDAYS = "enforcement.register_workdays"
HEARING_FINE_PERSON = "enforcement.hearing_fine_person"
HEARING_FINE_ORGANISATION = "enforcement.hearing_fine_organisation"
PUBLISH_WORKDAYS = "enforcement.publish_workdays"
REPEAT_PENALTIES = "enforcement.repeat_penalties"
REPEAT_WINDOW_DAYS = "enforcement.repeat_window_days"

SPECS = (
    ParamSpec(
        REGISTER_WORKDAYS,
        "行政执法：核查线索、决定是否立案的期限（工作日）",
        15,
        1,
        60,
        "自发现线索或者收到材料之日起该工作日数内决定是否立案；经负责人批准可延长一次，同样日数",
    ),
    ParamSpec(
        HEARING_FINE_PERSON,
        "行政执法：对自然人较大数额罚款（元，可要求听证）",
        10000,
        1,
        10_000_000,
        "对自然人处以该数额以上罚款的，当事人有权要求听证（行政处罚法第六十三条）",
    ),
    ParamSpec(
        HEARING_FINE_ORGANISATION,
        "行政执法：对法人或其他组织较大数额罚款（元，可要求听证）",
        100000,
        1,
        100_000_000,
        "对法人或者其他组织处以该数额以上罚款的，当事人有权要求听证",
    ),
    ParamSpec(
        PUBLISH_WORKDAYS,
        "行政执法：处罚决定公示期限（工作日）",
        7,
        1,
        60,
        "行政处罚决定自作出之日起该工作日数内向社会公开（国办发〔2018〕118号）",
    ),
    ParamSpec(
        REPEAT_PENALTIES,
        "行政执法：同一当事人短期内处罚次数预警（次）",
        3,
        2,
        100,
        "同一当事人在预警窗口内被处罚达到该次数的，提示可能存在乱罚款",
    ),
    ParamSpec(
        REPEAT_WINDOW_DAYS,
        "行政执法：同一当事人处罚次数预警窗口（日）",
        90,
        1,
        3650,
        "统计同一当事人处罚次数的时间窗口",
    ),
)

for _spec in SPECS:
    REGISTRY.setdefault(_spec.key, _spec)
