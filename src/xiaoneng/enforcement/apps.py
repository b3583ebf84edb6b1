from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "xiaoneng.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
