"""Django admin pages governed by the product's own permissions. Read-only by
default: domain state changes only through actions, so an editable admin must
route its saves through one (`save_via_action`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xiaoneng.org.authority import has_perm


class GovernedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    permission_code = "*"
    editable = False
    list_per_page = 10  # the list-page habit staff know

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff) and has_perm(request.user, self.permission_code)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.editable and self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.editable and self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(GovernedAdmin):
    """Logs and the audit trail: look, search, never touch."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
