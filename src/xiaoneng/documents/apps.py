from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "xiaoneng.documents"
    label = "documents"
    verbose_name = "办件文书"
