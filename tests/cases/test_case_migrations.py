"""Migration 0006 fills the stored clock of the cases that existed before it,
through the same `clock_columns` as every later write."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

migration = importlib.import_module("xiaoneng.cases.migrations.0006_case_stored_clock")


def _stored(case: Case) -> dict[str, object]:
    return dict(Case.objects.filter(pk=case.pk).values(*migration.NEW).get())


def test_existing_cases_get_the_clock_their_events_give(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    window, reviewer, head = users["window"], users["reviewer"], users["depthead"]
    with travel_to(date(2026, 3, 2)):
        paused, _ = actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="甲公司"
        )
        actions.accept_case(actor=window, case_id=paused.pk)
        late, _ = actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="乙公司"
        )
        actions.issue_supplement_notice(actor=window, case_id=late.pk, missing=["申请书"])
    with travel_to(date(2026, 3, 3)):
        actions.record_supplement(actor=window, case_id=late.pk)
    with travel_to(date(2026, 3, 5)):
        actions.suspend_case(
            actor=reviewer,
            case_id=paused.pk,
            procedure="expert_review",
            expected_days=30,
            reason="专家评审",
        )
    with travel_to(date(2026, 3, 16)):
        actions.accept_case(actor=window, case_id=late.pk)  # due 10 Mar: late
        actions.decide_case(actor=head, case_id=late.pk, decision="approved", reason="符合条件")
    with travel_to(date(2026, 4, 15)):
        actions.deliver_case(actor=window, case_id=late.pk)  # due 30 Mar: late
    cases = [Case.objects.get(pk=paused.pk), Case.objects.get(pk=late.pk)]
    written = [_stored(c) for c in cases]
    assert written[0]["paused_level"] == "normal"
    assert written[1]["acceptance_late"] is True
    assert written[1]["delivery_on_time"] is False
    odd, _ = actions.submit_application(
        actor=window, item_code=promise_item.code, applicant_name="丙公司"
    )
    CaseEvent.objects.filter(case=odd).update(kind="no_such_step")  # the clock refuses it
    blank = {
        name: (False if name.endswith("_late") else "" if name == "paused_level" else None)
        for name in migration.NEW
    }
    Case.objects.update(**blank)  # as before the migration
    with travel_to(date(2026, 4, 20)):
        migration.fill(apps, None)
    assert [_stored(c) for c in cases] == written
    assert _stored(odd) == blank
