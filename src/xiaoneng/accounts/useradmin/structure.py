"""角色管理, 机构管理 and 岗位管理."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core.errors import DomainError
from xiaoneng.org import actions as org_actions
from xiaoneng.org import selectors
from xiaoneng.org.actions.structure import EDITABLE
from xiaoneng.org.guards import held_permissions
from xiaoneng.org.models import Department, Position, Role
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType

from .common import int_or_none, page_of, require_manage
from .forms import DepartmentForm, PositionForm, RoleForm

# How the permission list is grouped on the role page: by the code's prefix.
AREAS = {
    "全部": "全部功能",
    "org": "组织机构",
    "calendar": "工作日历",
    "catalog": "事项目录",
    "audit": "审计",
    "system": "系统管理",
    "api": "接口",
    "case": "审批办件",
    "project": "绿色通道",
    "supervision": "电子监察",
    "score": "绩效考评",
    "complaint": "效能投诉",
}


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError | None
) -> HttpResponse:
    return render(
        request, template, {**context, "error": error}, status=error.status if error else 200
    )


# --- 角色管理 ---------------------------------------------------------------------


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    return render(
        request, "useradmin/roles.html", {"roles": selectors.roles_for_admin(request.user)}
    )


def _permission_groups(form: RoleForm) -> list[dict[str, Any]]:
    chosen = set(form["permissions"].value() or [])
    groups: dict[str, dict[str, Any]] = {}
    for code, label in form.permission_choices:
        area = "全部" if code == "*" else code.split(".")[0]
        group = groups.setdefault(
            area, {"label": AREAS.get(area, label.split("：")[0][:8]), "items": []}
        )
        group["items"].append({"code": code, "label": label, "checked": code in chosen})
    return list(groups.values())


def _role_page(request: HttpRequest, role: Role | None) -> HttpResponse:
    outline = selectors.department_outline(request.user)
    everything = "*" in held_permissions(request.user)
    initial: dict[str, Any] = {"data_scope": "dept", "active": True, "sort": 0}
    if role is not None:
        initial = {
            "name": role.name,
            "sort": role.sort,
            "active": role.active,
            "remark": role.remark,
            "data_scope": role.data_scope,
            "custom_departments": [d.pk for d in role.custom_departments.all()],
            "permissions": role.permissions,
        }
    form = RoleForm(
        request.POST or None,
        outline=outline,
        editing=role is not None,
        everything=everything or bool(role and "*" in role.permissions),
        initial=initial,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "name": data["name"],
            "permissions": data["permissions"],
            "data_scope": data["data_scope"],
            "custom_departments": Department.objects.filter(pk__in=data["custom_departments"]),
            "remark": data["remark"],
            "sort": data["sort"],
        }
        try:
            if role is None:
                role = org_actions.create_role(actor=request.user, code=data["code"], **common)
            else:
                org_actions.update_role(
                    actor=request.user, role=role, active=data["active"], **common
                )
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request, f"角色“{role.name}”已保存，持有该角色的用户即刻按新权限办理。"
            )
            return redirect("useradmin:roles")
    context = {"form": form, "role": role, "groups": _permission_groups(form)}
    return _render(request, "useradmin/role_form.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
@operation("角色管理", BusinessType.CREATE)
def role_new(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    return _role_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@operation("角色管理", BusinessType.GRANT)
def role_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    require_manage(request)
    return _role_page(request, get_object_or_404(Role, pk=role_id))


# --- 机构管理 ---------------------------------------------------------------------


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    outline = selectors.department_outline(request.user)
    return render(request, "useradmin/departments.html", {"outline": outline})


def _department_page(request: HttpRequest, dept: Department | None) -> HttpResponse:
    outline = selectors.department_outline(request.user, active_only=True)
    if dept is not None:  # not under itself or its subtree
        outline = [
            (d, n) for d, n in outline if not (d.pk == dept.pk or d.ancestors.startswith(dept.path))
        ]
        initial: dict[str, Any] = {f: getattr(dept, f) for f in EDITABLE} | {
            "parent": dept.parent_id
        }
    else:
        initial = {"parent": int_or_none(request.GET.get("parent")), "kind": "office", "sort": 0}
    form = DepartmentForm(
        request.POST or None, outline=outline, editing=dept is not None, initial=initial
    )
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = Department.objects.filter(pk=data.pop("parent")).first()
        try:
            if dept is None:
                dept = org_actions.create_department(actor=request.user, parent=parent, **data)
            else:
                org_actions.update_department(
                    actor=request.user, department=dept, parent=parent, **data
                )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"机构“{dept.name}”已保存。")
            return redirect("useradmin:departments")
    return _render(request, "useradmin/department_form.html", {"form": form, "dept": dept}, error)


@login_required
@require_http_methods(["GET", "POST"])
@operation("机构管理", BusinessType.CREATE)
def department_new(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    return _department_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@operation("机构管理", BusinessType.UPDATE)
def department_edit(request: HttpRequest, department_id: int) -> HttpResponse:
    require_manage(request)
    return _department_page(request, get_object_or_404(Department, pk=department_id))


@login_required
@require_POST
@operation("停用/启用机构", BusinessType.UPDATE)
def department_status(request: HttpRequest, department_id: int) -> HttpResponse:
    require_manage(request)
    dept = get_object_or_404(Department, pk=department_id)
    active = request.POST.get("active") == "1"
    try:
        org_actions.set_department_active(actor=request.user, department=dept, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"机构“{dept.name}”已{'启用' if active else '停用'}。")
    return redirect("useradmin:departments")


# --- 岗位管理 ---------------------------------------------------------------------


@login_required
def position_list(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    department_id = int_or_none(request.GET.get("department"))
    department = Department.objects.filter(pk=department_id).first() if department_id else None
    positions = selectors.positions_for_admin(request.user, department).order_by(
        "department__sort", "sort", "id"
    )
    return render(
        request,
        "useradmin/positions.html",
        {
            **page_of(request, positions),
            "department": department,
            "options": [
                (d.pk, "　" * depth + d.name)
                for d, depth in selectors.department_outline(request.user)
            ],
        },
    )


def _position_page(request: HttpRequest, post: Position | None) -> HttpResponse:
    outline = selectors.department_outline(request.user, active_only=True)
    initial: dict[str, Any] = {"public": True, "sort": 0}
    if post is not None:
        initial = {
            "name": post.name,
            "duties": post.duties,
            "accountability": post.accountability,
            "public": post.public,
            "sort": post.sort,
        }
    else:
        initial["department"] = int_or_none(request.GET.get("department"))
    form = PositionForm(
        request.POST or None, outline=outline, editing=post is not None, initial=initial
    )
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if post is None:
                department = get_object_or_404(Department, pk=data.pop("department"))
                public = data.pop("public")
                post = org_actions.create_position(
                    actor=request.user, department=department, **data
                )
                if not public:
                    post = org_actions.update_position(
                        actor=request.user, position=post, **{**data, "public": False}
                    )
            else:
                post = org_actions.update_position(actor=request.user, position=post, **data)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"岗位“{post.name}”已保存。")
            return redirect("useradmin:positions")
    return _render(request, "useradmin/position_form.html", {"form": form, "post": post}, error)


@login_required
@require_http_methods(["GET", "POST"])
@operation("岗位管理", BusinessType.CREATE)
def position_new(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    return _position_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@operation("岗位管理", BusinessType.UPDATE)
def position_edit(request: HttpRequest, position_id: int) -> HttpResponse:
    require_manage(request)
    post = get_object_or_404(selectors.positions_for_admin(request.user), pk=position_id)
    return _position_page(request, post)
