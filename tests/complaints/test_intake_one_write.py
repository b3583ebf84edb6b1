"""The intake as one write: everything checked and prepared before the
transaction, then one transaction holding the complaint (sealed identity,
number, clock columns), its first event, its audit event, the Open311
rate-limit count and the operation-log row — all or nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.complaints import clock
from xiaoneng.complaints.actions import (
    common,
    intake,
    issue_api_key,
    revoke_api_key,
    submit_complaint,
)
from xiaoneng.complaints.models import Complaint, ComplaintEvent
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.org.models import Department, User
from xiaoneng.system.actions import set_parameter
from xiaoneng.system.models import OperationLog
from xiaoneng.web.models import RateBucket

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests.json"
NAME, PHONE = "钱多多", "13909361234"
CLOCK_FIELDS = (
    "status", "received_on", "accept_due_on", "accepted_on", "conclude_due_on", "due_on",
    "closed_on", "extension_days", "late", "late_steps", "provisional", "is_open",
    "explanation_due_on", "reexamination_due_on",
)  # fmt: skip


@pytest.fixture
def key(users: dict[str, User]) -> str:
    _system, plain = issue_api_key(actor=users["complainthead"], name="12345 热线系统")
    return plain


def form(key: str, **changes: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "service_code": "rudeness",
        "attribute[department_code]": "620700005",  # 市工商局
        "attribute[staff_name]": "王窗口",
        "address_string": "张掖市政务服务中心一楼",
        "description": "窗口工作人员态度蛮横，拒绝解释材料要求",
        "first_name": "多多",
        "last_name": "钱",
        "phone": PHONE,
        **changes,
    }


def _limit(users: dict[str, User], value: int) -> None:
    set_parameter(actor=users["admin"], key="open311.requests_per_minute", value=str(value))


def _hits() -> int:
    return sum(RateBucket.objects.values_list("hits", flat=True))


def _logged(status: int) -> int:
    return OperationLog.objects.filter(url=URL, status_code=status).count()


def test_a_201_is_one_complaint_with_its_event_clock_audit_count_and_log(
    client: Client, key: str, users: dict[str, User]
) -> None:
    _limit(users, 100)
    assert client.post(URL, form(key)).status_code == 201  # the system's bucket is created
    audits = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, form(key))
    assert response.status_code == 201, response.content
    row = Complaint.objects.get(number=response.json()[0]["service_request_id"])
    assert row.number == f"TS{row.received_on:%Y%m%d}{row.pk:06d}"
    assert row.complainant_name == NAME
    assert row.complainant_phone == PHONE
    with connection.cursor() as cursor:  # sealed at rest
        cursor.execute("SELECT complainant_phone FROM complaints_complaint WHERE id = %s", [row.pk])
        assert PHONE not in str(cursor.fetchone())
    events = list(ComplaintEvent.objects.filter(complaint=row))
    assert [(e.seq, e.kind, e.on) for e in events] == [(1, clock.RECEIVED, row.received_on)]
    # The clock columns written at intake are those of the clock over the stored events.
    again = Complaint(received_on=row.received_on)
    existing = common.stage_events(events)
    common.settle(again, existing[:-1], existing[-1].kind, existing[-1].on, existing[-1].days)
    for name in CLOCK_FIELDS:
        assert getattr(row, name) == getattr(again, name), name
    assert row.accept_due_on is not None
    assert row.due_on == row.accept_due_on
    audit = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == audits + 1
    assert audit is not None
    assert audit.event_type == "complaint.received"
    assert audit.object_id == row.number
    assert NAME not in str(audit.payload)
    assert PHONE not in str(audit.payload)
    assert verify_chain()[1] is None
    assert _hits() == 2
    assert _logged(201) == 2
    assert OperationLog.objects.filter(url=URL).count() == 2
    # Every write in one (nested, under the test's) transaction, and few statements.
    sql = [q["sql"] for q in queries.captured_queries]
    marks = [i for i, s in enumerate(sql) if s.startswith(("SAVEPOINT", "RELEASE"))]
    writes = [i for i, s in enumerate(sql) if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    outer = sql[marks[0]].split()[-1]  # the action's savepoint (nested under the test's)
    assert sql[marks[0]] == f"SAVEPOINT {outer}"
    assert sql[marks[-1]] == f"RELEASE SAVEPOINT {outer}"
    assert all(marks[0] < i < marks[-1] for i in writes)
    assert len(sql) - len(marks) <= 12, sql


def test_a_refusal_inside_the_transaction_leaves_only_its_log_and_one_count(
    client: Client, key: str, users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _limit(users, 100)
    counts = (Complaint.objects.count(), ComplaintEvent.objects.count(), AuditEvent.objects.count())

    def refuse(**_: Any) -> None:
        raise Conflict("模拟：事务中拒绝", code="complaint_closed")

    monkeypatch.setattr(intake, "audit_step", refuse)
    response = client.post(URL, form(key))
    assert response.status_code == 409
    assert (
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    # The row written inside the transaction went with it; the middleware wrote the 409.
    assert _logged(201) == 0
    assert _logged(409) == 1
    assert _hits() == 1  # counted once, outside the rolled-back transaction


def test_over_the_limit_the_intake_stores_nothing(
    client: Client, key: str, users: dict[str, User]
) -> None:
    _limit(users, 2)
    bad = client.post(URL, form(key, description=""))
    assert bad.status_code == 400  # refused input counts against the limit too
    assert client.post(URL, form(key)).status_code == 201
    before = Complaint.objects.count()
    refused = client.post(URL, form(key))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert Complaint.objects.count() == before
    assert _hits() == 2
    assert (_logged(400), _logged(201), _logged(429)) == (1, 1, 1)
    assert client.post(URL, form(key, description="")).status_code == 429


def test_a_revoked_key_is_refused_at_once(client: Client, key: str, users: dict[str, User]) -> None:
    assert client.post(URL, form(key)).status_code == 201
    system = Complaint.objects.get().outside_system
    assert system is not None
    revoke_api_key(actor=users["complainthead"], system_id=system.pk)
    before = Complaint.objects.count()
    assert client.post(URL, form(key)).status_code == 403
    assert Complaint.objects.count() == before


def test_the_callers_write_vanishes_with_a_refused_intake(users: dict[str, User]) -> None:
    """`also` runs inside the action's transaction: its writes roll back with
    a refusal, and its own refusal stores nothing."""
    unit = Department.objects.get(code="620700005")
    args: dict[str, Any] = {
        "actor": users["complaint"],
        "channel": "hotline",
        "category": "delay",
        "department_id": unit.pk,
        "title": "办理拖拉",
        "description": "营业执照变更超过时限未办结。",
        "anonymous": False,
        "complainant_name": NAME,
        "complainant_phone": PHONE,
    }
    before = (Complaint.objects.count(), AuditEvent.objects.count())

    def refuse() -> None:
        raise InvalidInput("调用方拒绝", code="rate_limited")

    with pytest.raises(InvalidInput):
        submit_complaint(**args, also=refuse)
    assert (Complaint.objects.count(), AuditEvent.objects.count()) == before
    # Bad input is refused before the transaction, with nothing written.
    with pytest.raises(InvalidInput):
        submit_complaint(**{**args, "complainant_phone": "not a phone"})
    assert (Complaint.objects.count(), AuditEvent.objects.count()) == before
    row, code = submit_complaint(**args)
    assert row.pk is not None
    assert len(code) >= 6
    assert Complaint.objects.get(pk=row.pk).query_digest == row.query_digest
    assert AuditEvent.objects.count() == before[1] + 1


def test_a_failing_log_write_never_refuses_the_complaint(
    client: Client, key: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The op-log row written inside the intake has its own savepoint: its
    failure is logged, the complaint still commits, the middleware tries again."""
    from xiaoneng.system import middleware

    calls: list[int] = []

    def fail_once(**fields: Any) -> None:
        calls.append(fields["status_code"])
        if len(calls) == 1:
            OperationLog.objects.create(**{**fields, "params": "\ud800"})  # the driver refuses it
        OperationLog.objects.create(**fields)

    monkeypatch.setattr(middleware, "record_operation", fail_once)
    before = Complaint.objects.count()
    with caplog.at_level(logging.ERROR, logger="xiaoneng.system.middleware"):
        response = client.post(URL, form(key))
    assert response.status_code == 201
    assert Complaint.objects.count() == before + 1
    assert "operation log not written within" in caplog.text
    assert calls == [201, 201]  # within the intake (refused), then by the middleware
    assert _logged(201) == 1
