"""The audit event types and error codes of proactive disclosure (主动公开), declared once."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "openinfo.item_registered": "登记主动公开信息",
    "openinfo.item_published": "发布主动公开信息",
    "openinfo.item_repealed": "废止规范性文件",
    "openinfo.item_revised": "登记主动公开信息变更",
    "openinfo.items_swept": "检查主动公开时限",
    "openinfo.review_registered": "登记政府信息公开行政复议、行政诉讼",
    "openinfo.review_decided": "登记政府信息公开行政复议、行政诉讼结果",
    "openinfo.report_generated": "生成政府信息公开工作年度报告",
    "openinfo.report_published": "公开政府信息公开工作年度报告",
}

ERRORS: dict[str, str] = {
    "openinfo_department_invalid": "单位不正确或不在本人范围内",
    "openinfo_item_not_found": "主动公开信息不存在或无权查看",
    "openinfo_item_published": "该信息已公开",
    "openinfo_category_invalid": "目录类别不正确",
    "openinfo_title_required": "请填写信息名称",
    "openinfo_body_required": "请填写信息内容",
    "openinfo_formed_on_invalid": "形成或变更日期不正确（不能晚于今天）",
    "openinfo_interpretation_invalid": "政策解读应关联本单位的规范性文件",
    "openinfo_interprets_unexpected": "只有政策解读可以关联规范性文件",
    "openinfo_repeal_invalid": "只有已公开且现行有效的规章、规范性文件可以废止",
    "openinfo_review_kind_invalid": "复议、诉讼类别不正确",
    "openinfo_review_result_invalid": "复议、诉讼结果不正确",
    "openinfo_review_number_required": "请填写案号",
    "openinfo_review_number_exists": "该案号已登记",
    "openinfo_review_subject_required": "请填写案由",
    "openinfo_review_date_invalid": "日期不正确",
    "openinfo_review_not_found": "复议、诉讼记录不存在",
    "openinfo_review_decided": "该复议、诉讼已登记结果",
    "openinfo_report_published": "该年度报告已公开，公开后不再重新生成或重复公开",
    "openinfo_interpretation_before_document": "所解读的规范性文件尚未公开，请先公开文件",
    "openinfo_revise_invalid": "只有已公开且未废止的信息可以登记变更",
    "openinfo_changed_on_invalid": "变更日期不正确（不早于公开日期，不晚于今天）",
    "openinfo_year_invalid": "年度不正确（应为已结束的年度）",
    "openinfo_report_not_found": "年度报告不存在或尚未生成",
}

register_events("openinfo", EVENTS)
register_errors("openinfo", ERRORS)
