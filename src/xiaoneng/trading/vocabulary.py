"""The audit event types and error codes of public resource trading (公共资源交易), declared once.

Events are `trading.*`, error codes `trading_*`; each part of the app keeps
its own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- common
    # --- projects: registration, announcement, documents, clarifications, venues
    "trading.booking_cancelled": "取消场地预约",
    "trading.deadline_changed": "变更投标截止时间",
    "trading.project_accepted": "受理进场登记",
    "trading.project_announced": "发布招标公告和招标文件",
    "trading.project_clarified": "发布澄清或修改",
    "trading.project_registered": "项目进场登记",
    "trading.project_rejected": "退回进场登记",
    "trading.project_terminated": "终止招标",
    "trading.venue_booked": "预约交易场地",
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
    "trading.award_made": "定标（发出中标通知）",
    "trading.candidates_published": "公示中标候选人",
    "trading.complaint_decided": "作出投诉处理决定",
    "trading.complaint_filed": "提出投诉",
    "trading.contract_signed": "登记合同签订",
    "trading.objection_answered": "答复异议（质疑）",
    "trading.objection_raised": "提出异议（质疑）",
    "trading.project_resumed": "恢复项目交易",
    "trading.project_suspended": "暂停项目交易",
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
    "trading_agency_not_entrusted": "招标人未委托本代理机构，不能代为进场登记",
    "trading_agency_not_yours": "不是本账号所属的招标代理机构",
    "trading_announcement_required": "请填写招标公告正文",
    "trading_approval_required": "请填写立项或批准文件",
    "trading_booking_cancelled": "该场地预约已取消",
    "trading_booking_in_past": "预约开始时间不能早于现在",
    "trading_booking_not_found": "场地预约不存在",
    "trading_booking_times_invalid": "预约时间不正确（结束时间应晚于开始时间）",
    "trading_clarification_required": "请填写澄清或修改内容",
    "trading_clarification_too_late": "距投标截止不足十五日，澄清或修改须顺延投标截止时间",
    "trading_criteria_invalid": "评标办法不正确",
    "trading_criteria_not_for_kind": "评标办法不适用于该交易类别",
    "trading_deadline_invalid": "投标截止时间不正确",
    "trading_deadline_not_later": "投标截止时间只能延后，不能提前",
    "trading_deadline_passed": "投标截止时间已过",
    "trading_description_required": "请填写项目概况",
    "trading_documents_from_past": "招标文件发出日期不能早于今天",
    "trading_documents_required": "请填写招标文件内容",
    "trading_estimate_invalid": "估算价不正确",
    "trading_field_invalid": "填写的内容不正确",
    "trading_kind_invalid": "交易类别不正确",
    "trading_kind_unregulated": "该交易类别尚未明确行业监管部门，不能进场交易",
    "trading_reason_required": "请填写理由",
    "trading_round_exists": "本轮招标已公告",
    "trading_round_not_found": "招标轮次不存在或无权查看",
    "trading_round_not_open": "本轮招标不在接受投标阶段",
    "trading_speciality_invalid": "评标专业不正确",
    "trading_tenderer_invalid": "招标人不正确",
    "trading_title_required": "请填写项目名称",
    "trading_venue_not_found": "交易场地不存在或不可用",
    "trading_venue_purpose_mismatch": "场地类型与预约用途不符",
    "trading_venue_taken": "该场地在此时段已被预约",
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
    "trading_already_suspended": "项目已处于暂停状态",
    "trading_award_exists": "本轮已经定标",
    "trading_award_input_invalid": "填写的内容不正确",
    "trading_award_not_candidate": "中标人须为公示的中标候选人",
    "trading_award_not_found": "中标结果不存在或无权查看",
    "trading_award_reason_required": "未确定排名第一的中标候选人或异议成立的，须说明定标理由",
    "trading_candidates_missing": "评标委员会未推荐中标候选人",
    "trading_candidates_not_published": "中标候选人尚未公示",
    "trading_candidates_published": "中标候选人已经公示",
    "trading_challenge_first": "政府采购投诉须先依法提出质疑",
    "trading_challenge_reply_pending": "质疑答复期限未届满，尚不能投诉",
    "trading_complaint_decided": "投诉已经处理",
    "trading_complaint_late": "已超过投诉期限",
    "trading_complaint_not_found": "投诉不存在或无权查看",
    "trading_contract_date_invalid": "合同签订日期不正确",
    "trading_contract_exists": "合同已经登记",
    "trading_contract_value_differs": "合同金额与中标金额不一致",
    "trading_not_a_bidder": "不是本轮（本项目）的投标人",
    "trading_not_suspended": "项目未被暂停",
    "trading_objection_answered": "异议（质疑）已经答复",
    "trading_objection_correction_required": "异议（质疑）成立的，须写明纠正措施",
    "trading_objection_known_invalid": "知道或应当知道之日不正确",
    "trading_objection_late": "已超过提出异议（质疑）的期限",
    "trading_objection_not_found": "异议（质疑）不存在或无权查看",
    "trading_objection_pending": "有未答复的异议（质疑），暂停定标",
    "trading_publicity_running": "中标候选人公示期未满，不得定标",
    # --- ocds
    "trading_ocds_record_not_found": "没有该项目的 OCDS 发布",
}

register_events("trading", EVENTS)
register_errors("trading", ERRORS)
