"""Plain descriptions of an item's parts, as actions take them: the demo data,
the importer and future forms all build these, never rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department

from .models.choices import MaterialForm


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    issuer: str = ""
    issue_requirement: str = ""
    instructions: str = ""
    originals: int = 1
    copies: int = 0
    required: bool = True
    form: str = MaterialForm.PAPER.value

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def values_of(row: Any) -> dict[str, Any]:
        """A stored material's values under the spec's names (the API adds labels)."""
        return {field.name: getattr(row, field.name) for field in fields(MaterialSpec)}


@dataclass(frozen=True)
class CoDepartmentSpec:
    department: Department
    opinion_limit_days: int | None = None  # None: the parameter case.opinion_days
    duty: str = ""


def material_specs(materials: Iterable[MaterialSpec | Mapping[str, Any]]) -> list[MaterialSpec]:
    specs = []
    for entry in materials:
        if isinstance(entry, MaterialSpec):
            specs.append(entry)
            continue
        try:
            specs.append(MaterialSpec(**entry))
        except TypeError:
            raise InvalidInput(
                "申请材料的字段不正确", code="item_material_invalid", detail=dict(entry)
            ) from None
    return specs


def co_department_specs(
    entries: Iterable[CoDepartmentSpec | Department | Mapping[str, Any]],
) -> list[CoDepartmentSpec]:
    specs = []
    for entry in entries:
        if isinstance(entry, CoDepartmentSpec):
            specs.append(entry)
        elif isinstance(entry, Department):
            specs.append(CoDepartmentSpec(department=entry))
        else:
            try:
                specs.append(CoDepartmentSpec(**entry))
            except TypeError:
                raise InvalidInput(
                    "共同实施部门的字段不正确", code="item_co_department_invalid"
                ) from None
    return specs
