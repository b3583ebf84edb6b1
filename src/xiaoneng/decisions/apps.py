from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "xiaoneng.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
