"""Production refuses the demo city's published passwords."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

DEMO_PASSWORD = "Zhangye@2012"  # noqa: S105 - the demo accounts' published password


class DemoPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if not settings.DEMO_MODE and password == DEMO_PASSWORD:
            raise ValidationError("不能使用演示环境的默认密码", code="password_is_demo_default")

    def get_help_text(self) -> str:
        return "生产环境不得使用演示环境的默认密码。"
