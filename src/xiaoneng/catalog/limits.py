"""Time limits that are law, as data (行政许可法第四十二条). The action
validation and the database constraints are both built from this table, so the
numbers live in one place.

- Single department: 20 working days unless another law sets its own limit;
  one extension of at most 10, approved by the head of the department.
- Joint, unified or centralised handling (第二十六条; 并联审批 is unified
  handling: one department accepts, the others give opinions, one decision):
  at most 45 working days; one extension of at most 15, approved by the head
  of the government. The 45 is a ceiling: ¶2 has no "another law" proviso.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LimitRule:
    legal_default: int
    legal_max: int | None  # None: another law may set a longer limit
    extension_max: int
    extension_approver: str
    basis: str


SINGLE = LimitRule(20, None, 10, "本行政机关负责人", "《中华人民共和国行政许可法》第四十二条第一款")
JOINT = LimitRule(
    45, 45, 15, "本级人民政府负责人", "《中华人民共和国行政许可法》第二十六条、第四十二条第二款"
)

# Keyed by `HandlingMode` values (plain strings: the models import this table).
LIMIT_RULES: dict[str, LimitRule] = {"single": SINGLE, "joint": JOINT, "parallel": JOINT}


def rule_for(mode: str) -> LimitRule:
    return LIMIT_RULES.get(mode, SINGLE)
