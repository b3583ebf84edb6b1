from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "xiaoneng.cases"
    label = "cases"
    verbose_name = "审批办件"

    def ready(self) -> None:
        from . import recompute  # noqa: F401 - registers the calendar-import hook
