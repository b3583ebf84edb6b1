from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "xiaoneng.fees"
    label = "fees"
    verbose_name = "行政事业性收费"
