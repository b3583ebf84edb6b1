"""The desk forms: they read the typed values (dates, choices); the rules
are the actions'. Rendered with the kit (`kit/field.html`)."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Category, ReviewKind, ReviewResult

DATE = forms.DateInput(attrs={"type": "date"})


class ItemForm(forms.Form):
    category = forms.ChoiceField(label="目录类别", choices=Category.choices)
    title = forms.CharField(label="信息名称", max_length=300)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    formed_on = forms.DateField(
        label="形成或变更日期",
        widget=DATE,
        help_text="自该日起 20 个工作日内公开（条例第二十六条）",
    )
    interprets_id = forms.TypedChoiceField(
        label="所解读的规范性文件（政策解读）", required=False, coerce=int, empty_value=None
    )
    body = forms.CharField(label="信息内容", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, documents: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["interprets_id"].choices = [("", "（无）"), *(documents or [])]  # type: ignore[attr-defined]


class ReviseForm(forms.Form):
    """A change to a published item (art. 26 形成或者变更): its day, the changed text."""

    changed_on = forms.DateField(
        label="变更日期", widget=DATE, help_text="自该日起 20 个工作日内重新公开（条例第二十六条）"
    )
    title = forms.CharField(label="变更后的信息名称（不变可不填）", max_length=300, required=False)
    body = forms.CharField(
        label="变更后的信息内容（不变可不填）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ReviewForm(forms.Form):
    number = forms.CharField(label="案号", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=ReviewKind.choices)
    department_id = forms.TypedChoiceField(label="被申请（被诉）机关", coerce=int)
    subject = forms.CharField(label="案由", max_length=300)
    filed_on = forms.DateField(label="收到日期", widget=DATE)

    def __init__(self, *args: Any, departments: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["department_id"].choices = departments or []  # type: ignore[attr-defined]


RESULTS = [(v, label) for v, label in ReviewResult.choices if v != ReviewResult.PENDING]
