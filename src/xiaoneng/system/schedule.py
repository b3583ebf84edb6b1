"""Periodic jobs: what the scheduler enqueues, and how often. Each job must be
idempotent — running it twice changes nothing twice — so a missed or doubled
tick is harmless."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class Periodic:
    task: str  # dotted path of a django-tasks Task
    every_seconds: int

    def resolve(self) -> Any:
        module, _, name = self.task.rpartition(".")
        return getattr(import_module(module), name)


PERIODIC: tuple[Periodic, ...] = (
    Periodic("xiaoneng.cases.tasks.deemed_acceptance_sweep", every_seconds=300),
    Periodic("xiaoneng.supervision.tasks.issue_cards", every_seconds=900),
    Periodic("xiaoneng.complaints.tasks.complaint_cards_sweep", every_seconds=900),
    Periodic("xiaoneng.targets.tasks.target_cards_sweep", every_seconds=900),
    Periodic("xiaoneng.directives.tasks.directive_cards_sweep", every_seconds=900),
    Periodic("xiaoneng.notifications.tasks.send_notification_digest", every_seconds=600),
    Periodic("xiaoneng.supervision.tasks.detect_anomalies", every_seconds=1800),
    Periodic("xiaoneng.fees.tasks.sweep_charges", every_seconds=86400),
    Periodic("xiaoneng.openinfo.tasks.openinfo_late_sweep", every_seconds=86400),
    Periodic("xiaoneng.enforcement.tasks.enforcement_sweep", every_seconds=86400),
    Periodic("xiaoneng.trading.tasks.trading_sweep", every_seconds=86400),
    Periodic("xiaoneng.office.tasks.office_sweep", every_seconds=86400),
    Periodic("xiaoneng.documents.tasks.prune_document_store", every_seconds=86400),
    Periodic("xiaoneng.workbench.reminders.next_year_schedule_reminder", every_seconds=86400),
    Periodic("xiaoneng.scores.tasks.rollup_recent_months", every_seconds=3600),
    # The audit chain's head, signed into a file outside the audit table: the
    # last events cannot be deleted unseen past the next checkpoint.
    Periodic("xiaoneng.audit.tasks.checkpoint", every_seconds=900),
)
