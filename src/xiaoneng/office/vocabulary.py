"""The audit event types and error codes of daily government work (文风会风,
值班请假, 一线工作), declared once.

Events are `office.*`, error codes `office_*`; each part of the app keeps its
own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- dispatches: outgoing documents (发文)
    "office.dispatch_approved": "市分管领导审批公文",
    "office.dispatch_drafted": "拟稿",
    "office.dispatch_edited": "修改公文稿",
    "office.dispatch_issued": "印发公文（编发文字号）",
    "office.dispatch_returned": "退回公文",
    "office.dispatch_reviewed": "核稿",
    "office.dispatch_signed": "签发公文",
    "office.dispatch_submitted": "公文送审",
    "office.dispatch_withdrawn": "撤销公文稿",
    # --- reports: the reporting calendar (报送)
    "office.report_dues_opened": "生成报送任务",
    "office.report_kind_activated": "启用报送事项",
    "office.report_kind_created": "设立报送事项",
    "office.report_kind_stopped": "停用报送事项",
    "office.report_kind_updated": "修改报送事项",
    "office.report_resubmitted": "重新报送（截止前更新）",
    "office.report_submitted": "报送",
    # --- meetings (会议)
    "office.meeting_applied": "申请召开会议",
    "office.meeting_approved": "批准召开会议",
    "office.meeting_cancelled": "取消会议",
    "office.meeting_confirmed": "确认参会人员",
    "office.meeting_executive": "登记市政府常务会议决定",
    "office.meeting_held": "会议已召开（出勤情况确定）",
    "office.meeting_leave_decided": "审批代会（缺席）请假",
    "office.meeting_leave_requested": "申请代会（缺席）请假",
    "office.meeting_notified": "发出会议通知",
    "office.meeting_published": "会议出勤情况通报监察局",
    "office.meeting_rejected": "会议未获批准",
    "office.meeting_reviewed": "分管市领导审核会议",
    "office.meeting_signed": "会议签到",
    # --- duty: holiday rosters and spot checks (值班、查岗)
    "office.roster_saved": "保存节假日值班表（报送后修改记新版本）",
    "office.roster_submitted": "报送节假日值班表",
    "office.spot_check_recorded": "登记查岗结果",
    # --- leave: principal leaders leaving the city (请销假)
    "office.leave_approved": "批准离张请假",
    "office.leave_cancelled": "撤回离张请假",
    "office.leave_refused": "不予批准离张请假",
    "office.leave_requested": "提出离张请假",
    "office.leave_returned": "销假（报告返张）",
    # --- emergencies (突发事件)
    # --- visits: leaders' front-line work (一线工作)
}

ERRORS: dict[str, str] = {
    # --- dispatches
    "office_dispatch_body_required": "请填写正文",
    "office_dispatch_four_eyes": "拟稿人不能核稿本人起草的公文",
    "office_dispatch_issuer_invalid": "发文机关不正确",
    "office_dispatch_kind_invalid": "文种不正确",
    "office_dispatch_needs_leader": "发往县区政府的公文须经市分管领导审批后方可印发",
    "office_dispatch_not_drafter": "只有拟稿人可以修改、送审或撤销",
    "office_dispatch_not_found": "公文不存在或无权查看",
    "office_dispatch_not_issuer_unit": "核稿须由发文单位本单位办理",
    "office_dispatch_not_signer": "签发须由发文单位的负责人办理",
    "office_dispatch_not_your_portfolio": "发文单位不在您分管的范围内",
    "office_dispatch_opinion_invalid": "意见不正确",
    "office_dispatch_reason_required": "退回时请填写理由",
    "office_dispatch_recipient_invalid": "主送或抄送机关不正确",
    "office_dispatch_recipients_required": "请选择主送机关",
    "office_dispatch_series_invalid": "发文机关代字不正确",
    "office_dispatch_title_required": "请填写标题",
    "office_dispatch_urgency_invalid": "紧急程度不正确",
    "office_dispatch_wrong_status": "公文当前状态不能办理此环节",
    "office_dispatch_year_invalid": "年度不正确",
    # --- reports
    "office_report_cadence_invalid": "报送周期不正确",
    "office_report_closed": "截止日期已过，已报送的材料不能再修改",
    "office_report_code_invalid": "报送事项编码不正确",
    "office_report_code_taken": "报送事项编码已被使用",
    "office_report_content_invalid": "报送内容不正确",
    "office_report_content_required": "请填写报送内容或上传附件",
    "office_report_due_not_found": "报送任务不存在或无权查看",
    "office_report_file_not_found": "附件不存在或无权查看",
    "office_report_kind_in_use": "已生成报送任务的事项不能修改报送周期",
    "office_report_kind_not_found": "报送事项不存在",
    "office_report_kind_unchanged": "报送事项已是该状态",
    "office_report_name_required": "请填写报送事项名称",
    "office_report_not_open": "报送期间尚未开始",
    "office_report_receiver_invalid": "接收单位不正确",
    "office_report_receiver_out_of_scope": "只能维护本单位接收的报送事项",
    "office_report_requirement_invalid": "报送要求不正确",
    "office_report_title_required": "请填写报送标题",
    "office_report_too_many_files": "附件过多",
    "office_report_units_invalid": "报送单位不正确",
    # --- meetings
    "office_meeting_agenda_required": "请填写会议议程",
    "office_meeting_attendee_invalid": "参会人员不正确",
    "office_meeting_city_leaders": "部门召开的会议不得邀请市领导出席",
    "office_meeting_executive_ref_required": "请填写市政府常务会议决定",
    "office_meeting_host_invalid": "承办单位不正确",
    "office_meeting_invitations_invalid": "参会单位不正确",
    "office_meeting_kind_invalid": "会议类型不正确",
    "office_meeting_leave_decided": "请假已审批",
    "office_meeting_leave_late": "会议已开始，不能事后请假或审批",
    "office_meeting_leave_not_found": "请假申请不存在",
    "office_meeting_leave_pending": "已有待审批的请假",
    "office_meeting_leave_reason_required": "请填写请假事由",
    "office_meeting_level_invalid": "参会人员层级不正确",
    "office_meeting_not_approved": "会议未经批准，不能发通知",
    "office_meeting_not_found": "会议不存在或无权查看",
    "office_meeting_not_held": "会议尚未召开",
    "office_meeting_not_in_charge": "不是承办单位的分管市领导",
    "office_meeting_not_notified": "会议尚未通知或已结束",
    "office_meeting_not_started": "会议尚未开始",
    "office_meeting_note_required": "不予批准时请说明理由",
    "office_meeting_place_required": "请填写会议地点",
    "office_meeting_published": "出勤情况已通报",
    "office_meeting_sign_forbidden": "无权为该参会单位签到",
    "office_meeting_sign_token_invalid": "签到码无效",
    "office_meeting_signed": "已签到",
    "office_meeting_started": "会议已开始",
    "office_meeting_state": "会议当前状态不能办理此事项",
    "office_meeting_time_invalid": "会议时间不正确",
    "office_meeting_title_required": "请填写会议名称",
    # --- duty
    "office_check_not_holiday": "今天不是法定节假日，不在查岗范围",
    "office_check_note_invalid": "查岗情况说明不正确",
    "office_check_result_invalid": "查岗结果不正确",
    "office_check_unit_invalid": "被查单位不存在或不在查岗范围",
    "office_roster_closed": "节假日已开始（或已过），值班表不能再修改",
    "office_roster_day_invalid": "值班日期须为节假日当中的一天",
    "office_roster_incomplete": "值班表不完整：每天须有带班领导和值班人员并填写值班电话",
    "office_roster_not_found": "值班表不存在或无权查看",
    "office_roster_person_invalid": "带班领导和值班人员须为本单位在职人员",
    "office_roster_phone_invalid": "值班电话不正确",
    "office_roster_same_person": "同一天的带班领导和值班人员不能是同一人",
    "office_roster_submitted": "值班表已报送",
    # --- leave
    "office_leave_acting_invalid": "主持工作人员须为本单位其他在职人员",
    "office_leave_dates_invalid": "离张、返张日期不正确",
    "office_leave_destination_required": "请填写前往地点",
    "office_leave_not_approver": "离张请假由该单位的市分管领导（或市长）审批",
    "office_leave_not_found": "请假申请不存在或无权查看",
    "office_leave_not_principal": "离张请假由市直部门和县（区）的主要负责人提出",
    "office_leave_note_invalid": "审批意见不正确（不予批准须说明理由）",
    "office_leave_number_conflict": "请假编号冲突，请重试",
    "office_leave_purpose_required": "请填写事由",
    "office_leave_return_invalid": "实际返张日期须在离张日期和今天之间",
    "office_leave_state": "该请假当前状态不允许此操作",
    # --- emergencies
    # --- visits
}

register_events("office", EVENTS)
register_errors("office", ERRORS)
