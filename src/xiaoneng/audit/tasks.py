"""Background work of the audit trail, run by the task worker."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from .actions import CheckpointRefused, write_checkpoint

log = logging.getLogger("xiaoneng.audit")


@task()
def checkpoint() -> dict[str, Any]:
    """Sign the chain's head into the checkpoint file (outside the audit
    table). Idempotent: nothing is written while the head has not moved. A
    chain that no longer extends the last checkpoint is logged as an error
    and left unsigned, so the evidence stays for `xiaoneng audit verify`."""
    try:
        written = write_checkpoint()
    except CheckpointRefused as exc:
        log.error("%s", exc.message)
        return {"written": False, "problem": exc.detail}
    if written is None:
        return {"written": False, "problem": None}
    return {"written": True, "seq": written.seq, "hash": written.hash, "at": written.at}
