from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "xiaoneng.appraisal"
    label = "appraisal"
    verbose_name = "考核评比"
