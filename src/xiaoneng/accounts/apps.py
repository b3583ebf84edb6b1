from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xiaoneng.accounts"
    label = "accounts"
    verbose_name = "账号与认证"
