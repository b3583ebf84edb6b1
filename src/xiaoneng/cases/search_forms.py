"""The 综合查询 form: it parses what was typed into `CaseFilters`; the items
and departments offered are those of the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.org.authority import scope_q

from .models import CaseStatus
from .search import CaseFilters

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label="办件编号 / 申请人",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "编号或申请人名称"}),
    )
    id_no = forms.CharField(
        label="证件号码",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "身份证号或统一社会信用代码（完整）"}),
    )
    status = forms.ChoiceField(label="状态", required=False)
    item = forms.TypedChoiceField(label="事项", required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(
        label="承办部门", required=False, coerce=int, empty_value=None
    )
    received_from = forms.DateField(label="收件日期从", required=False, widget=DATE)
    received_to = forms.DateField(label="至", required=False, widget=DATE)
    decided_from = forms.DateField(label="决定日期从", required=False, widget=DATE)
    decided_to = forms.DateField(label="至", required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = (
            ApprovalItem.objects.filter(scope_q(actor, dept_field="department"))
            .select_related("department")
            .order_by("department__name", "name")
            .only("id", "name", "department__id", "department__name")
        )
        departments: dict[int, str] = {}
        item_choices: list[tuple[Any, str]] = [("", "全部事项")]
        for item in items:
            departments.setdefault(item.department_id, item.department.name)
            item_choices.append((item.pk, item.name))
        self._choices("status", [("", "全部状态"), *CaseStatus.choices])
        self._choices("item", item_choices)
        self._choices("department", [("", "全部部门"), *departments.items()])

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> CaseFilters:
        """The filters of a valid form (an invalid field filters nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        return CaseFilters(
            q=data.get("q") or "",
            id_no=data.get("id_no") or "",
            status=data.get("status") or "",
            item_id=data.get("item"),
            department_id=data.get("department"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
        )
