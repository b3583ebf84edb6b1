"""印发: the number (发文字号) taken under the series row's lock — no gaps, no
repeats —, and the unit's yearly count against the cap (少发文)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office.common import subject
from xiaoneng.office.models import Dispatch, DispatchSeries, DispatchStatus, Opinion
from xiaoneng.office.params import DISPATCH_CAP
from xiaoneng.office.selectors.dispatches import DRAFT
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.models import Anomaly
from xiaoneng.system.params import get_param

from .common import audit, default_series, expect, gov_office_staff, locked, opinion, tell

OVER_CAP = "dispatch_over_cap"


def number_text(series: str, year: int, seq: int) -> str:
    """张工商发〔2026〕12号 (GB/T 9704 §7.2.4: 六角括号, no leading zeros)."""
    return f"{series}〔{year}〕{seq}号"


def take_number(issuer_id: int, series: str, year: int) -> int:
    """The next sequence number of the series, its row locked until the
    transaction ends: a second issue waits here and takes the one after."""
    DispatchSeries.objects.get_or_create(issuer_id=issuer_id, series=series, year=year)
    row = DispatchSeries.objects.select_for_update().get(
        issuer_id=issuer_id, series=series, year=year
    )
    return advance(row)


def advance(row: DispatchSeries) -> int:
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def issued_count(issuer_id: int, year: int) -> int:
    return Dispatch.objects.filter(
        issuer_id=issuer_id, year=year, status=DispatchStatus.ISSUED
    ).count()


def _check_cap(row: Dispatch) -> None:
    """Over the cap: one finding per unit and year, told to the unit's heads
    (by supervision) and to the government office."""
    cap = get_param(DISPATCH_CAP)
    year = row.year or timesource.today().year
    count = issued_count(row.issuer_id, year)
    if count <= cap:
        return
    already = Anomaly.objects.filter(
        kind=OVER_CAP, department_id=row.issuer_id, detected_on__year=year
    ).exists()
    if already:
        return
    url = reverse("office:document", kwargs={"pk": row.pk})
    raise_subject_anomaly(
        subject=subject(
            "dispatch", row.pk, f"{row.issuer.name}{year}年发文超过控制数", url, row.issuer_id
        ),
        kind=OVER_CAP,
        evidence={"年份": year, "已印发": count, "控制数": cap, "发文字号": row.number},
        found_on=timesource.today(),
    )
    tell(
        gov_office_staff() + department_heads([row.issuer_id]).get(row.issuer_id, []),
        row,
        f"{row.issuer.name}{year}年已印发公文{count}件，超过控制数{cap}件",
        "请从严控制发文数量（少发文）。",
    )


@transaction.atomic
def issue_dispatch(*, actor: Any, dispatch_id: Any) -> Dispatch:
    """印发 by the issuer's office: the next number of the issuer's series this
    year. A document to the counties is never issued without the city
    leader's approval."""
    user, row = locked(actor, dispatch_id, DRAFT)
    expect(row, DispatchStatus.APPROVED)
    if row.to_counties and row.leader_id is None:
        raise Conflict(
            "发往县区政府的公文须经市分管领导审批后方可印发",
            code="office_dispatch_needs_leader",
        )
    year = timesource.today().year
    series = row.series or default_series(row.issuer)
    seq = take_number(row.issuer_id, series, year)
    row.series, row.year, row.seq = series, year, seq
    row.number = number_text(series, year, seq)
    row.status, row.issued_by, row.issued_at = DispatchStatus.ISSUED, user, timesource.now()
    row.save(update_fields=["series", "year", "seq", "number", "status", "issued_by", "issued_at"])
    opinion(row, Opinion.Step.ISSUE, user, row.number)
    audit(user, row, "dispatch_issued", number=row.number)
    _check_cap(row)
    recipients = [d.pk for d in row.recipients.all()]
    heads = department_heads(recipients)
    tell([u for d in recipients for u in heads.get(d, [])], row, f"收文 {row.number}")
    return row
