"""The audit event types and error codes of cases (审批办件), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "case.accepted": "受理",
    "case.attachment_added": "上传申请材料",
    "case.deadline_recomputed": "重算期限",
    "case.decided": "作出决定",
    "case.deemed_accepted": "逾期视为受理",
    "case.delivered": "送达",
    "case.extended": "延期",
    "case.extension_requested": "申请延期",
    "case.opinion_given": "出具会签意见",
    "case.received": "收件",
    "case.refused": "不予受理",
    "case.resumed": "恢复计时",
    "case.supplement_notice": "一次性告知补正",
    "case.supplemented": "申请人补正完毕",
    "case.suspended": "特别程序，中止计时",
    "case.withdrawn": "申请人撤回",
}

ERRORS: dict[str, str] = {
    "applicant_id_no_invalid": "证件号码不正确（居民身份证、统一社会信用代码按国家标准核对校验位）",
    "applicant_id_type_invalid": "证件类型不正确",
    "applicant_name_required": "请填写申请人",
    "attachment_case_closed": "办件已作出决定或已终止，不能再上传申请材料",
    "attachment_file_missing": "附件文件已不存在",
    "attachment_not_allowed": "只有申请人、其帮办代办员或本部门窗口工作人员可以上传申请材料",
    "attachment_not_found": "附件不存在或无权查看",
    "case_not_found": "办件不存在或无权查看",
    "case_version_conflict": "办件已被他人更新，请刷新后重试",
    "decision_invalid": "决定须为 approved 或 denied",
    "delivery_method_invalid": "送达方式须为当场送达、邮寄送达、电子送达或公告送达",
    "delivery_tracking_no_required": "邮寄送达须填写邮件号",
    "denial_reason_required": "不予许可须说明理由",
    "extension_approver_not_organ_head": "延期须经承办机关负责人批准（行政许可法第四十二条）",
    "extension_needs_government_head": "统一、联合、并联办理的延期须经本级人民政府负责人批准",
    "extension_reason_required": "请说明延期理由",
    "handler_id_no_invalid": "经办人或代理人的身份证号码不正确",
    "handler_kind_invalid": "办理人类型须为本人、经办人或代理人",
    "handler_name_required": "请填写经办人或代理人姓名",
    "item_outside_intake_scope": "只能为本部门的事项收件",
    "no_extension_request": "没有待批准的延期申请",
    "not_an_opinion_department": "本部门不是该办件的会签部门",
    "not_the_applicant": "只有申请人本人或其代办员可以撤回申请",
    "not_the_lead_department": "该环节由承办部门办理；会签部门只能出具会签意见",
    "opinion_already_given": "本部门已出具意见",
    "opinion_required": "请填写会签意见",
    "opinions_pending": "尚有 … 个会签部门未出具意见",
    "refusal_reason_required": "不予受理须说明理由",
    "special_procedure_unknown": "特别程序须为行政许可法第四十五条所列情形",
    "supplement_list_empty": "一次性告知须列明需要补正的全部材料",
    "suspension_days_invalid": "须告知预计所需时间（1–365 天）",
    "upload_case_quota": "每个办件最多上传 … 个文件",
    "upload_empty": "请选择要上传的文件",
    "upload_material_unknown": "所选材料不在该事项的申请材料清单中",
    "upload_too_large": "单个文件不能超过 … MB",
    "upload_type_not_allowed": "只接受 … 格式的文件（按文件内容识别，不按扩展名）",
}

register_events("cases", EVENTS)
register_errors("cases", ERRORS)


def case_not_found(message: str = "办件不存在或无权查看") -> NotFound:
    """The one answer for a case that does not exist and for one the actor
    may not see or handle: the same 404, so a case's existence does not leak."""
    return NotFound(message, code="case_not_found")
