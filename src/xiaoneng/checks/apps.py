from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "xiaoneng.checks"
    label = "checks"
    verbose_name = "明察暗访"
