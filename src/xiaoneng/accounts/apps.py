from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xiaoneng.accounts"
    label = "accounts"
    verbose_name = "账号与认证"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the start-up check
            sessions,  # noqa: F401 - ends deleted sessions in the shared cache
        )
