"""Background work of the documents, run by the task worker (daily,
system/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from . import conf
from .store import prune_unread


@task()
def prune_document_store() -> int:
    """Drop stored documents nobody downloaded for XIAONENG_DOCUMENT_STORE_DAYS
    days: idempotent (a second run the same day deletes nothing more)."""
    return prune_unread(conf.store_days())
