"""The case hot path's SQL (cases/hotpath.py) reads and writes exactly what
the ORM would: its twins are compared field by field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from xiaoneng.cases import actions, hotpath
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.system.models import OperationLog

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def _walked(users: dict[str, User], item: ApprovalItem) -> Case:
    with travel_to(DAY):
        case, _ = actions.submit_application(
            actor=users["window"],
            item_code=item.code,
            applicant_name="祁连绿源",
            applicant_phone="13800000000",
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
        actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    return case


def _row(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_the_locked_read_equals_the_orms(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _walked(users, promise_item)
    with transaction.atomic():
        locked = hotpath.lock(case.pk)
    stored = Case.objects.select_related("item", "department").get(pk=case.pk)
    assert locked is not None
    assert _row(locked) == _row(stored)
    assert locked.applicant_phone == "13800000000"  # unsealed as the ORM does
    assert (locked.item.code, locked.item.name) == (stored.item.code, stored.item.name)
    assert locked.department.name == stored.department.name
    with transaction.atomic():
        assert hotpath.lock(10**9) is None


def test_events_and_writes_equal_the_orms(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _walked(users, promise_item)
    with transaction.atomic():
        locked = hotpath.lock(case.pk)
        assert locked is not None
        read = hotpath.events(locked)
    orm = list(CaseEvent.objects.filter(case_id=case.pk).order_by("seq"))
    assert [_row(e) for e in read] == [_row(e) for e in orm]
    assert [e.kind for e in orm] == ["received", "accepted", "decided"]
    assert orm[0].payload["item"] == promise_item.code
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == "decided"
    assert stored.decision == "approved"
    assert stored.version == 4
    assert stored.tracking_no.startswith("20260302")
    assert model_to_dict(stored)["applicant_phone"] == "13800000000"


def test_a_step_answers_from_what_it_read_and_wrote(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _walked(users, promise_item)
    with travel_to(DAY), transaction.atomic():
        done = actions.deliver_case(actor=users["window"], case_id=case.pk)
        kept = hotpath.kept_events(done)
    assert kept is not None
    assert [e.seq for e in kept] == [1, 2, 3, 4]
    assert [_row(e) for e in kept] == [
        _row(e) for e in CaseEvent.objects.filter(case_id=case.pk).order_by("seq")
    ]


def test_a_transition_costs_seven_statements(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    with travel_to(DAY):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="甲"
        )
        with CaptureQueriesContext(connection) as captured:
            actions.accept_case(actor=users["window"], case_id=case.pk)
    statements = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
    ]
    # lock, events, INSERT event, UPDATE case, audit head, INSERT audit, UPDATE head
    assert len(statements) <= 7, statements


def test_the_api_writes_its_operation_log_row_with_the_step(
    api: Any, promise_item: ApprovalItem
) -> None:
    window = api("window")
    with travel_to(DAY):
        made = window.post("/cases", {"item_code": promise_item.code, "applicant_name": "甲"})
        assert made.status_code == 201
        before = OperationLog.objects.count()
        accepted = window.post(f"/cases/{made.json()['id']}/accept")
        assert accepted.status_code == 200
        assert [e["kind"] for e in accepted.json()["events"]] == ["received", "accepted"]
        assert OperationLog.objects.count() == before + 1
        refused = window.post(f"/cases/{made.json()['id']}/accept")
    assert refused.status_code == 409
    rows = list(OperationLog.objects.order_by("-id")[:2])
    assert [r.status_code for r in rows] == [409, 200]
