"""Evidence as the officers take it (执法全过程记录, 国办发〔2018〕118号): what,
when, where (the browser's location where it allows), by at least two
officers each holding a certificate valid on that day (art. 42, 55), and its
files through the house's checked upload, each with its SM3 digest — the
audit event carries the digests, so the chain keeps the evidence as taken.

Also the refusal of an act that would open a case (a clue, a decision on
the spot): no case is left to hang the anomaly on after the rollback, so
the attempt itself is the supervision subject (`penalty_attempt`, named by
the audit event of the refusal)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.enforcement.common import Refused, certified_officers, record_refusal
from xiaoneng.enforcement.models import Evidence, EvidenceFile, EvidenceKind, PenaltyCase
from xiaoneng.org.models import User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

from . import inputs

P = ParamSpec("P")
R = TypeVar("R")

MICRODEGREE = Decimal("0.000001")


@dataclass(frozen=True)
class EvidenceIn:
    """An evidence record, checked, before anything is written."""

    kind: str
    description: str
    taken_at: datetime
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    officers: list[User]
    files: list[uploads.CheckedFile]


def coordinate(value: Any, limit: int, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = Decimal("NaN")
    if isinstance(value, bool) or not number.is_finite() or not -limit <= number <= limit:
        raise InvalidInput(f"{label}不正确", code="enforcement_location_invalid")
    return number.quantize(MICRODEGREE, rounding=ROUND_HALF_UP)


def checked_files(files: Iterable[Any] | None) -> list[uploads.CheckedFile]:
    """Each file checked by its content (PDF, JPEG, PNG, OFD), within the
    house's limits on a file, on their number and their total size."""
    given = [f for f in (files or ()) if f is not None]
    limit = uploads.limits()
    checked: list[uploads.CheckedFile] = []
    for upload in given:
        one = uploads.check_file(upload, limit=limit)
        uploads.check_quota(
            files=len(checked), total=sum(c.size for c in checked), adding=one.size, limit=limit
        )
        checked.append(one)
    return checked


def check_evidence(
    case: PenaltyCase,
    actor: User,
    *,
    kind: Any,
    description: Any,
    taken_at: Any,
    place: Any,
    latitude: Any = None,
    longitude: Any = None,
    officer_ids: Any,
    files: Iterable[Any] | None = None,
) -> EvidenceIn:
    """The record checked; the officers certified on the day it was taken,
    `actor` (who records it) among them (`Refused` otherwise: the anomaly is
    recorded after the rollback)."""
    moment = inputs.a_moment(taken_at, code="enforcement_evidence_time_invalid", label="取证时间")
    if inputs.local_day(moment) < case.found_on:
        raise InvalidInput(
            "取证时间不能早于发现线索的日期", code="enforcement_evidence_time_invalid"
        )
    lat = coordinate(latitude, 90, "纬度")
    lon = coordinate(longitude, 180, "经度")
    if (lat is None) != (lon is None):
        raise InvalidInput("经度和纬度须同时填写", code="enforcement_location_invalid")
    record = EvidenceIn(
        kind=inputs.choice(
            kind, EvidenceKind.values, code="enforcement_evidence_invalid", label="证据类型"
        ),
        description=inputs.text(description, code="enforcement_evidence_invalid", label="证据内容"),
        taken_at=moment,
        place=inputs.text(place, code="enforcement_evidence_invalid", label="取证地点", limit=200),
        latitude=lat,
        longitude=lon,
        officers=[],
        files=checked_files(files),
    )
    officers = certified_officers(
        case, inputs.ids(officer_ids), inputs.local_day(moment), actor=actor
    )
    return EvidenceIn(**{**record.__dict__, "officers": officers})


def write_evidence(case: PenaltyCase, user: User, record: EvidenceIn) -> dict[str, Any]:
    """The rows of a checked record; what its audit event carries."""
    row = Evidence.objects.create(
        case=case,
        kind=record.kind,
        description=record.description,
        taken_at=record.taken_at,
        place=record.place,
        latitude=record.latitude,
        longitude=record.longitude,
        recorded_by=user,
    )
    row.officers.set(record.officers)
    stored = uploads.store_checked(
        EvidenceFile, record.files, f"enforcement/{case.pk}", evidence=row
    )
    return {
        "evidence": row.pk,
        "kind": row.kind,
        "taken_at": record.taken_at.isoformat(),
        "place": row.place,
        "location": [str(record.latitude), str(record.longitude)] if record.latitude else None,
        "officers": [u.pk for u in record.officers],
        "files": [{"file": f.pk, "name": f.filename, "size": f.size, "sm3": f.sm3} for f in stored],
    }


def refusing_opening(fn: Callable[P, R]) -> Callable[P, R]:
    """`common.refusing` for an act that would open a case: when the refused
    case was never saved, the attempt is the anomaly's subject."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Refused as exc:
            if exc.case.pk is None:
                record_refused_opening(exc, kwargs.get("actor"))
            else:
                record_refusal(exc, kwargs.get("actor"))
            raise

    return run


def record_refused_opening(exc: Refused, actor: Any) -> None:
    case = exc.case
    with transaction.atomic():
        refusal = record_event(
            actor=actor if isinstance(actor, User) else None,
            event_type="enforcement.act_refused",
            object_type="penalty_case",
            payload={
                "code": exc.code,
                "anomaly": exc.anomaly,
                "detail": exc.detail,
                "opening": case.procedure,
                "item": case.item_id,
            },
        )
        raise_subject_anomaly(
            subject=Subject(
                kind="penalty_attempt",
                ref=refusal.seq,
                title=f"{case.item.name}（{case.place}，未成案）",
                url=reverse("enforcement:cases"),
                department_id=case.body_id,
            ),
            kind=exc.anomaly,
            evidence={"code": exc.code, "message": str(exc), "detail": exc.detail},
            found_on=timesource.today(),
        )
