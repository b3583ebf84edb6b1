from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "xiaoneng.disclosure"
    label = "disclosure"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from . import recompute  # noqa: F401 - registers the calendar-import hook
