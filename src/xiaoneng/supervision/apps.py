from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "xiaoneng.supervision"
    label = "supervision"
    verbose_name = "电子监察"

    def ready(self) -> None:
        # A refused second notice or reasonless refusal is kept as an anomaly
        # (the action's own transaction rolled back; see anomalies.py).
        from xiaoneng.cases.steps import attempt_refused

        from .anomalies import on_attempt_refused

        attempt_refused.connect(on_attempt_refused, dispatch_uid="supervision.attempt_refused")
