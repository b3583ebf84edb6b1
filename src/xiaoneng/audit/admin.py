from django.contrib import admin

from xiaoneng.web.adminkit import ReadOnlyAdmin

from .models import AuditEvent


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
