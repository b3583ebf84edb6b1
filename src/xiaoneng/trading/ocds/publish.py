"""OCDS releases of a project: `publish` is called by each action that makes
something public, inside its transaction (the project's row is locked by
then, so two publishes of one project cannot take the same sequence)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Max

from xiaoneng.core import timesource
from xiaoneng.trading.common import ocid as ocid_of
from xiaoneng.trading.models import Project, Release

from .build import build_release
from .values import codelist


def release_id(ocid: str, sequence: int) -> str:
    return f"{ocid}-{sequence:04d}"


def publish(project: Project, tags: Sequence[str]) -> Release | None:
    """Record an immutable release of the project as it stands now, tagged
    `tags` (releaseTag codelist: tender, tenderAmendment, tenderUpdate,
    tenderCancellation, award, awardUpdate, contract…). A tag outside the
    codelist is a programming error (ValueError), never published."""
    unknown = [t for t in tags if t not in codelist("releaseTag") or t == "compiled"]
    if not tags or unknown:
        raise ValueError(f"OCDS release tags outside the releaseTag codelist: {unknown or tags}")
    ocid = ocid_of(project)
    last = Release.objects.filter(project=project).aggregate(n=Max("sequence"))["n"] or 0
    sequence = last + 1
    date = timesource.now()
    rid = release_id(ocid, sequence)
    payload = build_release(project, ocid=ocid, release_id=rid, date=date, tags=tags)
    return Release.objects.create(
        project=project,
        ocid=ocid,
        release_id=rid,
        sequence=sequence,
        date=date.replace(microsecond=0),
        tags=list(tags),
        payload=payload,
    )
