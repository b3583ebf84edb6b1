from django.apps import AppConfig


class FrugalityConfig(AppConfig):
    name = "xiaoneng.frugality"
    label = "frugality"
    verbose_name = "厉行勤俭节约"
