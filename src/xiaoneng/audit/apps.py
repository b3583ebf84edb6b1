from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "xiaoneng.audit"
    label = "audit"
    verbose_name = "审计链"
