"""The whole clock is stored on the case (`cases.clocking.clock_columns`), and
every face reads the row: the staff's case page, the supervision desk and its
counts, the big screen, the scores and the public tracking page. So a change
of the stored clock alone — no new event — shows everywhere at once; none of
them re-derives a paused case's light or a step's deadline."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db.models import F

from xiaoneng.bigscreen.selectors import snapshot
from xiaoneng.cases import actions
from xiaoneng.cases.clocking import CLOCK_FIELDS
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.cases.steps import refresh
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.scores import metrics
from xiaoneng.scores.periods import Period
from xiaoneng.supervision.selectors import level_counts

pytestmark = pytest.mark.django_db

MARCH = Period.parse("2026-03")
TODAY = date(2026, 3, 20)


@pytest.fixture
def paused(users: dict[str, User], promise_item: ApprovalItem) -> tuple[Case, str]:
    """Accepted 2 Mar (10 working days, due 16 Mar, threshold 1), paused on
    5 Mar with 7 working days left: a green light, frozen."""
    with travel_to(date(2026, 3, 2)):
        case, code = actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="祁连绿源有限公司"
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
    with travel_to(date(2026, 3, 5)):
        actions.suspend_case(
            actor=users["reviewer"],
            case_id=case.pk,
            procedure="expert_review",
            expected_days=30,
            reason="专家评审",
        )
    return Case.objects.get(pk=case.pk), code


def _main(html: bytes) -> str:
    return re.sub(r"\s+", " ", html.decode("utf-8"))


def _faces(case: Case, code: str, users: dict[str, User], client: Any, login: Any) -> dict:
    """What each face shows of the case, as of TODAY."""
    with travel_to(TODAY):
        tracking = _main(client.post("/track/", {"no": case.tracking_no, "code": code}).content)
        staff = login("reviewer")
        page = _main(staff.get(f"/cases/{case.pk}/").content)
        login("supervisor")
        desk = _main(client.get("/supervision/").content)
        counts = level_counts(users["supervisor"])
        screen = snapshot(users["supervisor"], TODAY)["levels"]
        warned = metrics.compute(MARCH, "department")[case.department_id].warnings
        client.logout()
    return {
        "tracking": tracking,
        "page": page,
        "desk": desk,
        "counts": (counts["overdue"], counts["warning"], counts["normal"]),
        "screen": (screen["overdue"], screen["warning"], screen["normal"]),
        "warned": warned,
    }


def test_the_paused_light_is_stored_once_by_the_clock(paused: tuple[Case, str]) -> None:
    case, _ = paused
    assert case.status == CaseStatus.SUSPENDED
    assert (case.suspended_since, case.paused_due_on) == (date(2026, 3, 5), date(2026, 3, 16))
    assert (case.paused_level, case.paused_remaining_days) == ("normal", 7)
    assert case.delivery_due_on is None
    assert case.acceptance_due_on is None
    with travel_to(TODAY):  # the stored due runs on; the frozen light does not move
        assert refresh(case=case) is True
    case.refresh_from_db()
    assert case.due_on != date(2026, 3, 16)
    assert (case.paused_level, case.paused_remaining_days) == ("normal", 7)
    assert {"suspended_since", "paused_due_on", "paused_level"} <= set(CLOCK_FIELDS)


def test_every_face_shows_a_change_of_the_stored_clock(
    paused: tuple[Case, str], users: dict[str, User], client: Any, login: Any
) -> None:
    case, code = paused
    before = _faces(case, code, users, client, login)
    left = "剩余 7 个工作日（计时中止）"
    assert all(left in before[face] for face in ("tracking", "page", "desk"))
    assert before["counts"] == before["screen"] == (0, 0, 1)
    assert before["warned"] == 0

    # Another stored clock: when it stopped on 5 Mar, the case had been due on
    # 3 Mar (overdue by 2 working days), so it had lit yellow on 2 Mar. Only
    # the row changes (and its version, as every clock write does).
    Case.objects.filter(pk=case.pk).update(
        paused_due_on=date(2026, 3, 3),
        paused_remaining_days=-2,
        paused_level="overdue",
        version=F("version") + 1,
    )
    after = _faces(case, code, users, client, login)
    late = "超期 2 个工作日（计时中止）"
    for face in ("tracking", "page", "desk"):
        assert late in after[face], face
        assert left not in after[face], face
    assert "红灯" in after["tracking"]
    assert "2026年3月3日" in after["tracking"]  # the due date as it stood when paused
    assert after["counts"] == after["screen"] == (1, 0, 0)
    assert after["warned"] == 1


def test_late_steps_are_read_from_the_stored_clock(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    """The anomalies' late acceptance and late delivery are the clock's own
    flags and deadlines on the row."""
    from xiaoneng.supervision.anomalies import detect_anomalies
    from xiaoneng.supervision.models import Anomaly, AnomalyKind

    window = users["window"]
    with travel_to(date(2026, 3, 2)):
        case, _ = actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="祁连绿源有限公司"
        )
        actions.issue_supplement_notice(actor=window, case_id=case.pk, missing=["申请书"])
    with travel_to(date(2026, 3, 3)):
        actions.record_supplement(actor=window, case_id=case.pk)
    with travel_to(date(2026, 3, 4)):
        actions.accept_case(actor=window, case_id=case.pk)
    case.refresh_from_db()
    assert (case.notice_on, case.supplemented_on) == (date(2026, 3, 2), date(2026, 3, 3))
    assert (case.acceptance_due_on, case.acceptance_late) == (date(2026, 3, 10), False)
    with travel_to(date(2026, 3, 20)):
        detect_anomalies()
    assert not Anomaly.objects.filter(case=case, kind=AnomalyKind.LATE_STEP).exists()
    # The stored clock says the acceptance was late: the anomaly follows the row.
    Case.objects.filter(pk=case.pk).update(acceptance_due_on=date(2026, 3, 3), acceptance_late=True)
    with travel_to(date(2026, 3, 20)):
        detect_anomalies()
    found = Anomaly.objects.get(case=case, kind=AnomalyKind.LATE_STEP, step="acceptance")
    assert found.occurred_on == date(2026, 3, 3)  # the stored deadline, not re-derived
    assert "受理期限2026年3月3日，2026年3月4日才受理" in found.summary
