"""API shapes of the catalog (the public service guide)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from .limits import rule_for
from .models import ApprovalItem, SpecialProcedure
from .models.choices import HANDLING_FORMS, SERVICE_OBJECTS
from .specs import MaterialSpec


class CodeLabel(Schema):
    code: str
    label: str


class DepartmentRef(Schema):
    code: str
    name: str


class LimitOut(Schema):
    days: int
    unit: CodeLabel
    note: str


class MaterialOut(Schema):
    name: str
    issuer: str
    issue_requirement: str
    instructions: str
    originals: int
    copies: int
    required: bool
    form: CodeLabel


class CoDepartmentOut(Schema):
    department: DepartmentRef
    opinion_limit_days: int
    duty: str


class FlagsOut(Schema):
    needs_site_survey: bool
    needs_collective_discussion: bool
    needs_expert_review: bool
    needs_public_hearing: bool


class ExtensionOut(Schema):
    max_days: int
    approver: str
    basis: str


def _labels(codes: list[str], choices: list[tuple[str, str]]) -> list[CodeLabel]:
    names = dict(choices)
    return [CodeLabel(code=c, label=names.get(c, c)) for c in codes]


def _dept(dept: object) -> DepartmentRef | None:
    return None if dept is None else DepartmentRef(code=dept.code, name=dept.name)  # type: ignore[attr-defined]


class ItemSummaryOut(Schema):
    code: str
    basic_code: str
    name: str
    item_type: CodeLabel
    department: DepartmentRef
    is_instant: bool
    case_type: CodeLabel
    handling_mode: CodeLabel
    legal_limit: LimitOut
    committed_limit: LimitOut
    visits_needed: int
    online_handling: bool

    @staticmethod
    def resolve_item_type(obj: ApprovalItem) -> CodeLabel:
        return CodeLabel(code=obj.item_type, label=obj.get_item_type_display())

    @staticmethod
    def resolve_department(obj: ApprovalItem) -> DepartmentRef | None:
        return _dept(obj.department)

    @staticmethod
    def resolve_case_type(obj: ApprovalItem) -> CodeLabel:
        return CodeLabel(code=obj.case_type, label=obj.case_type_label)

    @staticmethod
    def resolve_handling_mode(obj: ApprovalItem) -> CodeLabel:
        return CodeLabel(code=obj.handling_mode, label=obj.get_handling_mode_display())

    @staticmethod
    def resolve_legal_limit(obj: ApprovalItem) -> LimitOut:
        unit = CodeLabel(code=obj.legal_limit_unit, label=obj.get_legal_limit_unit_display())
        return LimitOut(days=obj.legal_limit_days, unit=unit, note=obj.legal_limit_note)

    @staticmethod
    def resolve_committed_limit(obj: ApprovalItem) -> LimitOut:
        unit = CodeLabel(
            code=obj.committed_limit_unit, label=obj.get_committed_limit_unit_display()
        )
        return LimitOut(days=obj.committed_limit_days, unit=unit, note=obj.committed_limit_note)


class ItemDetailOut(ItemSummaryOut):
    legal_basis: str
    exercise_level: CodeLabel
    authority_division: str
    exercise_content: str
    credit_code: str
    subject_nature: CodeLabel
    undertaking_org: str
    window: DepartmentRef | None
    extension: ExtensionOut
    warning_days: int
    flags: FlagsOut
    special_procedures: list[CodeLabel]
    special_procedure_note: str
    conditions: str
    procedure: str
    procedure_steps: list[str]
    co_departments: list[CoDepartmentOut]
    materials: list[MaterialOut]
    intermediary_services: str
    quantity_limit: str
    result_name: str
    charges_fee: bool
    fee_basis: str
    fee_codes: list[str]
    service_scope: str
    service_objects: list[CodeLabel]
    service_topic: str
    handling_forms: list[CodeLabel]
    jurisdiction: str
    online_url: str
    supports_booking: bool
    supports_online_payment: bool
    supports_delivery: bool
    location: str
    office_hours: str
    consult_method: str
    consult_phone: str
    supervise_phone: str
    faq: str
    published_at: datetime | None

    @staticmethod
    def resolve_exercise_level(obj: ApprovalItem) -> CodeLabel:
        return CodeLabel(code=obj.exercise_level, label=obj.get_exercise_level_display())

    @staticmethod
    def resolve_subject_nature(obj: ApprovalItem) -> CodeLabel:
        return CodeLabel(code=obj.subject_nature, label=obj.get_subject_nature_display())

    @staticmethod
    def resolve_window(obj: ApprovalItem) -> DepartmentRef | None:
        return _dept(obj.window)

    @staticmethod
    def resolve_extension(obj: ApprovalItem) -> ExtensionOut:
        rule = rule_for(obj.handling_mode)
        return ExtensionOut(
            max_days=obj.extension_max_days, approver=rule.extension_approver, basis=rule.basis
        )

    @staticmethod
    def resolve_warning_days(obj: ApprovalItem) -> int:
        return obj.effective_warning_days

    @staticmethod
    def resolve_flags(obj: ApprovalItem) -> FlagsOut:
        return FlagsOut(**obj.flags)

    @staticmethod
    def resolve_special_procedures(obj: ApprovalItem) -> list[CodeLabel]:
        return _labels(obj.special_procedures, SpecialProcedure.choices)

    @staticmethod
    def resolve_co_departments(obj: ApprovalItem) -> list[CoDepartmentOut]:
        return [
            CoDepartmentOut(
                department=DepartmentRef(code=row.department.code, name=row.department.name),
                opinion_limit_days=row.opinion_limit_days,
                duty=row.duty,
            )
            for row in obj.co_departments.all()
        ]

    @staticmethod
    def resolve_materials(obj: ApprovalItem) -> list[MaterialOut]:
        return [
            MaterialOut(
                **{
                    **MaterialSpec.values_of(m),
                    "form": CodeLabel(code=m.form, label=m.get_form_display()),
                }
            )
            for m in obj.materials.all()
        ]

    @staticmethod
    def resolve_service_objects(obj: ApprovalItem) -> list[CodeLabel]:
        return _labels(obj.service_objects, SERVICE_OBJECTS)

    @staticmethod
    def resolve_handling_forms(obj: ApprovalItem) -> list[CodeLabel]:
        return _labels(obj.handling_forms, HANDLING_FORMS)
