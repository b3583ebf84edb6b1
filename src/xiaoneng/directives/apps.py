from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "xiaoneng.directives"
    label = "directives"
    verbose_name = "督查督办"
