from django.apps import AppConfig


class OpeninfoConfig(AppConfig):
    name = "xiaoneng.openinfo"
    label = "openinfo"
    verbose_name = "政府信息主动公开"
