from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

from .idcards import credit_code_problem, id_number_problem, mobile_problem, normal_code
from .models import AccountKind


def _text(label: str, limit: int, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, widget=forms.TextInput(attrs=attrs))


def _password(label: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class PublicLoginForm(forms.Form):
    identifier = _text("账号", 150, autocomplete="username")
    password = _password("密码", "current-password")

    def __init__(self, *args: Any, kind: str = AccountKind.PERSON, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = (
            "统一社会信用代码、手机号码或用户名"
            if kind == AccountKind.ENTERPRISE
            else "身份证号、手机号码或用户名"
        )
        self.fields["identifier"].widget.attrs["placeholder"] = hint


class RegisterForm(forms.Form):
    """个人: 姓名, 身份证号; 法人 adds 单位名称, 统一社会信用代码 and names the
    legal representative or 经办人 as the person."""

    enterprise_name = _text("单位名称", 200, autocomplete="organization")
    credit_code = _text("统一社会信用代码", 18, autocomplete="off", spellcheck="false")
    person_name = _text("姓名", 50, autocomplete="name")
    id_no = _text("身份证号", 18, autocomplete="off", inputmode="text")
    phone = _text("手机号码", 11, autocomplete="tel", inputmode="numeric")
    password = _password("密码", "new-password")
    password2 = _password("确认密码", "new-password")

    def __init__(self, *args: Any, kind: str = AccountKind.PERSON, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == AccountKind.ENTERPRISE:
            self.fields["person_name"].label = "法定代表人或经办人姓名"
            self.fields["id_no"].label = "法定代表人或经办人身份证号"
        else:
            del self.fields["enterprise_name"]
            del self.fields["credit_code"]
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def _number(self, name: str, problem: Any) -> str:
        value = normal_code(self.cleaned_data.get(name, ""))
        if error := problem(value):
            raise forms.ValidationError(error)
        return value

    def clean_id_no(self) -> str:
        return self._number("id_no", id_number_problem)

    def clean_credit_code(self) -> str:
        return self._number("credit_code", credit_code_problem)

    def clean_phone(self) -> str:
        return self._number("phone", mobile_problem)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class LinkDisclosureForm(forms.Form):
    tracking_no = _text("申请编号", 32, autocomplete="off")
    query_code = forms.CharField(
        label="查询码", max_length=32, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
