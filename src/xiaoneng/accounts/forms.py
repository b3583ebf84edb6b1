from __future__ import annotations

from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "placeholder": "请输入用户名"}
        ),
    )
    password = forms.CharField(
        label="密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "placeholder": "请输入密码"}
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：市政务服务网对接"}),
    )
    days = forms.IntegerField(label="有效期（天）", min_value=1, max_value=3650, initial=365)
