"""Password rules (AUTH_PASSWORD_VALIDATORS): the complexity policy of the
parameters, and production's refusal of the demo city's published password.

The policy validator also keeps `User.password_changed_at`: Django calls
`password_changed` on every validator each time a user is saved with a new
password, whatever set it (the password page, `create_user`, the
`changepassword` command). The date is left empty when the new password is
the published demo password: an empty date means "not a password of the
owner's choosing", which production refuses and the start-up check lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiaoneng.system.params import get_param

__all__ = ["DEMO_PASSWORD", "DemoPasswordValidator", "PasswordPolicyValidator", "character_classes"]

DEMO_PASSWORD = "Zhangye@2012"  # noqa: S105 - published in the README, demo mode only
CLASS_NAMES = "大写字母、小写字母、数字、特殊字符"


def character_classes(password: str) -> int:
    """How many of the four classes (A–Z, a–z, 0–9, anything else) occur."""
    upper = any("A" <= c <= "Z" for c in password)
    lower = any("a" <= c <= "z" for c in password)
    digit = any("0" <= c <= "9" for c in password)
    other = any(not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9") for c in password)
    return upper + lower + digit + other


class PasswordPolicyValidator:
    """Minimum length and character classes, both parameters
    (`auth.password_min_length`, `auth.password_min_classes`)."""

    def validate(self, password: str, user: Any = None) -> None:
        length = get_param("auth.password_min_length")
        classes = get_param("auth.password_min_classes")
        errors = []
        if len(password) < length:
            errors.append(
                ValidationError(
                    f"密码长度不能少于 {length} 位",
                    code="password_too_short",
                    params={"min_length": length},
                )
            )
        have = character_classes(password)
        if have < classes:
            errors.append(
                ValidationError(
                    f"密码须包含{CLASS_NAMES}中的至少 {classes} 类（当前只有 {have} 类）",
                    code="password_too_simple",
                    params={"min_classes": classes},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return (
            f"密码至少 {get_param('auth.password_min_length')} 位，且须包含{CLASS_NAMES}中的"
            f"至少 {get_param('auth.password_min_classes')} 类。"
        )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        changed_at = None if password == DEMO_PASSWORD else timezone.now()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=changed_at)
        user.password_changed_at = changed_at


class DemoPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if not settings.DEMO_MODE and password == DEMO_PASSWORD:
            raise ValidationError("不能使用演示环境的默认密码", code="password_is_demo_default")

    def get_help_text(self) -> str:
        return "生产环境不得使用演示环境的默认密码。"
