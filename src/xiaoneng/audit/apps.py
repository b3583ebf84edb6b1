from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "xiaoneng.audit"
    label = "audit"
    verbose_name = "审计链"

    def ready(self) -> None:
        # Every app's event types and error codes, before the first event
        # is recorded (core/vocabulary.py).
        autodiscover_modules("vocabulary")
