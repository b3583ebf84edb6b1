from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "xiaoneng.checks"
    label = "checks"
    verbose_name = "明察暗访"

    def ready(self) -> None:
        from . import recompute  # noqa: F401 - registers the calendar-import hook
