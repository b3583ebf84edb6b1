"""用户管理: the staff list, add, edit, disable / enable, reset password,
unlock, export and import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.accounts import actions
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org import actions as org_actions
from xiaoneng.org import selectors
from xiaoneng.org.guards import admin_site_user, temporary_password
from xiaoneng.org.models import Department, Position, Role, User
from xiaoneng.org.staff_sheet import export_staff, template_sheet
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType

from .common import int_or_none, masked_phone, not_stored, page_of, require_manage
from .forms import ImportForm, UserForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUSES = (("active", "正常"), ("disabled", "停用"), ("locked", "登录暂停中"))


def _filters(request: HttpRequest) -> dict[str, Any]:
    department_id = int_or_none(request.GET.get("department"))
    return {
        "text": (request.GET.get("q") or "").strip()[:50],
        "phone": (request.GET.get("phone") or "").strip()[:20],
        "department": Department.objects.filter(pk=department_id).first()
        if department_id
        else None,
        "status": request.GET.get("status") or "",
    }


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    filters = _filters(request)
    page = page_of(request, selectors.users_for_admin(request.user, **filters))
    now = timezone.now()
    rows = [
        {
            "user": user,
            "phone": masked_phone(user.phone),
            "locked": bool(user.locked_until and user.locked_until > now),
        }
        for user in page["page_obj"]
    ]
    return render(
        request,
        "useradmin/users.html",
        {
            **page,
            **filters,
            "rows": rows,
            "outline": selectors.department_outline(request.user),
            "statuses": STATUSES,
        },
    )


def _chosen(form: UserForm) -> dict[str, Any]:
    data = form.cleaned_data
    roles = list(Role.objects.filter(pk__in=data["roles"] or []))
    return {
        "real_name": data["real_name"],
        "department": Department.objects.filter(pk=data["department"]).first(),
        "roles": roles,
        # The admin site's pages (字典、参数、日志…) follow the roles.
        "is_staff": admin_site_user(roles),
        "positions": list(Position.objects.filter(pk__in=data["positions"] or [])),
        "title": data["title"],
        "phone": data["phone"],
    }


@login_required
@require_http_methods(["GET", "POST"])
@operation("用户管理", BusinessType.CREATE)
def user_new(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    outline = selectors.department_outline(request.user, active_only=True)
    initial = {"department": int_or_none(request.GET.get("department"))}
    form = UserForm(request.POST or None, outline=outline, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        password = temporary_password()
        try:
            user = org_actions.create_user(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=password,
                must_change_password=True,
                **_chosen(form),
            )
        except DomainError as exc:
            error = exc
        else:
            return _password_once(request, user, password, created=True)
    return render(
        request,
        "useradmin/user_form.html",
        {"form": form, "error": error, "editing": None},
        status=error.status if error else 200,
    )


def _password_once(request: HttpRequest, user: User, password: str, created: bool) -> HttpResponse:
    """The temporary password, shown this once: never stored in clear, never
    sent again; the user must change it at the next sign-in."""
    response = render(
        request,
        "useradmin/password_once.html",
        {"subject": user, "password": password, "created": created},
    )
    return not_stored(response)


def _user_or_404(request: HttpRequest, user_id: int) -> User:
    user = selectors.user_for_admin(request.user, user_id)
    if user is None:
        raise Http404
    return user


@login_required
@require_http_methods(["GET", "POST"])
@operation("用户管理", BusinessType.UPDATE)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    require_manage(request)
    user = _user_or_404(request, user_id)
    outline = selectors.department_outline(request.user)
    initial = {
        "real_name": user.real_name,
        "department": user.department_id,
        "title": user.title,
        "phone": user.phone,
        "roles": [r.pk for r in user.roles.all()],
        "positions": [p.pk for p in user.positions.all()],
    }
    form = UserForm(request.POST or None, outline=outline, editing=True, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            org_actions.update_user(actor=request.user, user=user, **_chosen(form))
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"用户 {user.username} 已保存。")
            return redirect("useradmin:users")
    context = {
        "form": form,
        "error": error,
        "editing": user,
        "locked": bool(user.locked_until and user.locked_until > timezone.now()),
    }
    return render(
        request, "useradmin/user_form.html", context, status=error.status if error else 200
    )


@login_required
@require_POST
@operation("重置密码", BusinessType.UPDATE)
def user_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    require_manage(request)
    user = _user_or_404(request, user_id)
    try:
        password = actions.reset_password(actor=request.user, user_id=user.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("useradmin:user_edit", user_id=user.pk)
    return _password_once(request, user, password, created=False)


@login_required
@require_POST
@operation("解锁账号", BusinessType.UPDATE)
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    require_manage(request)
    user = _user_or_404(request, user_id)
    try:
        lifted = actions.unlock_account(actor=request.user, user_id=user.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = f"已解除 {lifted} 处登录暂停" if lifted else "该账号当前没有登录暂停，已清零失败次数"
        messages.success(request, f"用户 {user.username}：{done}。")
    return redirect("useradmin:user_edit", user_id=user.pk)


@login_required
@require_POST
@operation("停用/启用用户", BusinessType.UPDATE)
def user_status(request: HttpRequest, user_id: int) -> HttpResponse:
    require_manage(request)
    user = _user_or_404(request, user_id)
    active = request.POST.get("active") == "1"
    try:
        org_actions.set_user_active(actor=request.user, user=user, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"用户 {user.username} 已{'启用' if active else '停用'}。")
    back = request.POST.get("back") == "edit"
    return redirect("useradmin:user_edit", user_id=user.pk) if back else redirect("useradmin:users")


@login_required
@operation("用户管理", BusinessType.EXPORT)
def user_export(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    filters = _filters(request)
    users = selectors.users_for_admin(request.user, **filters)
    unit = filters["department"].name if filters["department"] else "全部机构"
    today = timesource.today()
    data = export_staff(users, unit=unit, today=today)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=users-{today:%Y%m%d}.xlsx"
    return not_stored(response)


@login_required
def user_import_template(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    response = HttpResponse(template_sheet(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename=users-template.xlsx"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@operation("用户管理", BusinessType.IMPORT)
def user_import(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            imported = org_actions.import_staff(
                actor=request.user, data=form.cleaned_data["file"].read()
            )
        except DomainError as exc:
            error = exc
        else:
            return not_stored(render(request, "useradmin/import_done.html", {"imported": imported}))
    rows = error.detail if error is not None and isinstance(error.detail, list) else []
    return render(
        request,
        "useradmin/import.html",
        {"form": form, "error": error, "row_errors": rows},
        status=error.status if error else 200,
    )
