"""The audit event types and error codes of complaints (效能投诉), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

# The steps of a complaint (ComplaintEvent.kind) and how the pages name them.
EVENT_WORDS: dict[str, str] = {
    "received": "收到投诉",
    "accepted": "受理",
    "assigned": "分派承办人",
    "declined": "不予受理",
    "transferred": "转办",
    "merged": "合并至其他投诉",
    "merged_in": "合并重复投诉",
    "explanation_requested": "要求被投诉单位说明情况",
    "explained": "被投诉单位说明情况",
    "extension_requested": "申请延长办理期限",
    "extended": "延长办理期限",
    "concluded": "办结并答复",
    "callback": "回访",
    "rated": "投诉人评价",
    "reexam_requested": "申请复查",
    "reexamined": "复查办结",
}

EVENTS: dict[str, str] = {
    **{f"complaint.{kind}": words for kind, words in EVENT_WORDS.items()},
    "complaint.key_issued": "为外部系统签发 API 密钥",
    "complaint.key_revoked": "吊销外部系统的 api_key",
    "complaint.cards_issued": "投诉超期亮牌（黄牌、红牌）",
}

ERRORS: dict[str, str] = {
    "complaint_already_rated": "已经评价过",
    "complaint_attachments_too_large": "附件合计过大",
    "complaint_callback_note_required": "请填写回访情况",
    "complaint_case_unknown": "办件编号不存在",
    "complaint_category_invalid": "投诉类型不正确",
    "complaint_channel_invalid": "投诉渠道不正确",
    "complaint_closed": "投诉已办结，不能再办理",
    "complaint_contact_required": "请留下联系电话或通信地址",
    "complaint_department_invalid": "请选择被投诉单位",
    "complaint_description_required": "请填写投诉内容",
    "complaint_explanation_pending": "已要求说明情况，尚未收到说明",
    "complaint_explanation_required": "请填写说明",
    "complaint_extension_days_invalid": "延长天数不正确",
    "complaint_extension_granted": "延长办理期限只能批准一次",
    "complaint_extension_pending": "已申请延期，待负责人批准",
    "complaint_findings_required": "请填写调查核实情况",
    "complaint_handler_invalid": "承办人须为投诉中心工作人员",
    "complaint_id_no_invalid": "证件号码不正确",
    "complaint_key_revoked": "api_key 已吊销",
    "complaint_location_invalid": "经纬度不正确",
    "complaint_merge_invalid": "不能合并",
    "complaint_name_required": "请填写投诉人姓名，或选择匿名投诉",
    "complaint_no_explanation_requested": "没有待说明的问题",
    "complaint_no_extension_requested": "没有待批准的延期申请",
    "complaint_not_duplicate": "只能合并同一投诉人对同一单位的重复投诉",
    "complaint_not_found": "投诉不存在或无权查看",
    "complaint_opinion_required": "请填写处理意见",
    "complaint_outcome_invalid": "处理结果不正确",
    "complaint_phone_invalid": "联系电话不正确",
    "complaint_questions_required": "请写明需要说明的问题",
    "complaint_reason_required": "请说明理由",
    "complaint_reexamination_too_late": "已超过申请复查的期限",
    "complaint_reexamination_used": "复查只能申请一次",
    "complaint_reply_required": "请填写答复内容",
    "complaint_satisfaction_invalid": "满意度不正确",
    "complaint_system_inactive": "外部系统已停用",
    "complaint_system_name_required": "请填写系统名称",
    "complaint_system_not_found": "外部系统不存在",
    "complaint_text_too_long": "内容超过长度上限",
    "complaint_title_required": "请填写投诉标题",
    "complaint_too_many_attachments": "附件过多",
    "complaint_transfer_body_required": "请填写转办机关",
    "complaint_wrong_status": "投诉当前状态不能进行此操作",
}

register_events("complaints", EVENTS)
register_errors("complaints", ERRORS)


def complaint_not_found(message: str = "投诉不存在或无权查看") -> NotFound:
    """A complaint that does not exist and one the actor may not see answer alike."""
    return NotFound(message, code="complaint_not_found")
