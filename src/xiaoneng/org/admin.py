from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group

from xiaoneng.audit.models import AuditEvent

from .adminkit import ReadOnlyAdmin
from .models import LeaderPortfolio

# Roles with data scopes replace Django's groups.
admin.site.unregister(Group)


# 用户、角色、机构、岗位 are managed in the staff shell (系统管理 → /system/,
# accounts/useradmin): through the actions, without the password hash or the
# admin's own vocabulary. They are not admin pages at all.


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
