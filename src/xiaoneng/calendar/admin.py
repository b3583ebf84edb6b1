"""Read-only admin: schedules change only through the import action (the
"导入节假日安排" page and `xiaoneng calendar import`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xiaoneng.org.adminkit import ReadOnlyAdmin

from .models import HolidaySchedule, SpecialDay


class SpecialDayInline(admin.TabularInline[SpecialDay, HolidaySchedule]):
    model = SpecialDay
    fields = ("date", "kind", "name")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(ReadOnlyAdmin):
    permission_code = "calendar.view"
    list_display = ("year", "source", "provisional", "imported_at", "imported_by")
    list_filter = ("provisional",)
    search_fields = ("year", "source")
    inlines = (SpecialDayInline,)


@admin.register(SpecialDay)
class SpecialDayAdmin(ReadOnlyAdmin):
    permission_code = "calendar.view"
    list_display = ("date", "kind", "name", "schedule")
    list_filter = ("kind", "schedule__year")
    search_fields = ("name",)
    date_hierarchy = "date"
