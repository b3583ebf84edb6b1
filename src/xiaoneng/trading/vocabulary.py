"""The audit event types and error codes of public resource trading (公共资源交易), declared once.

Events are `trading.*`, error codes `trading_*`; each part of the app keeps
its own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- common
    # --- projects: registration, announcement, documents, clarifications, venues
    # --- bids: submission, withdrawal, opening, decryption
    "trading.bid_decrypted": "投标人解密投标文件",
    "trading.bid_decrypted_at_venue": "交易中心代为录入投标人现场提供的解密码",
    "trading.bid_submitted": "递交投标文件（加密）",
    "trading.bid_withdrawn": "撤回投标文件",
    "trading.opening_closed": "开标结束，公布开标记录",
    "trading.opening_failed": "投标人不足，不予开标（流标）",
    "trading.opening_started": "开标，投标人开始解密",
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
    "trading_bid_code_invalid": "解密码格式不正确",
    "trading_bid_code_wrong": "解密码不正确",
    "trading_bid_late": "已过投标截止时间，不再接收投标",
    "trading_bid_not_found": "投标不存在或无权查看",
    "trading_bid_not_sealed": "该投标已撤回、已被替代或已解密",
    "trading_bid_period_invalid": "工期或交货期应为 1 至 3650 日",
    "trading_bid_price_invalid": "投标报价应为大于零的金额（元，最多两位小数）",
    "trading_bid_summary_required": "请填写投标文件摘要",
    "trading_bid_withdrawn": "本轮已撤回投标的，不得再次投标",
    "trading_decrypt_window_closed": "解密时限已过",
    "trading_opening_not_running": "本轮不在开标解密阶段",
    "trading_opening_pending": "尚有投标未解密且解密时限未到",
    "trading_opening_too_early": "投标截止时间未到，不得开标",
    "trading_round_not_found": "招标轮次不存在或无权查看",
    "trading_round_not_open": "本轮不在接受投标阶段",
    # --- evaluation
    # --- awards
    # --- ocds
}

register_events("trading", EVENTS)
register_errors("trading", ERRORS)
