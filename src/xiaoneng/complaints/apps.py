from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "xiaoneng.complaints"
    label = "complaints"
    verbose_name = "效能投诉"
