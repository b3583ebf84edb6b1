from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group

from xiaoneng.audit.models import AuditEvent

from .adminkit import ReadOnlyAdmin
from .models import Department, LeaderPortfolio, Position, Role, User

# Roles with data scopes replace Django's groups.
admin.site.unregister(Group)


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    permission_code = "org.view"
    list_display = ("name", "code", "kind", "parent", "sort", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "code", "short_name")


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    permission_code = "org.view"
    list_display = ("name", "department", "public")
    search_fields = ("name", "department__name", "duties")


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    permission_code = "org.manage"
    list_display = ("name", "code", "data_scope", "active")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    permission_code = "org.manage"
    list_display = (
        "username",
        "real_name",
        "department",
        "title",
        "is_active",
        "last_login",
        "locked_until",
    )
    list_filter = ("is_active", "roles")
    search_fields = ("username", "real_name")
    exclude = ("password",)


@admin.register(LeaderPortfolio)
class LeaderPortfolioAdmin(ReadOnlyAdmin):
    permission_code = "org.view"
    list_display = ("leader", "department", "duty")


# The audit trail's page is governed by org's authority, so it is registered
# here: audit stays below org (it imports nothing from it).
@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    permission_code = "audit.view"
    list_display = (
        "seq",
        "occurred_at",
        "actor_name",
        "event_type",
        "object_type",
        "object_id",
        "short_hash",
    )
    list_filter = ("event_type", "object_type")
    search_fields = ("event_type", "object_id", "actor_name", "hash")
    date_hierarchy = "occurred_at"

    @admin.display(description="哈希")
    def short_hash(self, obj: AuditEvent) -> str:
        return obj.hash[:16] + "…"
