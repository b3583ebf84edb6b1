"""Read-only admin of the catalog: writes go through `catalog.actions`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from xiaoneng.org.adminkit import ReadOnlyAdmin
from xiaoneng.org.authority import has_perm, scope_q

from .actions import PERMISSION
from .models import ApprovalItem, ItemCoDepartment, ItemMaterial


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff) and has_perm(request.user, PERMISSION)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MaterialInline(_ReadOnlyInline):
    model = ItemMaterial
    fields = ("name", "issuer", "originals", "copies", "required", "form", "sort")


class CoDepartmentInline(_ReadOnlyInline):
    model = ItemCoDepartment
    fields = ("department", "opinion_limit_days", "duty", "sort")


@admin.register(ApprovalItem)
class ApprovalItemAdmin(ReadOnlyAdmin):
    permission_code = PERMISSION
    list_display = (
        "code",
        "name",
        "department",
        "item_type",
        "handling_mode",
        "legal_limit_days",
        "committed_limit_days",
        "instant",
        "status",
    )
    list_filter = ("status", "item_type", "handling_mode")
    list_select_related = ("department",)
    search_fields = ("name", "code", "basic_code", "legal_basis", "department__name")
    inlines = (MaterialInline, CoDepartmentInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApprovalItem]:
        # The admin obeys the data scope like every other read.
        return super().get_queryset(request).filter(scope_q(request.user, dept_field="department"))

    @admin.display(description="即办件", boolean=True)
    def instant(self, obj: ApprovalItem) -> bool:
        return obj.is_instant
