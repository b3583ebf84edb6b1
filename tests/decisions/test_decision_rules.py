"""The rules of each gate: the 30-day comment period and its justified
exception, comments not closed early, the hearing where required, the
7-working-day review window over National Day, a failed review blocking
the meeting until a revised draft passes, the head speaking last."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from decision_support import BASE, SPEECHES, meeting, register, through

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions
from xiaoneng.decisions.actions import StepOutOfOrder
from xiaoneng.decisions.models import Consultation, Discussion, ReviewResult
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

OPENS = date(2026, 4, 1)
CLOSES = date(2026, 5, 1)  # 30 days: the opening day is not counted (民法典 art. 201)


# --- 公众参与 ---------------------------------------------------------------------


def test_thirty_days_is_enough_and_twenty_nine_is_not_without_a_reason(
    users: dict[str, User],
) -> None:
    """Opened 1 Apr, the period's first day is 2 Apr: closing 30 Apr gives
    29 days (refused without a reason), closing 1 May gives 30."""
    short, full = register(users), register(users, title="另一事项")
    with travel_to(OPENS):
        with pytest.raises(InvalidInput) as refused:
            actions.publish_draft(
                actor=users["depthead"], decision_id=short.pk, closes_on=date(2026, 4, 30)
            )
        assert refused.value.code == "decision_comment_period_short"
        assert refused.value.detail == {"days": 29, "minimum": 30}
        c = actions.publish_draft(actor=users["depthead"], decision_id=full.pk, closes_on=CLOSES)
    assert c.short_reason == ""
    assert actions.comment_days(OPENS, CLOSES) == 30
    assert not Consultation.objects.filter(decision=short).exists()


def test_a_shorter_period_with_its_reason_is_published_with_the_draft(
    users: dict[str, User], client: object
) -> None:
    d = register(users)
    with travel_to(OPENS):
        c = actions.publish_draft(
            actor=users["depthead"],
            decision_id=d.pk,
            closes_on=date(2026, 4, 10),
            short_reason="防汛应急，须在汛期前实施",
        )
        page = client.get(f"/decisions/public/consultations/{d.pk}/")  # type: ignore[attr-defined]
    assert c.short_reason == "防汛应急，须在汛期前实施"
    assert "防汛应急，须在汛期前实施" in page.content.decode()


def test_comments_cannot_be_closed_before_the_period_ends(users: dict[str, User]) -> None:
    d = register(users)
    with travel_to(OPENS):
        actions.publish_draft(actor=users["depthead"], decision_id=d.pk, closes_on=CLOSES)
    with travel_to(CLOSES), pytest.raises(Conflict) as refused:
        actions.publish_adoption(actor=users["depthead"], decision_id=d.pk, adoption="……")
    assert refused.value.code == "decision_consultation_not_ended"
    with travel_to(date(2026, 5, 2)):
        actions.publish_adoption(actor=users["depthead"], decision_id=d.pk, adoption="采纳 3 条")
    with travel_to(date(2026, 5, 2)), pytest.raises(Conflict) as late:
        actions.submit_comment(decision_id=d.pk, content="迟到的意见")
    assert late.value.code == "decision_consultation_closed"


def test_a_required_hearing_comes_before_the_gate_completes(users: dict[str, User]) -> None:
    d = register(users)
    with travel_to(OPENS):
        actions.publish_draft(
            actor=users["depthead"],
            decision_id=d.pk,
            closes_on=CLOSES,
            hearing_required=True,
        )
    with travel_to(date(2026, 5, 6)):
        with pytest.raises(Conflict) as refused:
            actions.publish_adoption(actor=users["depthead"], decision_id=d.pk, adoption="……")
        assert refused.value.code == "decision_hearing_required"
        actions.record_hearing(
            actor=users["depthead"],
            decision_id=d.pk,
            held_on=date(2026, 4, 20),
            record="听证代表 15 人",
        )
        actions.publish_adoption(actor=users["depthead"], decision_id=d.pk, adoption="采纳 3 条")


def test_comments_online_and_offline_are_collected(users: dict[str, User]) -> None:
    d = register(users)
    with travel_to(OPENS):
        actions.publish_draft(actor=users["depthead"], decision_id=d.pk, closes_on=CLOSES)
    with travel_to(date(2026, 4, 3)):
        online = actions.submit_comment(
            decision_id=d.pk, content="建议夜间免费", commenter="张三", contact="13800000000"
        )
        offline = actions.record_offline_comment(
            actor=users["depthead"],
            decision_id=d.pk,
            content="座谈会意见",
            received_on=date(2026, 4, 2),
        )
    assert (online.channel, online.entered_by) == ("online", None)
    assert (offline.channel, offline.entered_by) == ("offline", users["depthead"])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM decisions_comment WHERE id = %s", [online.pk])
        stored = cursor.fetchone()[0]
    assert "13800000000" not in stored  # sealed


# --- 合法性审查 -------------------------------------------------------------------


SUBMITTED = date(2026, 9, 30)  # Wed before National Day (1–7 Oct off, Sat 10 Oct worked)


def test_the_review_window_is_seven_working_days_over_national_day(users: dict[str, User]) -> None:
    d = register(users)
    through(users, d, 3)
    # Working days after 30 Sep: 8, 9, 10 (Sat, worked), 12, 13, 14, 15 Oct.
    with travel_to(SUBMITTED):
        assert actions.review_due(SUBMITTED) == date(2026, 10, 15)
        with pytest.raises(InvalidInput) as refused:
            actions.submit_for_review(
                actor=users["depthead"], decision_id=d.pk, due_on=date(2026, 10, 14)
            )
        assert refused.value.code == "decision_review_window_short"
        review = actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    assert review.due_on == date(2026, 10, 15)


def test_a_failed_draft_cannot_go_to_discussion_until_revised_and_passed(
    users: dict[str, User],
) -> None:
    d = register(users)
    day = through(users, d, 3) + timedelta(days=1)
    with travel_to(day):
        first = actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
        actions.review_draft(
            actor=users["fazhi"], review_id=first.pk, passed=False, opinion="第三条无上位法依据"
        )
        with pytest.raises(StepOutOfOrder) as blocked:
            meeting(users, d, day)
        assert blocked.value.detail["missing"] == ["合法性审查"]
        assert "合法性审查未通过的草案不得提请集体讨论" in blocked.value.message
        with pytest.raises(Conflict) as same:
            actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
        assert same.value.code == "decision_draft_not_revised"
        actions.revise_draft(actor=users["depthead"], decision_id=d.pk, draft="修改稿：删去第三条")
        second = actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
        assert (second.round, second.draft) == (2, "修改稿：删去第三条")
        actions.review_draft(actor=users["fazhi"], review_id=second.pk, passed=True, opinion="合法")
        meeting(users, d, day)
    assert first.decision.reviews.filter(result=ReviewResult.PASSED).count() == 1


# --- 集体讨论决定 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "code"),
    [
        ([2, 0, 1], "decision_head_not_last"),
        ([0, 2, 1], "decision_head_not_last"),
        ([2, 0, 1, 2, 0], "decision_head_not_last"),
        ([0, 1], "decision_head_missing"),
    ],
)
def test_the_head_speaks_last(users: dict[str, User], order: list[int], code: str) -> None:
    d = register(users)
    day = through(users, d, 4) + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        meeting(users, d, day, speeches=[SPEECHES[i] for i in order])
    assert refused.value.code == code
    assert not Discussion.objects.filter(decision=d).exists()
    meeting(users, d, day)
    assert [s.speaker for s in d.discussions.get().speeches.all()][-1] == "陈志远"
    assert day > BASE


def test_a_chair_who_opens_and_closes_the_discussion_is_accepted(users: dict[str, User]) -> None:
    """Only the last speech must be the head's: the chair opening the item
    (宣布议题) and closing it (最后表态) is the usual minutes."""
    d = register(users)
    day = through(users, d, 4) + timedelta(days=1)
    opening = {"speaker": "陈志远", "summary": "请发改委汇报方案", "is_head": True}
    meeting(users, d, day, speeches=[opening, *SPEECHES])
    speakers = [(s.speaker, s.is_head) for s in d.discussions.get().speeches.all()]
    assert speakers[0] == ("陈志远", True)
    assert speakers[-1] == ("陈志远", True)
