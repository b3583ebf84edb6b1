from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "xiaoneng.directives"
    label = "directives"
    verbose_name = "督查督办"

    def ready(self) -> None:
        # The app's parameters join the registry (directives/params.py).
        from . import params  # noqa: F401
