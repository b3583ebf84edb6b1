from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "xiaoneng.inspections"
    label = "inspections"
    verbose_name = "检查评比观摩"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
