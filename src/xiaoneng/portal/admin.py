"""系统管理 → 门户: the search dictionary (检索同义词与热词) and the materials'
样表/空表. Every save and delete goes through `portal.actions` (audited);
the forms check first so that a mistake reads as a message on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from xiaoneng.cases import uploads
from xiaoneng.core.errors import DomainError
from xiaoneng.org.adminkit import GovernedAdmin

from . import actions
from .models import MaterialSample, SearchWord, split_terms


class SearchWordForm(forms.ModelForm):  # type: ignore[type-arg]  # generic in the stubs only
    class Meta:
        model = SearchWord
        fields = ("word", "terms", "hot", "sort")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not split_terms(data.get("terms", "")) and not data.get("hot"):
            raise forms.ValidationError("请填写同义词，或将该词设为热词")
        return data


@admin.register(SearchWord)
class SearchWordAdmin(GovernedAdmin):
    permission_code = actions.PERMISSION
    editable = True
    form = SearchWordForm
    list_display = ("word", "terms", "hot", "sort", "updated_at")
    list_filter = ("hot",)
    search_fields = ("word", "terms")
    actions = None  # no bulk delete past the audited action

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: SearchWord, form: Any, change: bool) -> None:
        saved = actions.save_search_word(
            actor=request.user,
            word=obj.word,
            terms=obj.terms,
            hot=obj.hot,
            sort=obj.sort,
            pk=obj.pk if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: SearchWord) -> None:
        actions.delete_search_word(actor=request.user, pk=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SearchWord]) -> None:
        for row in queryset:
            actions.delete_search_word(actor=request.user, pk=row.pk)


class SampleForm(forms.ModelForm):  # type: ignore[type-arg]  # generic in the stubs only
    upload = forms.FileField(
        label="文件", help_text=f"{uploads.ALLOWED_LABEL}；同一材料的同类文件再次上传将替换原文件"
    )

    class Meta:
        model = MaterialSample
        fields = ("material", "kind")

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        try:
            uploads.check_file(upload)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
        upload.seek(0)
        return upload

    def validate_unique(self) -> None:
        return None  # a second file of a kind replaces the first (the action)


@admin.register(MaterialSample)
class MaterialSampleAdmin(GovernedAdmin):
    permission_code = actions.PERMISSION
    editable = True
    form = SampleForm
    list_display = ("material", "kind", "filename", "size", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("material__name", "material__item__name", "filename")
    autocomplete_fields = ()
    raw_id_fields = ("material",)
    actions = None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # replace by uploading

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def save_model(
        self, request: HttpRequest, obj: MaterialSample, form: Any, change: bool
    ) -> None:
        saved = actions.attach_sample(
            actor=request.user,
            material_id=obj.material_id,
            kind=obj.kind,
            upload=form.cleaned_data["upload"],
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: MaterialSample) -> None:
        actions.remove_sample(actor=request.user, pk=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[MaterialSample]) -> None:
        for row in queryset:
            actions.remove_sample(actor=request.user, pk=row.pk)
