from django.apps import AppConfig


class TradingConfig(AppConfig):
    name = "xiaoneng.trading"
    label = "trading"
    verbose_name = "公共资源交易"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
