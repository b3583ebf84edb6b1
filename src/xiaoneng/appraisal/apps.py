from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "xiaoneng.appraisal"
    label = "appraisal"
    verbose_name = "考核评比"

    def ready(self) -> None:
        from . import params  # noqa: F401 - adds the parameters to the registry
        from .sources import register

        # The year-end parts read targets, scores, complaints, accountability.
        register()
