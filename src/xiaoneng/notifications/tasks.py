"""Background work of the notification centre, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from . import digest


@task()
def send_notification_digest() -> int:
    """One e-mail per recipient with everything not yet mailed."""
    return digest.send_digest()
