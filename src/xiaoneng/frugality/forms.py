"""The desk forms: they read the typed values (dates, numbers, amounts);
the rules are the actions'. Rendered with the kit (`kit/field.html`)."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import GuestLevel, VehicleKind, VehicleOrigin

DATE = forms.DateInput(attrs={"type": "date"})


def _day(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _amount(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=12, decimal_places=2
    )


def _count(label: str, initial: int | None = None, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, initial=initial, required=required)


class ReceptionForm(forms.Form):
    sending_unit = forms.CharField(label="派出单位", max_length=200)
    letter_number = forms.CharField(
        label="公函文号", max_length=100, required=False, help_text="无公函的公务活动一律不予接待"
    )
    letter_date = _day("公函日期", required=False)
    letter_scan = forms.FileField(label="公函扫描件", required=False)
    guest_level = forms.ChoiceField(label="来宾类别", choices=GuestLevel.choices)
    from_outside_city = forms.BooleanField(label="市外客人", required=False)
    guests = _count("接待对象人数")
    companions = _count("陪餐人数")
    meals = _count("安排用餐次数")
    nights = _count("住宿晚数", initial=0)
    start_on = _day("接待开始日期")
    end_on = _day("接待结束日期")
    planned_cost = _amount("预计费用（元）")
    purpose = forms.CharField(label="公务活动内容", widget=forms.Textarea(attrs={"rows": 3}))


class ActualsForm(forms.Form):
    actual_guests = _count("实际接待人数")
    actual_companions = _count("实际陪餐人数")
    actual_meals = _count("实际用餐次数")
    actual_nights = _count("实际住宿晚数", initial=0)
    meal_cost = _amount("餐费（元）")
    lodging_cost = _amount("住宿费（元）", required=False)
    other_cost = _amount("其他费用（元）", required=False)
    alcohol = forms.ChoiceField(
        label="是否提供酒水", choices=(("0", "否"), ("1", "是")), widget=forms.RadioSelect
    )
    alcohol_on = _day("饮酒日期", required=False)
    checklist = forms.CharField(
        label="接待清单",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="逐项列明时间、项目、人数、金额",
    )

    def action_args(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "actual_guests": d["actual_guests"],
            "actual_companions": d["actual_companions"],
            "actual_meals": d["actual_meals"],
            "actual_nights": d["actual_nights"] or 0,
            "meal_cost": d["meal_cost"],
            "lodging_cost": d["lodging_cost"] or 0,
            "other_cost": d["other_cost"] or 0,
            "alcohol": d["alcohol"] == "1",
            "alcohol_on": d["alcohol_on"],
            "checklist": d["checklist"],
        }


class PurchaseRequestForm(forms.Form):
    kind = forms.ChoiceField(label="车辆类型", choices=VehicleKind.choices)
    model_wanted = forms.CharField(label="拟购车型", max_length=100)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=20, initial=1)
    budget = _amount("预算金额（元）")
    urgent = forms.BooleanField(label="属于特别急需", required=False)
    urgent_reason = forms.CharField(
        label="特别急需理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VehicleForm(forms.Form):
    plate = forms.CharField(label="车牌号", max_length=16)
    model_name = forms.CharField(label="品牌型号", max_length=100)
    kind = forms.ChoiceField(label="车辆类型", choices=VehicleKind.choices)
    origin = forms.ChoiceField(label="来源", choices=VehicleOrigin.choices)
    acquired_on = _day("取得日期")
    price = _amount("购置价格（元）", required=False)
    purchase_request_id = forms.TypedChoiceField(
        label="购置申请（新购必填）", coerce=int, required=False, empty_value=None
    )
    document = forms.CharField(label="调剂文件或补录说明", max_length=200, required=False)
    odometer = forms.IntegerField(label="当前里程（公里）", min_value=0, initial=0)

    def __init__(self, *args: Any, requests: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purchase_request_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "—（无）"),
            *((r.pk, f"{r.number} {r.model_wanted}") for r in requests),
        ]


class UseForm(forms.Form):
    used_on = _day("用车日期")
    driver = forms.CharField(label="驾驶员", max_length=50)
    purpose = forms.CharField(label="用车事由", max_length=300)
    start_km = forms.IntegerField(label="出车里程（公里）", min_value=0)
    end_km = forms.IntegerField(label="回车里程（公里）", min_value=0)
    cost = _amount("运行费用（元）", required=False)


class TripForm(forms.Form):
    purpose = forms.CharField(label="出访任务", widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.CharField(label="出访国家（地区）", max_length=200)
    start_on = _day("出发日期")
    end_on = _day("返回日期")
    budget = _amount("预算（元）")


class TripActualsForm(forms.Form):
    actual_cost = _amount("实际费用（元）")
    report = forms.CharField(
        label="出访报告", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
