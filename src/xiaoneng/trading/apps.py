from django.apps import AppConfig


class TradingConfig(AppConfig):
    name = "xiaoneng.trading"
    label = "trading"
    verbose_name = "公共资源交易"

    def ready(self) -> None:
        # Red flags count in the tenderer's efficiency score (issue 14).
        from xiaoneng.scores.sources import KNOWN, register_metric_source

        from . import params  # noqa: F401 - adds the parameters to the registry
        from .supervise import red_flags_by_unit

        if "trading_red_flags" in KNOWN:
            register_metric_source("trading_red_flags", red_flags_by_unit)
