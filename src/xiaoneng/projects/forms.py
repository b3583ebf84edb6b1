"""Forms of the green-channel pages. They only parse; the actions enforce
the rules (credit-code check digit, project code, scope) and name them."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoneng.catalog.selectors import published_items

from .models import DossierStatus, Industry, ProjectType, Stage
from .selectors import counties, county_agents

TEXTAREA = {"rows": 2, "class": "xn-textarea"}


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class DossierForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=200)
    project_code = forms.CharField(
        label="项目代码",
        max_length=24,
        help_text="投资项目在线审批监管平台赋码，如 2026-620702-01-03-000118",
    )
    enterprise_name = forms.CharField(label="项目单位", max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=18, help_text="18位，按 GB 32100 校验"
    )
    project_type = forms.ChoiceField(
        label="项目类型", choices=ProjectType.choices, help_text="决定牵头部门"
    )
    industry = forms.ChoiceField(label="所属行业", choices=Industry.choices)
    county_code = forms.ChoiceField(label="落地县（区）", help_text="由该县（区）指派帮办代办员")
    investment = forms.DecimalField(
        label="总投资（万元）", max_digits=14, decimal_places=2, min_value=0
    )
    key_project = forms.BooleanField(label="省市列重点项目", required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    summary = forms.CharField(
        label="建设内容", max_length=500, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "county_code", [(c.code, c.name) for c in counties()])


class ApplyForm(forms.Form):
    item_code = forms.ChoiceField(label="申请事项")
    stage = forms.ChoiceField(label="办理阶段", choices=Stage.choices, initial=Stage.APPROVAL)
    summary = forms.CharField(
        label="申请事由", max_length=400, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = [
            (i.code, f"{i.department.short_name or i.department.name} · {i.name}")
            for i in published_items()
        ]
        _set_choices(self, "item_code", items)


class ReassignForm(forms.Form):
    agent_id = forms.TypedChoiceField(label="改派给", coerce=int, empty_value=None, required=False)
    reason = forms.CharField(label="改派理由", max_length=200)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agents = [(u.pk, u.display_name) for u in county_agents(dossier.county)]
        _set_choices(self, "agent_id", [("", "自动（该县区在办项目最少的代办员）"), *agents])


class CloseForm(forms.Form):
    note = forms.CharField(label="办结说明", max_length=200, required=False)


class DossierSearchForm(forms.Form):
    q = forms.CharField(
        label="关键字",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "项目名称 / 代码 / 单位", "type": "search"}),
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *DossierStatus.choices]
    )
