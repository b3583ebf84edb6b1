"""A complaint through every step by the actions (smoke; the details in the other files)."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.complaints import actions
from xiaoneng.complaints.models import Complaint, Status
from xiaoneng.complaints.selectors import public_track
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db


def test_a_complaint_walks_to_reexamination(users: dict[str, User]) -> None:
    bureau = Department.objects.get(code="620700005")
    with travel_to(date(2026, 9, 14)):
        row, code = actions.submit_complaint(
            actor=None,
            channel="online",
            category="rudeness",
            department_id=bureau.pk,
            title="窗口态度差",
            description="工作人员态度蛮横",
            anonymous=True,
            complainant_phone="13900000000",
        )
    assert row.status == Status.ACCEPTING
    assert row.accept_due_on == date(
        2026, 9, 20
    )  # Sunday 20 September 2026 is a working day (调休)
    centre = users["complaint"]
    with travel_to(date(2026, 9, 15)):
        row = actions.accept_complaint(actor=centre, complaint_id=row.pk)
        row = actions.request_explanation(actor=centre, complaint_id=row.pk, questions="请说明")
    with travel_to(date(2026, 9, 16)):
        row = actions.submit_explanation(
            actor=users["depthead"], complaint_id=row.pk, text="已核实"
        )
    with travel_to(date(2026, 9, 17)):
        row = actions.conclude_complaint(
            actor=centre,
            complaint_id=row.pk,
            outcome="substantiated",
            findings="属实",
            handling_opinion="通报批评",
            reply_text="经查属实",
        )
    assert row.status == Status.CONCLUDED
    with travel_to(date(2026, 9, 18)):
        actions.request_reexamination(number=row.number, query_code=code, reason="不服")
    row = Complaint.objects.get(pk=row.pk)
    assert row.status == Status.REEXAMINING
    with travel_to(date(2026, 9, 18)):
        track = public_track(row.number, code)
    assert track["status"] == "reexamining"
