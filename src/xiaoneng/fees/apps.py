from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "xiaoneng.fees"
    label = "fees"
    verbose_name = "行政事业性收费"

    def ready(self) -> None:
        from xiaoneng.catalog import fees

        from . import vocabulary  # noqa: F401 - registers the codes and events
        from .checker import not_in_force_today

        fees.register(not_in_force_today)
