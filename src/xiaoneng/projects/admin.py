"""Admin pages: the lead table and the counties' agents are edited here
(saves go through the actions); dossiers are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from xiaoneng.org.adminkit import GovernedAdmin, ReadOnlyAdmin

from . import actions
from .models import AgentAssignment, DossierCase, ProjectDossier, ProjectTypeLead


@admin.register(ProjectTypeLead)
class ProjectTypeLeadAdmin(GovernedAdmin):
    permission_code = "project.manage"
    editable = True
    list_display = ("project_type", "department", "remark")
    fields = ("project_type", "department", "remark")

    def save_model(
        self,
        request: HttpRequest,
        obj: ProjectTypeLead,
        form: ModelForm[ProjectTypeLead],
        change: bool,
    ) -> None:
        saved = actions.set_type_lead(
            actor=request.user,
            project_type=obj.project_type,
            department=obj.department,
            remark=obj.remark,
        )
        obj.pk = saved.pk


@admin.register(AgentAssignment)
class AgentAssignmentAdmin(GovernedAdmin):
    permission_code = "project.manage"
    editable = True
    list_display = ("county", "agent", "active")
    list_filter = ("county", "active")
    fields = ("county", "agent", "active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # An appointment's county and agent are its identity; only `active` changes.
        return ("county", "agent") if obj is not None else ()

    def save_model(
        self,
        request: HttpRequest,
        obj: AgentAssignment,
        form: ModelForm[AgentAssignment],
        change: bool,
    ) -> None:
        saved = actions.appoint_agent(
            actor=request.user, county=obj.county, agent=obj.agent, active=obj.active
        )
        obj.pk = saved.pk


class DossierCaseInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = DossierCase
    extra = 0
    fields = ("case", "stage", "added_by", "added_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProjectDossier)
class ProjectDossierAdmin(ReadOnlyAdmin):
    permission_code = "project.manage"
    list_display = (
        "project_code",
        "name",
        "enterprise_name",
        "county",
        "lead_department",
        "agent",
        "is_major",
        "status",
    )
    list_filter = ("status", "project_type", "is_major", "county")
    search_fields = ("project_code", "name", "enterprise_name", "credit_code")
    inlines = (DossierCaseInline,)
