"""好差评 actions: one rating per case and per visit, the five levels, bad
ratings opening a rectification due in working days, call-backs, appeals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from ratings_support import PARALLEL

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.cases import actions as case_actions
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Role, User
from xiaoneng.ratings import actions
from xiaoneng.ratings.models import (
    AppealStatus,
    Channel,
    Rating,
    Rectification,
    RectificationStatus,
)

pytestmark = pytest.mark.django_db

RATED_ON = date(2026, 9, 30)  # Wed; 1–7 Oct off (National Day), Sat 10 Oct a make-up day


def _rate(case: Any, code: str, level: int, **extra: Any) -> Rating:
    with travel_to(RATED_ON):
        return actions.rate_case_online(
            tracking_no=case.tracking_no, query_code=code, level=level, **extra
        )


def test_a_good_rating_is_one_per_case_and_opens_nothing(delivered: Any) -> None:
    case, code = delivered()
    rating = _rate(case, code, 1, criteria=["efficiency"])
    assert rating.channel == Channel.ONLINE
    assert rating.get_level_display() == "非常满意"
    assert rating.department.code == "620700005"
    assert rating.handler_name == "周敏"  # the window staff who finished the instant item
    assert rating.window is not None
    assert rating.window.kind == "window"
    assert not Rectification.objects.exists()
    with pytest.raises(Conflict) as exc:
        _rate(case, code, 2)
    assert exc.value.code == "rating_exists"
    assert AuditEvent.objects.filter(event_type="rating.rated").count() == 1
    assert verify_chain()[1] is None


def test_wrong_code_unfinished_case_bad_level(delivered: Any, users: dict[str, User]) -> None:
    case, code = delivered()
    with pytest.raises(NotFound) as nf:
        _rate(case, "WRONGCODE1", 1)
    assert nf.value.code == "case_not_found"
    with pytest.raises(InvalidInput) as bad:
        _rate(case, code, 6)
    assert bad.value.code == "level_invalid"
    with pytest.raises(InvalidInput) as crit:
        _rate(case, code, 2, criteria=["attitude"])  # an on-site criterion, online
    assert crit.value.code == "criteria_invalid"
    with pytest.raises(InvalidInput) as why:
        _rate(case, code, 5)
    assert why.value.code == "bad_rating_reason_required"
    with travel_to(RATED_ON):
        open_case, open_code = case_actions.submit_application(
            actor=users["window"], item_code=PARALLEL, applicant_name="张三"
        )
    with pytest.raises(Conflict) as unfinished:
        _rate(open_case, open_code, 1)
    assert unfinished.value.code == "case_not_finished"


def test_a_bad_rating_opens_a_rectification_across_national_day(
    delivered: Any, users: dict[str, User]
) -> None:
    case, code = delivered()
    rating = _rate(case, code, 4, criteria=["efficiency"], comment="等了很久")
    row = Rectification.objects.get(rating=rating)
    # 5 working days after Wed 30 Sep: 8, 9, 10 (make-up Sat), 12, 13 Oct.
    assert row.due_on == date(2026, 10, 13)
    assert row.opened_on == RATED_ON
    assert row.department.code == "620700005"
    assert row.handler == users["window"]
    note = Notification.objects.get(kind="rating.rectification")
    assert note.recipient == users["depthead"]
    assert "2026-10-13" in note.title


def test_rectification_needs_measures_then_a_callback_to_close(
    delivered: Any, users: dict[str, User]
) -> None:
    case, code = delivered()
    row = Rectification.objects.get(rating=_rate(case, code, 5, comment="态度差"))
    reviewer, head = users["reviewer"], users["depthead"]
    with travel_to(date(2026, 10, 8)):
        with pytest.raises(Conflict) as early:
            actions.close_rectification(actor=head, rectification_id=row.pk)
        assert early.value.code == "rectification_bad_transition"
        with pytest.raises(Conflict) as first:
            actions.record_callback(actor=reviewer, rectification_id=row.pk, result="reached")
        assert first.value.code == "not_rectified_yet"
        with pytest.raises(NotFound):  # another department's staff
            actions.record_measures(actor=users["zhijian"], rectification_id=row.pk, measures="x")
        actions.record_measures(actor=reviewer, rectification_id=row.pk, measures="窗口加派人员")
        with pytest.raises(Conflict) as no_call:
            actions.close_rectification(actor=head, rectification_id=row.pk)
        assert no_call.value.code == "callback_required"
        with pytest.raises(InvalidInput):
            actions.record_callback(actor=reviewer, rectification_id=row.pk, result="reached")
        actions.record_callback(
            actor=reviewer, rectification_id=row.pk, result="reached", satisfaction=2, note="满意"
        )
        closed = actions.close_rectification(actor=head, rectification_id=row.pk)
    assert closed.status == RectificationStatus.CLOSED
    assert closed.on_time is True
    assert closed.callbacks.get().satisfaction == 2
    with pytest.raises(Conflict) as again:
        actions.record_measures(actor=reviewer, rectification_id=row.pk, measures="再次")
    assert again.value.code == "rectification_closed"


def test_an_upheld_appeal_keeps_the_rating_flagged_and_out_of_statistics(
    delivered: Any, users: dict[str, User]
) -> None:
    from xiaoneng.ratings.metrics import bad_ratings_by_unit, satisfaction_by_unit
    from xiaoneng.scores.periods import Period

    (c1, k1), (c2, k2) = delivered(), delivered()
    good = _rate(c1, k1, 2)
    bad = _rate(c2, k2, 5, comment="恶意")
    period = Period.month(RATED_ON)
    dept = bad.department_id
    assert satisfaction_by_unit(period, "department")[dept] == 50
    assert bad_ratings_by_unit(period, "department")[dept] == 1
    with pytest.raises(Conflict) as only_bad:
        actions.file_appeal(actor=users["depthead"], rating_id=good.pk, reason="x")
    assert only_bad.value.code == "appeal_only_for_bad_rating"
    with travel_to(date(2026, 10, 8)):
        appeal = actions.file_appeal(
            actor=users["depthead"], rating_id=bad.pk, reason="评价人与办件无关，系恶意差评"
        )
        with pytest.raises(Conflict) as twice:
            actions.file_appeal(actor=users["reviewer"], rating_id=bad.pk, reason="再次")
        assert twice.value.code == "appeal_exists"
        with pytest.raises(PermissionDenied):
            actions.decide_appeal(
                actor=users["depthead"], appeal_id=appeal.pk, upheld=True, note="x"
            )
        decided = actions.decide_appeal(
            actor=users["inspector"], appeal_id=appeal.pk, upheld=True, note="经核实属恶意差评"
        )
        with pytest.raises(Conflict) as done:
            actions.decide_appeal(
                actor=users["inspector"], appeal_id=appeal.pk, upheld=False, note="x"
            )
        assert done.value.code == "appeal_already_decided"
    assert decided.status == AppealStatus.UPHELD
    bad.refresh_from_db()
    assert bad.excluded is True
    assert bad.excluded_on == date(2026, 10, 8)
    assert Rating.objects.filter(pk=bad.pk).exists()  # kept
    assert Rectification.objects.get(rating=bad).status == RectificationStatus.VOIDED
    assert satisfaction_by_unit(period, "department")[dept] == 100
    assert bad_ratings_by_unit(period, "department") == {}
    assert Notification.objects.filter(kind="rating.appeal_decided").exists()


def test_a_window_visit_is_rated_once_by_its_code(users: dict[str, User]) -> None:
    with pytest.raises(DomainError) as not_window:
        actions.register_visit(actor=users["reviewer"], service="咨询")
    assert not_window.value.code == "not_a_window"
    with travel_to(RATED_ON):
        visit = actions.register_visit(actor=users["window"], service="政策咨询")
        rating = actions.rate_visit(code=visit.code.lower(), level=4, criteria=["attitude"])
        with pytest.raises(Conflict) as again:
            actions.rate_visit(code=visit.code, level=1)
    assert again.value.code == "rating_exists"
    assert rating.channel == Channel.WINDOW
    assert rating.visit == visit
    assert rating.handler == users["window"]
    assert rating.department.code == "620700005"
    assert Rectification.objects.get(rating=rating).due_on == date(2026, 10, 13)
    with pytest.raises(NotFound) as unknown:
        actions.rate_visit(code="NOPE2345", level=1)
    assert unknown.value.code == "visit_not_found"


def test_the_applicant_rates_its_own_case_by_account(
    delivered: Any, users: dict[str, User]
) -> None:
    case, _ = delivered(actor="applicant")
    assert case.applicant == users["applicant"]
    with travel_to(RATED_ON):
        with pytest.raises(NotFound):
            actions.rate_case_by_account(actor=users["agent"], case_id=case.pk, level=1)
        rating = actions.rate_case_by_account(actor=users["applicant"], case_id=case.pk, level=3)
    assert rating.channel == Channel.ACCOUNT
    assert rating.rater == users["applicant"]


def test_roles_hold_the_rating_permissions(demo_city: None) -> None:
    assert "rating.handle" in Role.objects.get(code="dept_head").permissions
    assert "rating.handle" in Role.objects.get(code="window").permissions
    assert "rating.appeal.decide" in Role.objects.get(code="inspector").permissions
    assert "rating.appeal.decide" not in Role.objects.get(code="dept_head").permissions


def test_ratings_are_a_registered_metric_source() -> None:
    from xiaoneng.scores import sources

    assert sources.has_source("satisfaction")
