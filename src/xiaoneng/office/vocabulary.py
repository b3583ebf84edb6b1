"""The audit event types and error codes of daily government work (文风会风,
值班请假, 一线工作), declared once.

Events are `office.*`, error codes `office_*`; each part of the app keeps its
own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- dispatches: outgoing documents (发文)
    # --- reports: the reporting calendar (报送)
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
    # --- leave: principal leaders leaving the city (请销假)
    # --- emergencies (突发事件)
    # --- visits: leaders' front-line work (一线工作)
}

ERRORS: dict[str, str] = {
    # --- dispatches
    # --- reports
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
    # --- leave
    # --- emergencies
    # --- visits
}

register_events("office", EVENTS)
register_errors("office", ERRORS)
