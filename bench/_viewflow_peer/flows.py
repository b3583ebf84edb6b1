"""start → approve → end: the shortest approval a workflow library runs, each
task in its own transaction under viewflow's row lock on the process
(`SelectForUpdateLock`, its recommended lock on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from viewflow import this
from viewflow.workflow import flow, lock


class ApprovalFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.approve)
    approve = flow.Handle(this.approve_process).Next(this.end)
    end = flow.End()

    def start_process(self, activation: Any, applicant: str = "") -> Any:
        activation.process.data = {"applicant": applicant}
        return activation.process

    def approve_process(self, activation: Any) -> Any:
        activation.process.data["decision"] = "approved"
        activation.process.save(update_fields=["data"])
        return activation.process
