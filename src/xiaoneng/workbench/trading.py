"""What the trading roles must do today, on their workbench: each count links
to the desk where the work is (the centre's registrations to accept and
openings ahead, the runner's projects and objections to answer, the
regulator's complaints, the bidder's open tenders, the expert's committees)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.org.authority import has_perm
from xiaoneng.trading.selectors import awards, bids, evaluation, projects

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TITLES = {
    "trading_centre": "公共资源交易中心工作台",
    "trading_regulator": "行业监管工作台",
    "trading_tenderer": "招标人工作台",
    "trading_agency": "招标代理机构工作台",
    "bidder": "投标人工作台",
    "trading_expert": "评标专家工作台",
}
ROLES = tuple(TITLES)


def _kpi(label: str, value: int, unit: str, url_name: str) -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit, "url": reverse(url_name)}


def trading_kpis(actor: Actor) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if has_perm(actor, "trading.operate"):
        out.append(
            _kpi("待受理进场登记", projects.to_accept(actor).count(), "个", "trading:centre")
        )
        out.append(_kpi("近期开标", len(projects.openings(actor)), "场", "trading:centre"))
    if has_perm(actor, "trading.tender") or has_perm(actor, "trading.agency"):
        out.append(_kpi("在办交易项目", len(projects.runner_desk(actor)), "个", "trading:projects"))
        waiting = len(awards.objections_to_answer(actor))
        out.append(_kpi("待答复异议", waiting, "件", "trading:objections"))
    if has_perm(actor, "trading.regulate"):
        out.append(
            _kpi("待处理交易投诉", len(awards.complaint_rows(actor)), "件", "trading:complaints")
        )
        out.append(
            _kpi("被暂停项目", awards.suspended_projects(actor).count(), "个", "trading:regulator")
        )
    if has_perm(actor, "trading.bid"):
        party = bids.party_for(actor)
        out.append(_kpi("可投标项目", bids.open_rounds().count(), "个", "trading:bidder"))
        out.append(_kpi("我的投标", bids.bids_of(party).count(), "份", "trading:bidder"))
    if has_perm(actor, "trading.expert"):
        out.append(_kpi("待评标", len(evaluation.seats_of(actor)), "项", "trading:expert"))
    return out
