from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "xiaoneng.system"
    label = "system"
    verbose_name = "系统管理"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
