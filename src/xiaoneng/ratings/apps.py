from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "xiaoneng.ratings"
    label = "ratings"
    verbose_name = "政务服务好差评"

    def ready(self) -> None:
        # Ratings feed the monthly figures (好评率) through the scores registry.
        from . import recompute  # noqa: F401 - registers the calendar-import hook
        from .metrics import register_sources

        register_sources()
