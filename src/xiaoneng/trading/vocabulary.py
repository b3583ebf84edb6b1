"""The audit event types and error codes of public resource trading (公共资源交易), declared once.

Events are `trading.*`, error codes `trading_*`; each part of the app keeps
its own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- common
    # --- projects: registration, announcement, documents, clarifications, venues
    # --- bids: submission, withdrawal, opening, decryption
    # --- evaluation: experts, draws, committee, scores, candidates
    # --- awards: publicity, objections, complaints, award, contract, red flags
    # --- ocds: releases
}

ERRORS: dict[str, str] = {
    # --- common
    "trading_project_not_found": "交易项目不存在或无权查看",
    "trading_project_suspended": "项目已被行业监管部门暂停",
    "trading_project_closed": "项目已签订合同或已终止，不得再改动",
    "trading_not_your_project": "不是本单位（本代理机构）的项目",
    "trading_party_required": "账号未关联交易主体",
    "trading_expert_required": "账号未关联评标专家",
    "trading_step_not_allowed": "项目当前状态不允许此操作",
    # --- clock (core.clock.procedures.tendering)
    "trading_tender_period_too_short": "自招标文件发出之日至投标截止不足法定期限",
    "trading_deadline_not_workday": "投标截止（开标）时间须在工作日",
    "trading_committee_too_small": "评标委员会成员不得少于五人",
    "trading_committee_even": "评标委员会成员应为单数",
    "trading_committee_experts_short": "评标专家不得少于成员总数的三分之二",
    # --- projects
    # --- bids
    # --- evaluation
    # --- awards
    # --- ocds
}

register_events("trading", EVENTS)
register_errors("trading", ERRORS)
