"""The organisation as published: departments and positions' duties."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from .selectors import public_departments, published_positions, staff_for_actor

router = Router(tags=["组织机构"])


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    ancestors: str


class PositionOut(Schema):
    id: int
    department_id: int
    name: str
    duties: str


class StaffOut(Schema):
    id: int
    username: str
    real_name: str
    department_id: int | None
    title: str


@router.get("/departments", response=list[DepartmentOut], auth=None, summary="机构列表（公开）")
def departments(request: HttpRequest) -> list[DepartmentOut]:
    return list(public_departments())  # type: ignore[arg-type]


@router.get("/positions", response=list[PositionOut], auth=None, summary="岗位职责（公开）")
def positions(request: HttpRequest) -> list[PositionOut]:
    return list(published_positions())  # type: ignore[arg-type]


@router.get("/staff", response=list[StaffOut], summary="工作人员（按数据权限）")
def staff(request: HttpRequest) -> list[StaffOut]:
    return list(staff_for_actor(request.user)[:500])  # type: ignore[arg-type]
