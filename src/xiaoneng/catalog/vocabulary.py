"""The audit event types and error codes of catalog (事项目录), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "catalog.item_created": "新增事项",
    "catalog.item_published": "发布事项",
    "catalog.item_suspended": "暂停办理事项",
    "catalog.item_updated": "修改事项",
    "catalog.items_imported": "导入事项",
    "catalog.materials_set": "设置申请材料",
}

ERRORS: dict[str, str] = {
    "catalog_cell_invalid": "导入文件的单元格取值无效",
    "catalog_file_invalid": "导入文件无法读取",
    "catalog_format_unsupported": "不支持的文件格式 …，请使用 .xlsx、.json 或 .csv",
    "catalog_import_code_required": "实施编码不能为空",
    "catalog_import_department_required": "新增事项须填写实施主体编码",
    "catalog_import_duplicate_code": "实施编码 … 在文件中重复",
    "catalog_import_failed": "导入失败：共 … 处错误，未导入任何事项",
    "catalog_import_material_orphan": "申请材料所属的事项不在导入文件中",
    "catalog_import_missing_column": "“…”缺少“…”列",
    "catalog_import_no_items": "文件中没有事项",
    "catalog_import_unknown_column": "“…”有无法识别的列：…",
    "catalog_import_unknown_department": "“…”：机构编码 … 不存在",
    "item_bad_transition": "事项状态为“…”，不能…",
    "item_basic_code_required": "基本编码不能为空",
    "item_co_department_duplicate": "共同实施部门“…”重复",
    "item_co_department_invalid": "“…”不能作为共同实施部门",
    "item_co_department_is_lead": "牵头部门不能同时是共同实施部门",
    "item_co_departments_required": "…事项须列明共同实施部门",
    "item_co_departments_single": "单独办理的事项没有共同实施部门",
    "item_code_invalid": "实施编码只能由字母、数字、连字符和下划线组成",
    "item_code_taken": "实施编码 … 已存在",
    "item_committed_exceeds_legal": "承诺办结时限（…）不得超过法定办结时限（…）",
    "item_department_invalid": "“…”不是行政机关，不能作为实施主体",
    "item_department_required": "须指定实施主体",
    "item_exercise_level_invalid": "“行使层级”取值无效",
    "item_extension_exceeds_law": "延长期限不得超过 … 个工作日（…）",
    "item_fee_basis_required": "收费事项须写明收费依据",
    "item_fee_code_unknown": "收费项目不在收费目录中或已停止执行",
    "item_fee_codes_invalid": "收费项目编码应为编码列表",
    "item_fee_without_charge": "不收费的事项不能填写收费依据或收费项目",
    "item_field_too_long": "暂停原因不能超过 200 个字符",
    "item_handling_forms_invalid": "至少选择一种办理形式",
    "item_handling_mode_invalid": "“办理方式”取值无效",
    "item_instant_committed_nonzero": "即办件当场办结，承诺办结时限应为 0 个工作日",
    "item_instant_with_special_procedure": "即办件不经特别程序",
    "item_legal_basis_required": "设定依据不能为空",
    "item_legal_limit_exceeds_law": "…的办理时间不得超过 … 个工作日（…）",
    "item_limit_units_differ": "承诺时限与法定时限须使用同一单位",
    "item_material_copies_invalid": "材料“…”的份数应为 0–… 的整数",
    "item_material_duplicate": "材料“…”重复",
    "item_material_form_invalid": "材料“…”的形式无效",
    "item_material_invalid": "申请材料的字段不正确",
    "item_material_name_required": "材料名称不能为空",
    "item_materials_required": "发布前须列明至少一项必备申请材料（一次性告知的依据）",
    "item_name_required": "事项名称不能为空",
    "item_not_found": "事项不存在或未发布",
    "item_number_invalid": "时限、次数须为 0–… 的整数",
    "item_online_url_invalid": "网办地址不是有效的网址",
    "item_online_url_required": "网办事项须填写网办地址",
    "item_opinion_limit_invalid": "“…”出具意见时限应为 1 至承诺办结时限（…）个工作日",
    "item_out_of_scope": "“…”的事项不在您的数据权限范围内",
    "item_service_objects_invalid": "“服务对象”取值无效",
    "item_special_procedures_invalid": "“特别程序”取值无效",
    "item_subject_nature_invalid": "“实施主体性质”取值无效",
    "item_suspend_reason_required": "暂停办理须写明原因",
    "item_time_unit_invalid": "时限单位取值无效",
    "item_type_invalid": "“事项类型”取值无效",
    "item_unknown_field": "未知或不可修改的事项字段",
    "item_version_conflict": "该事项已被他人修改，请刷新后重试",
    "item_warning_days_invalid": "预警阈值应在 …–… 个工作日之间",
    "item_window_invalid": "“…”不是…的服务窗口",
}

register_events("catalog", EVENTS)
register_errors("catalog", ERRORS)
