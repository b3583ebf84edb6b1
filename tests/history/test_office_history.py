"""The demo history's daily government work (issue 11): three months (17
Aug – 13 Nov 2026, with 中秋 and 国庆) played through the office actions
with no refused step, checked from the rows: documents issued under their
numbers (to the counties after the vice-mayor's approval, one long one
reminded); dues opened by the sweep and sent, some late, a few never
(cards, `report_late`); the executive meeting's 全市性会议 with a deputy sent
without leave (`meeting_substitute`) and one with leave; rosters sent (one
late) and an unanswered spot check (`duty_absent`); leave approved and
reported back (one late: a card; one asked after leaving:
`leave_unapproved`); the flood and the accident with a late arrival
(`late_arrival`), closed and reviewed; visits with one problem past its
deadline (card); the sweep on every working day; the audit chain intact;
the same seed, the same tallies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from xiaoneng.audit.selectors import verify_chain
from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.office_days import office_days
from xiaoneng.office.models import (
    Dispatch,
    DispatchStatus,
    Emergency,
    EmergencyStatus,
    Invitation,
    LeaveRequest,
    LeaveStatus,
    Meeting,
    MeetingStatus,
)
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly, SubjectCard

START, END = date(2026, 8, 17), date(2026, 11, 13)


def run(seed: int = 7) -> tuple[dict[str, int], list[str]]:
    said: list[str] = []
    return drain(office_days(seed=seed, start=START, end=END, say=said.append)), said


@pytest.mark.django_db
def test_three_months_of_daily_work(users: dict[str, User]) -> None:
    counts, said = run()
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert said[-1].startswith(f"日常政务：公文 {counts['dispatches_issued']} 件"), said
    _documents(counts)
    _reports(counts)
    _meetings(counts)
    _duty(counts)
    _leave(counts)
    _emergencies(counts)
    _visits(counts)
    count, broken = verify_chain()
    assert broken is None
    assert count > 0


def _documents(counts: dict[str, int]) -> None:
    issued = Dispatch.objects.filter(status=DispatchStatus.ISSUED)
    assert counts["dispatches_issued"] == issued.count() >= 9
    assert len(set(issued.values_list("number", flat=True))) == issued.count()
    to_counties = issued.filter(to_counties=True)
    assert to_counties.exists()
    assert all(d.leader is not None and d.leader.username == "leader" for d in to_counties)
    assert counts["anomaly_dispatch_too_long"] == 1
    assert counts["dispatch_returned"] == 1


def _reports(counts: dict[str, int]) -> None:
    assert counts["dues"] > 0
    assert counts["reports_on_time"] > counts.get("reports_late", 0)
    assert counts["dues_late"] == counts.get("reports_late", 0)
    assert counts["dues_missing"] > 0  # a few never sent: cards and findings
    assert counts["anomaly_report_late"] >= counts["dues_late"] + 1
    assert counts["card_report_due_yellow"] > 0


def _meetings(counts: dict[str, int]) -> None:
    assert counts["meetings"] == 3
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 3
    assert Meeting.objects.filter(route="executive").count() == 2
    flagged = Invitation.objects.filter(substitute=True)
    assert flagged.count() == 2  # one with leave, one without
    assert counts["anomaly_meeting_substitute"] == 1
    assert Anomaly.objects.get(kind="meeting_substitute").department.code == "620700002"


def _duty(counts: dict[str, int]) -> None:
    assert counts["rosters_submitted"] >= 2
    assert counts["rosters_late"] == 1
    assert counts["anomaly_duty_absent"] == 1
    assert counts["checks_present"] >= 1


def _leave(counts: dict[str, int]) -> None:
    rows = LeaveRequest.objects.all()
    assert counts["leave"] == rows.count() == 5
    assert rows.filter(status=LeaveStatus.RETURNED).count() == 5
    assert counts["anomaly_leave_unapproved"] == 1
    assert SubjectCard.objects.filter(subject_kind="leave").exists()


def _emergencies(counts: dict[str, int]) -> None:
    assert counts["emergencies"] == 2
    assert Emergency.objects.filter(status=EmergencyStatus.REVIEWED).count() == 2
    late = Anomaly.objects.filter(kind="late_arrival")
    assert counts["anomaly_late_arrival"] == late.count() == 1


def _visits(counts: dict[str, int]) -> None:
    assert counts["visits"] >= 8
    assert 0 < counts["visit_issues_open"] < counts["visit_issues"]
    assert SubjectCard.objects.filter(subject_kind="visit_issue").exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_the_same_seed_gives_the_same_tallies(users: dict[str, User]) -> None:
    runs: list[dict[str, Any]] = []
    for seed in (7, 7, 8):
        start = transaction.savepoint()
        runs.append(run(seed)[0])
        transaction.savepoint_rollback(start)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
