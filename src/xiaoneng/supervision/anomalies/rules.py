"""What counts as an anomaly (domain rules §3), as data: each rule as it is
checked, the step keys and their labels, and the refusal codes whose
attempt is itself an anomaly. `docs/decisions.md` ("Supervision") says why."""

from __future__ import annotations

from dataclasses import dataclass

from xiaoneng.supervision.models import AnomalyKind

BACKDATE_WORKDAYS = 3  # an event entered more than this after its date was not handled here


@dataclass(frozen=True)
class Rule:
    kind: AnomalyKind
    definition: str
    applicable: bool = True
    note: str = ""


RULES: tuple[Rule, ...] = (
    Rule(
        AnomalyKind.OVERDUE_CASE,
        "办结期限（受理日起承诺时限 + 批准延期 + 特别程序）已过仍未作出决定，"
        "或作出决定之日晚于办结期限。",
    ),
    Rule(
        AnomalyKind.LATE_STEP,
        "环节超时：会签部门出具意见晚于意见期限或逾期未出具；一次性告知晚于收件后 5 个工作日；"
        "补正后 5 个工作日内未受理；决定后 10 个工作日内未送达。办件整体仍在期限内也记录。",
    ),
    Rule(
        AnomalyKind.MISSED_NOTICE,
        "收件后 5 个工作日内既未一次性告知也未作出受理决定，依法视为受理（办件“视为受理”）。",
    ),
    Rule(
        AnomalyKind.SECOND_NOTICE,
        "已发出一次性告知后再次尝试发出补正告知（系统拒绝，尝试本身记入审计链）。",
    ),
    Rule(
        AnomalyKind.REFUSAL_WITHOUT_REASON,
        "尝试不予受理而未说明理由（系统拒绝并记录）；或办件记录中不予受理环节没有理由。",
    ),
    Rule(
        AnomalyKind.FEE_OUTSIDE_CATALOG,
        "办件收费不在收费目录中、收费之日不在目录的有效期内（含已取消）、所办事项不收费，"
        "或高于目录标准的下限而未经批准（收费记录核对当日有效的收费目录）。",
    ),
    Rule(
        AnomalyKind.OUTSIDE_SYSTEM,
        "未在系统内办理：已作出决定或送达而没有受理环节（也非视为受理）；环节日期前后颠倒"
        "或首个环节不是收件；环节没有对应的审计链记录；环节在其日期 3 个工作日以后才录入。",
    ),
    Rule(
        AnomalyKind.SHUFFLED,
        "推诿扯皮：下级请示在部门之间转办的次数超过参数“请示：转办次数上限”"
        "（系统管理 → 参数设置，默认 2 次），"
        "由请示的转办记录发现（督查督办）。",
    ),
    Rule(
        AnomalyKind.FEE_UNREMITTED,
        "月度收费对账：部门当月实收（收费减退费）与财政部门登记的缴库金额不一致，"
        "收费应全额缴入财政专户、纳入预算管理，不得由部门留存。",
    ),
    Rule(
        AnomalyKind.INSPECTION_UNAPPROVED,
        "检查、评比、观摩、考察调研活动未经组织单位的市分管领导批准即开展，"
        "或开展后才补登记；企业报告的未经批准的检查经核实也记入。",
    ),
    Rule(
        AnomalyKind.INSPECTION_OVERRUN,
        "涉企检查超出批准的检查事项、对象或起止日期（企业报告或检查记录显示）。",
    ),
    Rule(
        AnomalyKind.LEADER_ACCOMPANIED,
        "县区领导陪同市直部门的检查、考察（陪同人员记录在活动上）。",
    ),
    Rule(
        AnomalyKind.RECEPTION_OVER_STANDARD,
        "公务接待的用餐或住宿人均费用超过参数设定的标准，或陪餐人数超过规定。",
    ),
    Rule(
        AnomalyKind.RECEPTION_NO_LETTER,
        "公务接待没有派出单位的公函。",
    ),
    Rule(
        AnomalyKind.RECEPTION_ALCOHOL,
        "工作日公务接待饮酒，且接待对象既非上级机关也非市外来宾。",
    ),
    Rule(
        AnomalyKind.VEHICLE_UNAPPROVED,
        "公务用车登记入册时没有经批准的购置申请（只有紧急需要、说明理由并经批准方可新购）。",
    ),
    Rule(
        AnomalyKind.DECISION_OUT_OF_ORDER,
        "重大行政决策在公众参与、专家论证、风险评估、合法性审查、集体讨论决定五个法定程序"
        "未依次完成前尝试进入下一环节或作出决定（系统拒绝并指明缺少的环节，尝试本身记录）。",
    ),
    Rule(
        AnomalyKind.DISCLOSURE_LATE,
        "属于主动公开范围的政府信息未在形成或变更之日起 20 个工作日内公开"
        "（《政府信息公开条例》第二十六条）。",
    ),
    Rule(
        AnomalyKind.FINE_OUTSIDE_BENCHMARK,
        "处罚决定的罚款超出该违法行为裁量基准所定阶次的幅度，且未记录理由、未经法制审核。",
    ),
    Rule(
        AnomalyKind.FINE_NOT_REMITTED,
        "处罚决定的罚款已登记缴纳，却没有相应的银行代收或缴付银行记录"
        "（罚缴分离，《行政处罚法》第六十七条、第七十一条）。",
    ),
    Rule(
        AnomalyKind.OFFICER_UNCERTIFIED,
        "执法人员在执法证件过期、注销或未取得执法证件时实施执法行为（系统拒绝，尝试本身记录）。",
    ),
    Rule(
        AnomalyKind.OFFICER_ALONE,
        "现场检查、调查取证或当场处罚的执法人员少于两人（《行政处罚法》第四十二条、第五十五条）。",
    ),
    Rule(
        AnomalyKind.DECIDED_BEFORE_DEFENCE,
        "在陈述、申辩和要求听证的期限届满前，或听证结束前作出行政处罚决定"
        "（《行政处罚法》第六十二条、第六十四条）。",
    ),
    Rule(
        AnomalyKind.REPEATED_PENALTIES,
        "同一当事人在较短期间内被同一执法机关多次处罚，可能存在乱罚款（市政府张政发〔2012〕20号第四条）。",
    ),
    Rule(
        AnomalyKind.SINGLE_BID,
        "交易仅有一家投标人（竞买人）或仅一家有效投标即成交，竞争不充分"
        "（开放合同数据标准采购风险指标：单一投标）。",
    ),
    Rule(
        AnomalyKind.SHORT_TENDER_PERIOD,
        "投标截止时间定在法定最短期限当日，潜在投标人准备时间仅为法律底线（招标投标法第二十四条）。",
    ),
    Rule(
        AnomalyKind.REPEAT_WINNER,
        "同一中标人在预警窗口内多次中标同一招标人的项目，可能存在围标串标或指定中标人。",
    ),
    Rule(
        AnomalyKind.AWARD_OFF_ESTIMATE,
        "中标金额高于或低于估算价（采购预算、出让底价）超过预警比例。",
    ),
    Rule(
        AnomalyKind.EXPERT_OVERUSED,
        "同一评标专家在预警窗口内被抽中次数过多，随机抽取可能失真。",
    ),
    Rule(
        AnomalyKind.LATE_CONTRACT,
        "自中标通知书发出之日起三十日内未订立书面合同（招标投标法第四十六条、政府采购法第四十六条）。",
    ),
    # 文风会风、值班请假、一线工作 (office/): found by the owning actions and sweeps.
    Rule(
        AnomalyKind.DISPATCH_OVER_CAP,
        "单位当年印发公文超过年度发文控制数（少发文，市政府意见第十一条）。",
    ),
    Rule(
        AnomalyKind.DISPATCH_TOO_LONG,
        "公文正文超过控制字数（发短文）：签发时提示精简，不计入考核。",
    ),
    Rule(
        AnomalyKind.REPORT_LATE,
        "政务信息、工作月报、统计报表等超过报送日历规定的截止日期报送或未报送。",
    ),
    Rule(
        AnomalyKind.MEETING_SUBSTITUTE,
        "参会单位未经会议召集单位事先批准请假，派人代会（市政府意见第十一条）。",
    ),
    Rule(
        AnomalyKind.MEETING_ABSENT,
        "参会单位未经请假缺席会议（市政府意见第十一条）。",
    ),
    Rule(
        AnomalyKind.DUTY_ABSENT,
        "节假日查岗发现值班人员脱岗、电话无人接听或非排班人员值班（市政府意见第十二条）。",
    ),
    Rule(
        AnomalyKind.LEAVE_UNAPPROVED,
        "县区、部门主要负责人离开张掖未事先请假获批（事后补报或离张后才获批）。",
    ),
    Rule(
        AnomalyKind.LATE_ARRIVAL,
        "突发事件发生后，分管领导、主管部门负责人或值班人员未在规定时限内到达现场（一线工作法，第九条）。",
    ),
)
RULE_OF: dict[str, Rule] = {rule.kind.value: rule for rule in RULES}

# Step keys of OUTSIDE_SYSTEM, and their labels (the others are supervision Steps).
STEP_LABELS: dict[str, str] = {
    "notice": "受理（一次性告知）",
    "acceptance": "补正后受理",
    "decision": "办结",
    "delivery": "送达",
    "refusal": "不予受理",
    "no_acceptance": "无受理环节",
    "out_of_order": "环节顺序",
    "unaudited": "无审计记录",
    "backdated": "事后补录",
}


def step_label(step: str) -> str:
    if step.startswith("opinion:"):
        return "会签意见"
    return STEP_LABELS.get(step, step or "—")


# The refusal codes whose attempt is an anomaly: code → (kind, step).
REFUSED_ATTEMPTS: dict[str, tuple[AnomalyKind, str]] = {
    "supplement_notice_already_issued": (AnomalyKind.SECOND_NOTICE, "notice"),
    "refusal_reason_required": (AnomalyKind.REFUSAL_WITHOUT_REASON, "refusal"),
}
