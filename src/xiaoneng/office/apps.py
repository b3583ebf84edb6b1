from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "xiaoneng.office"
    label = "office"
    verbose_name = "文风会风与值班"

    def ready(self) -> None:
        from xiaoneng.scores.sources import KNOWN, register_metric_source

        from . import params, vocabulary  # noqa: F401 - registries: parameters, events and codes
        from .supervise import findings_by_unit

        # Findings count in the unit's efficiency score (issue 11).
        if "office_findings" in KNOWN:
            register_metric_source("office_findings", findings_by_unit)
