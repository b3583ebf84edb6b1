from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.cases.tasks import deemed_acceptance_sweep
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_sweep_accepts_a_case_nobody_opened(
    promise_item: ApprovalItem, users: dict[str, User]
) -> None:
    with travel_to(date(2026, 2, 10)):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=promise_item.code, applicant_name="丙公司"
        )
    with travel_to(date(2026, 2, 25)):
        assert deemed_acceptance_sweep.call() == 1
    assert Case.objects.get(pk=case.pk).deemed_accepted


def test_the_scheduler_enqueues_the_periodic_jobs(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("scheduler", "--once")
    assert "已放入" in capsys.readouterr().out
    names = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "xiaoneng.cases.tasks.deemed_acceptance_sweep" in names
