from .choices import (
    HandlingMode,
    ItemStatus,
    MaterialForm,
    SpecialProcedure,
    SubjectNature,
)
from .item import FLAGS, INSTANT_Q, ApprovalItem
from .parts import ItemCoDepartment, ItemMaterial

__all__ = [
    "FLAGS",
    "INSTANT_Q",
    "ApprovalItem",
    "HandlingMode",
    "ItemCoDepartment",
    "ItemMaterial",
    "ItemStatus",
    "MaterialForm",
    "SpecialProcedure",
    "SubjectNature",
]
