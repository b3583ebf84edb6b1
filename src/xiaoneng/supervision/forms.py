"""Forms of the supervisor desk. They parse; the actions enforce the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from xiaoneng.core.clock import AlertLevel
from xiaoneng.org.models import Department

from .levels import LEVEL_LABELS
from .models import AnomalyKind, AnomalyStatus, CardColour, OrderKind, OrderStatus
from .subjects import SUBJECT_KINDS

DATE = forms.DateInput(attrs={"type": "date"})
TEXTAREA = {"rows": 3, "class": "xn-textarea"}
# what a row is about: a case or one kind of subject of another app
ABOUT = [("", "全部"), ("case", "办件"), *SUBJECT_KINDS.items()]


class DepartmentSearchForm(forms.Form):
    """A list's search form with a `department` choice over the departments
    the actor may filter by (each subclass declares the field where it
    stands in the form)."""

    def __init__(self, *args: Any, departments: Iterable[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部"), *((str(d.pk), d.name) for d in departments)]


class AlertSearchForm(DepartmentSearchForm):
    """搜索 above the desk: department, item, level, period of receipt, keyword."""

    department = forms.ChoiceField(label="责任部门", required=False)
    item = forms.CharField(
        label="事项",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "事项名称或编码", "type": "search"}),
    )
    level = forms.ChoiceField(
        label="预警等级",
        required=False,
        choices=[
            ("", "全部"),
            *(
                (lv.value, LEVEL_LABELS[lv])
                for lv in (AlertLevel.OVERDUE, AlertLevel.WARNING, AlertLevel.NORMAL)
            ),
            (AlertLevel.NONE.value, "待补正（不计时）"),
        ],
    )
    received_from = forms.DateField(label="收件日期自", required=False, widget=DATE)
    received_to = forms.DateField(label="至", required=False, widget=DATE)
    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "办件编号 / 申请人", "type": "search"}),
    )
    warning_days = forms.TypedChoiceField(
        label="预警阈值", required=False, coerce=int, empty_value=None
    )
    card = forms.ChoiceField(
        label="黄红牌",
        required=False,
        choices=[("", "全部"), ("yellow", "有未消除黄牌"), ("red", "有未消除红牌")],
    )
    anomaly = forms.ChoiceField(
        label="异常", required=False, choices=[("", "全部"), ("1", "有未办结异常")]
    )

    def __init__(
        self,
        *args: Any,
        departments: Iterable[Department],
        thresholds: Iterable[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, departments=departments, **kwargs)
        days = self.fields["warning_days"]
        assert isinstance(days, forms.ChoiceField)
        days.choices = [("", "全部"), *((str(n), f"剩余 ≤ {n} 个工作日") for n in thresholds)]


class AnomalySearchForm(DepartmentSearchForm):
    """异常 list: kind, status, department, period of detection."""

    kind = forms.ChoiceField(
        label="异常类型", required=False, choices=[("", "全部"), *AnomalyKind.choices]
    )
    subject = forms.ChoiceField(label="对象", required=False, choices=ABOUT)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *AnomalyStatus.choices]
    )
    department = forms.ChoiceField(label="责任部门", required=False)
    detected_from = forms.DateField(label="发现日期自", required=False, widget=DATE)
    detected_to = forms.DateField(label="至", required=False, widget=DATE)


class ExplainForm(forms.Form):
    explanation = forms.CharField(
        label="情况说明", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class CardSearchForm(DepartmentSearchForm):
    colour = forms.ChoiceField(
        label="牌色", required=False, choices=[("", "全部"), *CardColour.choices]
    )
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("open", "未消除"), ("closed", "已消除")],
    )
    department = forms.ChoiceField(label="责任部门", required=False)


class SubjectCardSearchForm(CardSearchForm):
    subject = forms.ChoiceField(
        label="对象", required=False, choices=[("", "全部"), *SUBJECT_KINDS.items()]
    )
    department = forms.ChoiceField(label="责任单位", required=False)


class OrderSearchForm(DepartmentSearchForm):
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部"), *OrderKind.choices]
    )
    subject = forms.ChoiceField(label="对象", required=False, choices=ABOUT)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *OrderStatus.choices]
    )
    department = forms.ChoiceField(label="责任部门", required=False)


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=OrderKind.choices)
    due_on = forms.DateField(label="答复期限", widget=DATE, help_text="责任部门须在此日前答复")
    text = forms.CharField(
        label="督办（纠错）内容", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="答复内容", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class CloseForm(forms.Form):
    note = forms.CharField(label="办结意见", max_length=500, required=False)
