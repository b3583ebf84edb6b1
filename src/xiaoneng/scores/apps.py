from django.apps import AppConfig


class ScoresConfig(AppConfig):
    name = "xiaoneng.scores"
    label = "scores"
    verbose_name = "绩效考评"
