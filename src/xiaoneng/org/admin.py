from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.presentation import event_label, object_label, subject_of

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


class _LabelledFilter(admin.SimpleListFilter):
    """A filter over a code column that offers the codes by their Chinese
    names (the admin's own filter would list the raw codes)."""

    field = ""

    def label_of(self, code: str) -> str:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = AuditEvent.objects.order_by().values_list(self.field, flat=True).distinct()
        return sorted(((c, self.label_of(c)) for c in codes if c), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> Any:
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class EventTypeFilter(_LabelledFilter):
    title = "操作"
    parameter_name = "event"
    field = "event_type"

    def label_of(self, code: str) -> str:
        return event_label(code)


class ObjectTypeFilter(_LabelledFilter):
    title = "对象"
    parameter_name = "object"
    field = "object_type"

    def label_of(self, code: str) -> str:
        return object_label(code)


# The audit trail's page is governed by org's authority, so it is registered
# here: audit stays below org (it imports nothing from it). Events read as
# words (audit.presentation): what was done, to what, by name.
@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    permission_code = "audit.view"
    list_display = ("seq", "occurred_at", "actor_name", "what", "subject", "short_hash")
    list_filter = (EventTypeFilter, ObjectTypeFilter)
    search_fields = ("object_id", "actor_name", "hash")
    date_hierarchy = "occurred_at"

    @admin.display(description="操作")
    def what(self, obj: AuditEvent) -> str:
        return event_label(obj.event_type)

    @admin.display(description="对象")
    def subject(self, obj: AuditEvent) -> str:
        return subject_of(obj)

    @admin.display(description="哈希")
    def short_hash(self, obj: AuditEvent) -> str:
        return obj.hash[:16] + "…"
