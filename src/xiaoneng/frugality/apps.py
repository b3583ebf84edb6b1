from django.apps import AppConfig


class FrugalityConfig(AppConfig):
    name = "xiaoneng.frugality"
    label = "frugality"
    verbose_name = "厉行勤俭节约"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
