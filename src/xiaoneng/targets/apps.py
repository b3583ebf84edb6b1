from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "xiaoneng.targets"
    label = "targets"
    verbose_name = "目标责任"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
