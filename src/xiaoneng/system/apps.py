from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "xiaoneng.system"
    label = "system"
    verbose_name = "系统管理"
