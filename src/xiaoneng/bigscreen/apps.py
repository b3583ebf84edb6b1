from django.apps import AppConfig


class BigscreenConfig(AppConfig):
    name = "xiaoneng.bigscreen"
    label = "bigscreen"
    verbose_name = "电子监察大屏"
