from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "xiaoneng.targets"
    label = "targets"
    verbose_name = "目标责任"
