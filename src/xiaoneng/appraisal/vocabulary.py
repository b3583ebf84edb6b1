"""The audit event types and error codes of appraisal (考核评比), declared once."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "appraisal.bulletin_generated": "生成月通报",
    "appraisal.bulletin_issued": "印发月通报",
    "appraisal.quarter_computed": "计算季度评比",
    "appraisal.quarter_published": "公布季度评比",
    "appraisal.inspection_created": "登记半年检查",
    "appraisal.finding_recorded": "记录半年检查发现的问题",
    "appraisal.year_computed": "计算年终考核",
    "appraisal.year_approved": "审定年终考核结果",
    "appraisal.year_published": "公布年终考核结果",
    "appraisal.reward_recorded": "登记奖惩兑现",
    "appraisal.tasks_published": "公布重点工作与为民办实事进展",
}

ERRORS: dict[str, str] = {
    "appraisal_period_invalid": "考核期间不正确",
    "appraisal_bulletin_not_found": "月通报不存在或无权查看",
    "appraisal_bulletin_issued": "月通报已印发，不能再修改",
    "appraisal_quarter_not_found": "季度评比不存在或无权查看",
    "appraisal_quarter_published": "季度评比已公布，不能重新计算",
    "appraisal_period_not_ended": "考核期间尚未结束",
    "appraisal_nothing_to_rank": "该期间没有可评比的目标任务",
    "appraisal_inspection_not_found": "半年检查不存在或无权查看",
    "appraisal_inspection_exists": "该半年检查已登记",
    "appraisal_team_required": "请填写检查组",
    "appraisal_finding_text_required": "请填写发现的问题",
    "appraisal_points_invalid": "扣分须为0至100之间的数，最多两位小数",
    "appraisal_department_invalid": "被检查单位不正确",
    "appraisal_year_not_found": "年终考核不存在或无权查看",
    "appraisal_year_not_draft": "年终考核结果已审定，不能重新计算",
    "appraisal_year_not_approved": "年终考核结果尚未审定",
    "appraisal_year_already_published": "年终考核结果已公布",
    "appraisal_row_not_found": "考核结果中没有该单位",
    "appraisal_publication_not_found": "公开内容不存在",
    "appraisal_reward_kind_invalid": "兑现类型不正确",
    "appraisal_reward_text_required": "请填写兑现内容",
}

register_events("appraisal", EVENTS)
register_errors("appraisal", ERRORS)


def not_found(what: str) -> NotFound:
    """A row that does not exist and one the actor may not see answer alike."""
    code = {
        "bulletin": "appraisal_bulletin_not_found",
        "quarter": "appraisal_quarter_not_found",
        "inspection": "appraisal_inspection_not_found",
        "year": "appraisal_year_not_found",
        "row": "appraisal_row_not_found",
        "publication": "appraisal_publication_not_found",
    }[what]
    return NotFound(ERRORS[code], code=code)
