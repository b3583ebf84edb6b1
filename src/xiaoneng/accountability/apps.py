from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "xiaoneng.accountability"
    label = "accountability"
    verbose_name = "问责"

    def ready(self) -> None:
        from xiaoneng.scores.sources import KNOWN, register_metric_source

        from .selectors import deductions_by_unit

        # Each decided measure deducts its points from the unit in the month
        # decided; scores knows the name once the integrator lists it.
        if "accountability" in KNOWN:
            register_metric_source("accountability", deductions_by_unit)
