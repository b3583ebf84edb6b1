"""The score's weights, read from the system parameters (系统管理 → 参数设置,
keys `score.*`): every change is validated and audited by `set_parameter`."""

from __future__ import annotations

from dataclasses import asdict, fields

from xiaoneng.system.params import get_param

from .formula import Weights


def current_weights() -> Weights:
    return Weights(**{f.name: get_param(f"score.{f.name}") for f in fields(Weights)})


def weights_dict(weights: Weights) -> dict[str, int]:
    return asdict(weights)


def describe(w: Weights) -> list[str]:
    """The rules in words, for the pages and the bulletin."""
    lines = [
        f"基础分 {w.base} 分",
        f"每张黄牌扣 {w.yellow_card} 分，每张红牌扣 {w.red_card} 分",
        f"当月每满 {w.warnings_per_step} 次预警扣 {w.warning_step} 分",
        f"提前办结率每满 {w.early_step_pct}% 加 {w.early_bonus} 分",
    ]
    if w.overdue_case:
        lines.append(f"每件超期办件扣 {w.overdue_case} 分")
    if w.complaint:
        lines.append(f"每件属实投诉扣 {w.complaint} 分")
    lines.append("受到问责的，按问责方式扣分（诫勉谈话、通报批评等，扣分标准见问责方式设置）")
    lines.append(f"月度得分最低 {w.floor} 分；半年、年度得分为各月得分的平均值")
    return lines
