"""The audit event types and error codes of administrative enforcement (行政执法), declared once.

Events are `enforcement.*`, error codes `enforcement_*`; each part of the
app keeps its own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- common
    "enforcement.act_refused": "违法执法行为被拒绝（记入监察异常）",
    # --- authority: the enforcement list, benchmarks, certificates
    "enforcement.benchmarks_set": "设定（修订）裁量基准",
    "enforcement.certificate_issued": "核发执法证",
    "enforcement.certificate_renewed": "换发执法证",
    "enforcement.certificate_revoked": "注销执法证",
    "enforcement.item_created": "新增执法事项",
    "enforcement.item_repealed": "废止执法事项",
    "enforcement.item_updated": "修改执法事项",
    "enforcement.list_published": "公示执法事项清单",
    # --- cases: clue to closing
    # --- money: payments, surcharge, remittance, publication sweep, anomalies
}

ERRORS: dict[str, str] = {
    # --- common
    "enforcement_case_closed": "案件已结案，案卷不得再改动",
    "enforcement_case_not_found": "案件不存在或无权查看",
    "enforcement_certificate_invalid": "执法人员没有有效的执法证件",
    "enforcement_officer_invalid": "执法人员不正确",
    "enforcement_two_officers_required": "执法人员不得少于两人",
    # --- authority
    "enforcement_benchmark_circumstances_required": "请填写裁量阶次的适用情形",
    "enforcement_benchmark_grades_disordered": "裁量阶次须按减轻、从轻、一般、从重由低到高排列",
    "enforcement_benchmark_grades_incomplete": "须设定减轻、从轻、一般、从重四个裁量阶次",
    "enforcement_benchmark_no_fine": "该事项不处罚款，无须设定罚款裁量基准",
    "enforcement_benchmark_outside_range": "裁量基准超出法定罚款幅度",
    "enforcement_benchmark_range_invalid": "裁量阶次的罚款幅度不正确",
    "enforcement_benchmarks_missing": "事项尚未设定完整的裁量基准，不能公示",
    "enforcement_body_invalid": "执法主体不正确",
    "enforcement_body_out_of_scope": "只能维护本机关的执法事项清单",
    "enforcement_certificate_dates_invalid": "执法证的日期不正确",
    "enforcement_certificate_exists": "该执法人员已持有有效的执法证，请办理换证",
    "enforcement_certificate_field_required": "请填写执法领域",
    "enforcement_certificate_not_found": "执法证不存在",
    "enforcement_certificate_number_required": "请填写执法证号",
    "enforcement_certificate_number_taken": "执法证号已被使用",
    "enforcement_certificate_officer_not_enforcer": "该用户不是行政执法人员",
    "enforcement_certificate_officer_outside_body": "执法人员不属于该执法主体",
    "enforcement_certificate_reason_required": "请填写注销原因",
    "enforcement_certificate_revoked": "该执法证已注销",
    "enforcement_item_code_required": "请填写事项编码",
    "enforcement_item_code_taken": "事项编码已被使用",
    "enforcement_item_exempt_conditions_required": "适用首违不罚的，请写明不予处罚的情形",
    "enforcement_item_fine_range_invalid": "法定罚款幅度不正确",
    "enforcement_item_legal_basis_required": "请填写违法依据",
    "enforcement_item_name_required": "请填写违法行为",
    "enforcement_item_not_found": "执法事项不存在或无权查看",
    "enforcement_item_penalties_invalid": "处罚种类不正确",
    "enforcement_item_penalty_basis_required": "请填写处罚依据",
    "enforcement_item_repeal_reason_required": "请填写废止理由",
    "enforcement_item_repealed": "该执法事项已废止",
    "enforcement_list_nothing_to_publish": "没有待公示的执法事项",
    # --- cases
    # --- money
}

register_events("enforcement", EVENTS)
register_errors("enforcement", ERRORS)
