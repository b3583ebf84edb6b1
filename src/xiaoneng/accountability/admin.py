from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from xiaoneng.org.adminkit import GovernedAdmin, ReadOnlyAdmin

from . import configuration
from .models import AccountabilityCase, MeasureKind, Rule


@admin.register(Rule)
class RuleAdmin(GovernedAdmin):
    permission_code = configuration.PERMISSION
    editable = True
    list_display = ("document", "article", "text", "active", "sort")
    list_filter = ("document", "active")

    def save_model(
        self, request: HttpRequest, obj: Rule, form: ModelForm[Rule], change: bool
    ) -> None:
        saved = configuration.save_rule(
            actor=request.user,
            pk=obj.pk,
            document=obj.document,
            article=obj.article,
            text=obj.text,
            active=obj.active,
            sort=obj.sort,
        )
        obj.pk = saved.pk


@admin.register(MeasureKind)
class MeasureKindAdmin(GovernedAdmin):
    permission_code = configuration.PERMISSION
    editable = True
    list_display = (
        "name",
        "code",
        "authority",
        "score_deduction",
        "has_deadline",
        "publishes_bulletin",
        "active",
    )

    def save_model(
        self, request: HttpRequest, obj: MeasureKind, form: ModelForm[MeasureKind], change: bool
    ) -> None:
        saved = configuration.save_measure_kind(
            actor=request.user,
            pk=obj.pk,
            code=obj.code,
            name=obj.name,
            authority=obj.authority,
            score_deduction=obj.score_deduction,
            has_deadline=obj.has_deadline,
            publishes_bulletin=obj.publishes_bulletin,
            active=obj.active,
            sort=obj.sort,
        )
        obj.pk = saved.pk


@admin.register(AccountabilityCase)
class AccountabilityCaseAdmin(ReadOnlyAdmin):
    permission_code = "accountability.manage"
    list_display = ("number", "department", "title", "status", "measure", "decision_number")
    list_filter = ("status", "source_kind")
    search_fields = ("number", "title", "decision_number")
