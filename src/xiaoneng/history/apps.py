from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "xiaoneng.history"
    label = "history"
    verbose_name = "演示历史数据"
