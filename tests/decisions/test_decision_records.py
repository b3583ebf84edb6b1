"""The records the procedure must keep true: the reviewed draft is the one
decided (no revision while a review is pending or after it passed, and
legality counts only for the current draft); the meeting not backdated
before the review passed or the adoption was published; every meeting's
minutes kept (a deferred one too); a catalogue entry registered as it was
published; the catalogue published once, and nothing listed after."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from decision_support import BASE, SPEECHES, meeting, register, through

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions, selectors
from xiaoneng.decisions.actions import catalogue
from xiaoneng.decisions.models import CataloguePublication, Decision, LegalityReview
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def _submitted(users: dict[str, User]) -> tuple[Decision, LegalityReview, Any]:
    d = register(users)
    day = through(users, d, 3) + timedelta(days=1)
    with travel_to(day):
        review = actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    return d, review, day


# --- 1. the reviewed draft is the draft ----------------------------------------------


def test_the_draft_cannot_be_swapped_while_under_review_or_after_it_passed(
    users: dict[str, User],
) -> None:
    d, review, day = _submitted(users)
    with travel_to(day), pytest.raises(Conflict) as pending:
        actions.revise_draft(actor=users["depthead"], decision_id=d.pk, draft="调包的草案")
    assert pending.value.code == "decision_review_pending"
    with travel_to(day + timedelta(days=1)):
        actions.review_draft(actor=users["fazhi"], review_id=review.pk, passed=True, opinion="合法")
        with pytest.raises(Conflict) as passed:
            actions.revise_draft(actor=users["depthead"], decision_id=d.pk, draft="调包的草案")
    assert passed.value.code == "decision_review_passed"
    d.refresh_from_db()
    assert d.draft == review.draft
    assert selectors.done_of(d).legality


def test_legality_counts_only_for_the_draft_that_was_reviewed(users: dict[str, User]) -> None:
    """Defence in depth: were the draft changed behind the actions' back, the
    passed round no longer makes the gate done and the meeting is refused."""
    d, review, day = _submitted(users)
    with travel_to(day + timedelta(days=1)):
        actions.review_draft(actor=users["fazhi"], review_id=review.pk, passed=True, opinion="合法")
    Decision.objects.filter(pk=d.pk).update(draft="未经审查的草案")
    d.refresh_from_db()
    assert not selectors.done_of(d).legality
    with pytest.raises(actions.StepOutOfOrder) as refused:
        meeting(users, d, day + timedelta(days=2))
    assert refused.value.detail["missing_gates"] == ["legality"]


def test_a_failed_draft_may_be_revised_with_its_explanation(users: dict[str, User]) -> None:
    d, review, day = _submitted(users)
    with travel_to(day + timedelta(days=1)):
        actions.review_draft(actor=users["fazhi"], review_id=review.pk, passed=False, opinion="否")
        actions.revise_draft(
            actor=users["depthead"], decision_id=d.pk, draft="修改稿", explanation="删去第三条"
        )
    d.refresh_from_db()
    assert (d.draft, d.explanation) == ("修改稿", "删去第三条")


# --- 2. the meeting is not backdated ----------------------------------------------------


def test_the_meeting_cannot_be_backdated_before_the_review_passed(users: dict[str, User]) -> None:
    d = register(users)
    passed_on = through(users, d, 4)  # the review passed that day
    with travel_to(passed_on + timedelta(days=3)):
        with pytest.raises(InvalidInput) as refused:
            meeting(users, d, passed_on - timedelta(days=1))
        assert refused.value.code == "decision_meeting_date_invalid"
        assert refused.value.detail == {"earliest": passed_on.isoformat()}
        assert not d.discussions.exists()
    meeting(users, d, passed_on)  # the same day is fine


def test_the_meeting_cannot_be_backdated_before_the_adoption_was_published(
    users: dict[str, User],
) -> None:
    d = register(users)
    through(users, d, 4)
    review = d.reviews.get()
    adopted = d.consultation.adoption_published_on
    assert adopted is not None
    # A review concluded (as data) before the adoption: the adoption is then the later floor.
    LegalityReview.objects.filter(pk=review.pk).update(reviewed_on=adopted - timedelta(days=5))
    with pytest.raises(InvalidInput) as refused:
        meeting(users, d, adopted - timedelta(days=1))
    assert refused.value.code == "decision_meeting_date_invalid"
    assert refused.value.detail == {"earliest": adopted.isoformat()}


# --- 3. a deferred meeting's minutes are kept --------------------------------------------


def test_a_deferred_meeting_keeps_its_minutes_and_the_next_meeting_decides(
    users: dict[str, User], login: Any
) -> None:
    d = register(users)
    day = through(users, d, 4) + timedelta(days=1)
    deferred_speech = {"speaker": "陈志远", "summary": "暂缓，请补充测算", "is_head": True}
    meeting(users, d, day, session="第12次常务会议", outcome="deferred", speeches=[deferred_speech])
    assert not selectors.done_of(d).meeting
    later = day + timedelta(days=14)
    with travel_to(later), pytest.raises(InvalidInput) as earlier:
        meeting(users, d, day - timedelta(days=1), session="倒签")
    assert earlier.value.code == "decision_meeting_date_invalid"
    meeting(users, d, later, session="第13次常务会议")
    first, second = d.discussions.order_by("held_on")
    assert (first.session, first.outcome) == ("第12次常务会议", "deferred")
    assert [s.summary for s in first.speeches.all()] == ["暂缓，请补充测算"]
    assert (second.session, second.outcome) == ("第13次常务会议", "adopted")
    assert second.speeches.count() == len(SPEECHES)
    d.refresh_from_db()
    assert selectors.done_of(d).meeting
    assert d.decided_on == later
    with travel_to(later):
        page = login("zhengfuban").get(f"/decisions/{d.pk}/archive/").content.decode()
    assert page.count("data-meeting-record") == 2
    assert "第12次常务会议：暂缓" in page
    assert "第13次常务会议：通过" in page


# --- 4. a catalogue entry is registered as published ----------------------------------------


def _listed(users: dict[str, User]) -> Decision:
    with travel_to(BASE):
        return actions.add_catalogue_item(
            actor=users["zhengfuban"],
            year=2026,
            title="城区供水价格调整",
            sponsor_id=users["depthead"].department_id,
            legal_basis="《价格法》第二十三条",
            category="policy",
        )


def test_registering_a_catalogue_entry_takes_only_the_draft_and_explanation(
    users: dict[str, User],
) -> None:
    entry = _listed(users)
    with travel_to(BASE):
        row = actions.register_decision(
            actor=users["depthead"],
            decision_id=entry.pk,
            title="改过的名称",
            legal_basis="改过的依据",
            category="reform",
            draft="草案",
            explanation="说明",
        )
    row.refresh_from_db()
    assert (row.title, row.legal_basis, row.category) == (
        "城区供水价格调整",
        "《价格法》第二十三条",
        "policy",
    )
    assert (row.draft, row.explanation, row.stage) == ("草案", "说明", "registered")


def test_the_registration_form_for_a_catalogue_entry_asks_only_for_the_draft(
    users: dict[str, User], login: Any
) -> None:
    entry = _listed(users)
    with travel_to(BASE):
        sponsor = login("depthead")
        page = sponsor.get("/decisions/new/").content.decode()
        start = page.index("data-register-listed")
        listed_form = page[start : page.index("</form>", start)]
        assert 'name="draft"' in listed_form
        for asked in ('name="title"', 'name="legal_basis"', 'name="category"'):
            assert asked not in listed_form
        sponsor.post(
            "/decisions/new/",
            {"decision_id": str(entry.pk), "draft": "草案", "explanation": "说明"},
        )
    entry.refresh_from_db()
    assert (entry.title, entry.registered_on, entry.draft) == ("城区供水价格调整", BASE, "草案")


# --- 6. the catalogue is published once ------------------------------------------------------


def test_a_catalogue_published_twice_is_a_conflict_not_a_crash(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _listed(users)
    with travel_to(BASE):
        actions.publish_catalogue(actor=users["zhengfuban"], year=2026)
        # The loser of a race: its check ran before the winner's row was there.
        monkeypatch.setattr(catalogue, "_published", lambda year: False)
        with pytest.raises(Conflict) as lost:
            actions.publish_catalogue(actor=users["zhengfuban"], year=2026)
    assert lost.value.code == "decision_catalogue_published"
    assert CataloguePublication.objects.filter(year=2026).count() == 1


def test_nothing_is_listed_in_a_published_catalogue(users: dict[str, User]) -> None:
    _listed(users)
    with travel_to(BASE):
        actions.publish_catalogue(actor=users["zhengfuban"], year=2026)
        with pytest.raises(Conflict) as refused:
            _listed(users)
    assert refused.value.code == "decision_catalogue_published"
    assert Decision.objects.filter(year=2026, in_catalogue=True).count() == 1
