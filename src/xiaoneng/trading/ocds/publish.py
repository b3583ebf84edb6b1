"""OCDS releases of a project (filled in by the ocds part): `publish` is
called by each action that makes something public, inside its transaction."""

from __future__ import annotations

from collections.abc import Sequence

from xiaoneng.trading.models import Project, Release


def publish(project: Project, tags: Sequence[str]) -> Release | None:
    """Record an immutable release of the project as it stands now, tagged
    `tags` (releaseTag codelist: tender, tenderAmendment, tenderUpdate,
    tenderCancellation, award, awardUpdate, contract…)."""
    return None
