from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from xiaoneng.org.adminkit import GovernedAdmin, ReadOnlyAdmin

from . import actions
from .models import DictData, DictType, OperationLog, Parameter


@admin.register(OperationLog)
class OperationLogAdmin(ReadOnlyAdmin):
    permission_code = "system.logs"
    list_display = (
        "id",
        "title",
        "business_type",
        "method",
        "operator_name",
        "department_name",
        "ip",
        "success",
        "status_code",
        "created_at",
        "duration_ms",
    )
    list_filter = ("business_type", "success", "method")
    search_fields = ("title", "operator_name", "url", "ip")
    date_hierarchy = "created_at"


class DictDataInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = DictData
    extra = 0
    fields = ("value", "label", "sort", "css_class", "active")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DictType)
class DictTypeAdmin(GovernedAdmin):
    permission_code = "system.dict"
    editable = True
    list_display = ("code", "name", "active", "remark")
    search_fields = ("code", "name")
    inlines = (DictDataInline,)

    def save_model(
        self, request: HttpRequest, obj: DictType, form: ModelForm[DictType], change: bool
    ) -> None:
        saved = actions.save_dict_type(
            actor=request.user, code=obj.code, name=obj.name, active=obj.active, remark=obj.remark
        )
        obj.pk = saved.pk


@admin.register(DictData)
class DictDataAdmin(GovernedAdmin):
    permission_code = "system.dict"
    editable = True
    list_display = ("dict_type", "value", "label", "sort", "active")
    list_filter = ("dict_type",)
    search_fields = ("value", "label")

    def save_model(
        self, request: HttpRequest, obj: DictData, form: ModelForm[DictData], change: bool
    ) -> None:
        saved = actions.save_dict_data(
            actor=request.user,
            dict_type=obj.dict_type,
            value=obj.value,
            label=obj.label,
            sort=obj.sort,
            css_class=obj.css_class,
            active=obj.active,
        )
        obj.pk = saved.pk


@admin.register(Parameter)
class ParameterAdmin(GovernedAdmin):
    permission_code = "system.params"
    editable = True
    list_display = ("name", "key", "value", "remark", "updated_at")
    search_fields = ("name", "key")
    fields = ("name", "key", "value", "remark")
    readonly_fields = ("name", "key", "remark")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the keys are the product's; only their values are set here

    def save_model(
        self, request: HttpRequest, obj: Parameter, form: ModelForm[Parameter], change: bool
    ) -> None:
        actions.set_parameter(actor=request.user, key=obj.key, value=obj.value)


def _hide_task_results() -> None:
    """The task queue's own admin is English-only and not for staff; task
    failures surface in the product's logs instead."""
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_hide_task_results()
