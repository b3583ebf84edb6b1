from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "xiaoneng.citizens"
    label = "citizens"
    verbose_name = "公众账号（个人/法人）"

    def ready(self) -> None:
        from . import vocabulary  # noqa: F401 - registers the events and error codes
        from .drafts import connect

        connect()
