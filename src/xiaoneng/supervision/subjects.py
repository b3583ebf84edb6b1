"""Subjects of supervision that are not cases (domain rules §11, seed art. 8,
14, 15): a target task, a directive task, a request (请示). The apps that own
them sit above supervision in the layers, so they hand supervision a
`Subject` (what it is, its unit, its page) instead of supervision reading
their tables; orders, anomalies and cards keep a copy of it (`SubjectFields`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# kind → what the desks call it
SUBJECT_KINDS: dict[str, str] = {
    "target_task": "目标任务",
    "directive_task": "督办事项",
    "request": "请示",
    "fee_charge": "收费",
    "fee_reconciliation": "收费对账",
    "inspection": "检查评比观摩",
    "reception": "公务接待",
    "vehicle": "公务用车",
    "trip": "因公出国（境）",
    "decision": "重大行政决策",
    "disclosure_item": "主动公开信息",
    "penalty_case": "行政处罚案件",
    "penalty_attempt": "被拒绝的执法行为（未成案）",
    "trading_project": "公共资源交易项目",
    "dispatch": "公文",
    "report_due": "报送事项",
    "meeting": "会议",
    "duty_roster": "节假日值班",
    "leave": "离张请假",
    "emergency": "突发事件",
    "visit_issue": "调研发现问题",
}

# the short codes of the missed steps (`Overdue.step`) → what a card says
SUBJECT_STEPS: dict[str, str] = {
    "milestone": "节点",
    "report": "进度报送",
    "deadline": "完成时限",
    "answer": "答复",
    # 行政执法 (enforcement/supervise.py)
    "register": "立案",
    "decision": "处罚决定",
    "service": "决定书送达",
    "publish": "处罚决定公示",
    "handover": "当场收缴罚款交至行政机关",
    "bank": "当场收缴罚款缴付银行",
    # 公共资源交易 (trading/supervise.py)
    "objection_reply": "异议（质疑）答复",
    "complaint": "投诉处理决定",  # ≤ 16 characters: SubjectCard.step
    "contract": "签订合同",
    # 文风会风、值班请假、一线工作 (office/sweeps/)
    "submit": "报送",
    "roster": "值班表报送",
    "return": "销假",
    "follow_up": "调研问题办理",
}

TITLE_LENGTH = 200
URL_LENGTH = 300


@dataclass(frozen=True, slots=True)
class Subject:
    kind: str  # a key of SUBJECT_KINDS
    ref: int  # the row's pk in its own app
    title: str  # ≤ 200 chars, shown on the supervision desk
    url: str  # the row's page
    department_id: int  # the responsible unit

    def fields(self) -> dict[str, object]:
        """The `SubjectFields` columns of a row about this subject."""
        return {
            "subject_kind": self.kind,
            "subject_ref": self.ref,
            "subject_title": self.title[:TITLE_LENGTH],
            "subject_url": self.url[:URL_LENGTH],
        }

    @property
    def kind_label(self) -> str:
        return SUBJECT_KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Overdue:
    subject: Subject
    step: str  # a key of SUBJECT_STEPS
    due_on: date


def step_label(step: str) -> str:
    return SUBJECT_STEPS.get(step, step)
