"""The audit event types and error codes of administrative fees, declared once."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "fee.created": "收费目录新增收费项目",
    "fee.changed": "收费目录变更收费项目",
    "fee.cancelled": "收费目录取消收费项目",
    "fee.imported": "导入收费目录",
    "fee.charged": "登记收费",
    "fee.refunded": "登记退费",
    "fee.approval_requested": "申请高于下限收费",
    "fee.approval_decided": "审批高于下限收费",
    "fee.remitted": "登记收费缴库",
    "fee.reconciled": "收费月度对账",
}

ERRORS: dict[str, str] = {
    "fee_amount_invalid": "金额不正确",
    "fee_approval_not_found": "收费审批不存在或无权查看",
    "fee_approval_decided": "该申请已审批",
    "fee_basis_required": "收费项目须写明设立依据及价格、财政批准文件",
    "fee_budget_required": "收费须全额缴入财政专户或国库，纳入预算管理",
    "fee_cancelled_on_invalid": "取消日期不正确",
    "fee_charge_date_invalid": "收费日期不正确",
    "fee_charge_not_found": "收费记录不存在或无权查看",
    "fee_charge_outside_catalog": "该收费不符合收费目录，确认后登记并转电子监察",
    "fee_code_exists": "收费项目编码已存在",
    "fee_code_invalid": "收费项目编码不正确",
    "fee_department_invalid": "执收单位不正确",
    "fee_file_unreadable": "无法读取收费目录文件",
    "fee_import_rows_invalid": "收费目录文件有错误，未导入任何收费项目",
    "fee_item_codes_invalid": "适用审批事项编码不正确",
    "fee_month_invalid": "月份不正确",
    "fee_name_required": "请填写收费项目名称",
    "fee_not_found": "收费项目不存在",
    "fee_notice_required": "请填写缴款通知书编号",
    "fee_notice_not_issued": "该办件尚未收费，没有收费通知书",
    "fee_period_invalid": "执行期间不正确",
    "fee_quantity_invalid": "数量不正确",
    "fee_already_cancelled": "该收费项目已取消",
    "fee_reason_required": "请填写理由",
    "fee_receipt_exists": "该财政票据号已登记",
    "fee_receipt_required": "请填写财政票据号",
    "fee_refund_exceeds": "退费金额不能超过实收金额",
    "fee_standard_invalid": "收费标准不正确",
    "fee_unit_required": "请填写计费单位",
    "fee_remittance_document_required": "请填写缴库凭证号",
}

register_events("fees", EVENTS)
register_errors("fees", ERRORS)


def fee_not_found() -> NotFound:
    return NotFound("收费项目不存在", code="fee_not_found")


def charge_not_found() -> NotFound:
    """A charge that does not exist and one the actor may not see answer alike."""
    return NotFound("收费记录不存在或无权查看", code="fee_charge_not_found")


def approval_not_found() -> NotFound:
    return NotFound("收费审批不存在或无权查看", code="fee_approval_not_found")


def notice_not_issued() -> NotFound:
    return NotFound("该办件尚未收费，没有收费通知书", code="fee_notice_not_issued")
