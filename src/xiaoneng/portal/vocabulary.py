"""The audit event types and error codes of the portal's own data (the search
dictionary and the materials' sample forms), declared once."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "portal.search_word_saved": "保存检索同义词/热词",
    "portal.search_word_deleted": "删除检索同义词/热词",
    "portal.sample_attached": "上传材料样表/空表",
    "portal.sample_removed": "删除材料样表/空表",
}

ERRORS: dict[str, str] = {
    "search_word_required": "请填写检索词",
    "search_word_terms_required": "请填写同义词，或将该词设为热词",
    "search_word_not_found": "检索词不存在",
    "sample_kind_invalid": "请选择样表或空表",
    "sample_not_found": "样表/空表不存在",
    "material_not_found": "申请材料不存在",
}

register_events("portal", EVENTS)
register_errors("portal", ERRORS)
