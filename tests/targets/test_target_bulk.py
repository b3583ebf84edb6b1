"""The province-scale paths: many books checked together (every bad row of
every book reported, nothing stored), inserted as plain rows with the same
result as the one-book import; many reports at once set each task's latest
verified value; one audit event per book and one per report run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from target_world import BUREAU, MINLE, START, YEAR, rows

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions
from xiaoneng.targets.models import Milestone, ProgressReport, TargetBook, Task


def _books() -> list[actions.BookRows]:
    units = Department.objects.filter(code__in=[BUREAU, MINLE]).order_by("code")
    return [actions.BookRows(year=YEAR, department_id=u.pk, rows=rows()) for u in units]


def test_books_in_bulk_are_stored_like_one(users: dict[str, User], demo_city: None) -> None:
    with travel_to(START):
        stored = actions.import_books_bulk(actor=users["inspector"], books=_books())
    assert stored == 6
    assert TargetBook.objects.count() == 2
    for book in TargetBook.objects.all():
        heading, quantitative, qualitative = book.tasks.order_by("code")
        assert heading.weight == 100
        assert (quantitative.parent_id, qualitative.parent_id) == (heading.pk, heading.pk)
        assert quantitative.is_leaf
        assert not heading.is_leaf
        assert quantitative.target_value == 1000
        assert quantitative.milestones.get().due_on == date(2026, 6, 30)
        assert list(quantitative.cooperating.values_list("code", flat=True)) == ["620700002"]
    events = AuditEvent.objects.filter(event_type="target.book_imported")
    assert events.count() == 2


def test_errors_in_any_book_store_nothing(users: dict[str, User], demo_city: None) -> None:
    books = _books()
    books[0].rows = rows(**{"1_1": {"person": ""}})
    books[1].rows = rows(**{"1_2": {"deadline": None}})
    with travel_to(START), pytest.raises(InvalidInput) as refused:
        actions.import_books_bulk(actor=users["inspector"], books=books)
    found = {(e["department"], e["row"], e["code"]) for e in refused.value.detail["rows"]}
    assert found == {
        (books[0].department_id, 4, "target_owner_required"),
        (books[1].department_id, 5, "target_deadline_required"),
    }
    assert (TargetBook.objects.count(), Task.objects.count(), Milestone.objects.count()) == (
        0,
        0,
        0,
    )
    with pytest.raises(PermissionDenied):
        actions.import_books_bulk(actor=users["depthead"], books=_books())


def test_a_book_already_there_refuses_the_run(users: dict[str, User], demo_city: None) -> None:
    with travel_to(START):
        actions.import_books_bulk(actor=users["inspector"], books=_books()[:1])
        with pytest.raises(Conflict):
            actions.import_books_bulk(actor=users["inspector"], books=_books())
    assert TargetBook.objects.count() == 1


def test_reports_in_bulk_set_the_latest_verified_value(
    users: dict[str, User], quantitative: Task, qualitative: Task
) -> None:
    report_rows = [
        actions.ReportRow(
            task_id=quantitative.pk, year=YEAR, month=m, text="进展", value=Decimal(m * 50)
        )
        for m in (1, 2, 3)
    ] + [
        actions.ReportRow(task_id=qualitative.pk, year=YEAR, month=1, text="进展", percent=20),
        actions.ReportRow(
            task_id=qualitative.pk, year=YEAR, month=2, text="进展", percent=60, verified=False,
            submitted_on=date(2026, 3, 20),
        ),
    ]  # fmt: skip
    with travel_to(date(2026, 4, 20)):
        assert actions.record_reports_bulk(actor=users["inspector"], rows=report_rows) == 5
    quantitative.refresh_from_db()
    qualitative.refresh_from_db()
    assert quantitative.latest_value == 150
    assert qualitative.latest_percent == 20  # the unverified February does not count
    late = ProgressReport.objects.get(task=qualitative, month=2)
    assert (late.late, late.status, late.due_on) == (True, "submitted", date(2026, 3, 6))
    assert AuditEvent.objects.filter(event_type="target.reports_recorded").count() == 1
    with travel_to(date(2026, 4, 20)), pytest.raises(InvalidInput):
        actions.record_reports_bulk(
            actor=users["inspector"],
            rows=[actions.ReportRow(task_id=quantitative.pk, year=YEAR, month=13, text="x")],
        )
    assert ProgressReport.objects.count() == 5


def test_reports_for_a_task_that_is_not_there_are_refused(
    users: dict[str, User], quantitative: Task
) -> None:
    """On PostgreSQL the COPY's keys are checked set-based (no per-row
    triggers): a missing task still refuses the whole run."""
    from django.db import IntegrityError, connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks the deferred keys at commit, which a test never reaches")
    missing = Task.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    report_rows = [
        actions.ReportRow(task_id=task_id, year=YEAR, month=1, text="进展", value=Decimal(1))
        for task_id in (quantitative.pk, missing)
    ]
    with travel_to(date(2026, 4, 20)), pytest.raises(IntegrityError, match=str(missing)):
        actions.record_reports_bulk(actor=users["inspector"], rows=report_rows)
    assert ProgressReport.objects.count() == 0
    # A session whose triggers are off already (replica) still has its keys checked.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    with travel_to(date(2026, 4, 20)), pytest.raises(IntegrityError, match=str(missing)):
        actions.record_reports_bulk(actor=users["inspector"], rows=report_rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('session_replication_role')")
        assert cursor.fetchone()[0] == "replica"
        cursor.execute("SET LOCAL session_replication_role = origin")
