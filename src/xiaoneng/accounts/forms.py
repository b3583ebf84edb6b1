from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator

from xiaoneng.system.params import get_param


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


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="当前密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label="新密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="确认新密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：市政务服务网对接"}),
    )
    days = forms.IntegerField(label="有效期（天）", min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both bounds are parameters (auth.token_days, auth.token_max_days).
        longest = get_param("auth.token_max_days")
        days = self.fields["days"]
        assert isinstance(days, forms.IntegerField)
        days.max_value = longest
        days.validators.append(MaxValueValidator(longest))
        days.widget.attrs["max"] = str(longest)
        days.initial = min(get_param("auth.token_days"), longest)
        days.help_text = f"最长 {longest} 天，到期自动失效"
