"""实施条例 art. 60 ¶2: a construction complaint about the tender documents,
the opening or the evaluation result follows an objection to the tenderer on
it, and its 10 days run from the objection's answer (or the answer's due
day), not from the day the bidder knew."""

from __future__ import annotations

from datetime import date
from typing import Any

from trading_support import code_of, published

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions import complaints, objections


def test_a_result_complaint_needs_the_objection_and_runs_from_its_answer(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    row = published(users, on=date(2026, 9, 18))  # Fri; publicity to Mon 21 Sep
    complain = {
        "project_id": row.project_id,
        "text": "评分违反招标文件",
        "known_on": "2026-09-19",
        "matter": "result",
    }
    with travel_to(date(2026, 9, 19)):
        assert code_of(lambda: complaints.file_complaint(users["toubiao1"], **complain)) == (
            "trading_objection_first"
        )
        objection = objections.raise_objection(
            users["toubiao1"], row.pk, stage="评标结果", text="评分有误", known_on="2026-09-19"
        )
        complain["objection_id"] = objection.pk
        # the tenderer's 3 days to answer (to Tue 22 Sep) still run
        assert code_of(lambda: complaints.file_complaint(users["toubiao1"], **complain)) == (
            "trading_objection_reply_pending"
        )
    with travel_to(date(2026, 9, 22)):
        objections.answer_objection(users["daili"], objection.pk, reply="评分无误", upheld=False)
    # answered Tue 22 Sep + 10 = Fri 2 Oct (National Day, 1–7 Oct) → Thu 8 Oct;
    # counted from knowing (19 Sep) it would have ended on Tue 29 Sep.
    with travel_to(date(2026, 10, 9)):
        assert code_of(lambda: complaints.file_complaint(users["toubiao1"], **complain)) == (
            "trading_complaint_late"
        )
    with travel_to(date(2026, 10, 8)):
        filed = complaints.file_complaint(users["toubiao1"], **complain)
    assert filed.objection_id == objection.pk
    assert filed.text.startswith("针对事项：评标结果（实施条例第五十四条）\n")


def test_an_unanswered_objection_runs_from_its_due_day(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = published(users, on=date(2026, 9, 18))
    with travel_to(date(2026, 9, 18)):
        objection = objections.raise_objection(
            users["toubiao2"], row.pk, stage="开标", text="开标记录有误"
        )
    assert objection.reply_due == date(2026, 9, 21)
    complain = {
        "project_id": row.project_id,
        "text": "开标记录有误",
        "known_on": "2026-09-18",
        "matter": "opening",
        "objection_id": objection.pk,
    }
    # not answered: due Mon 21 Sep + 10 = Thu 1 Oct → Thu 8 Oct
    with travel_to(date(2026, 10, 9)):
        assert code_of(lambda: complaints.file_complaint(users["toubiao2"], **complain)) == (
            "trading_complaint_late"
        )
    with travel_to(date(2026, 10, 8)):
        complaints.file_complaint(users["toubiao2"], **complain)


def test_other_matters_need_no_objection_but_a_named_matter(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    row = published(users, on=date(2026, 9, 18))
    complain = {"project_id": row.project_id, "text": "串通投标", "known_on": "2026-09-18"}
    with travel_to(date(2026, 9, 19)):
        for matter in (None, "", "anything"):
            assert (
                code_of(
                    lambda m=matter: complaints.file_complaint(
                        users["toubiao1"], **complain, matter=m
                    )
                )
                == "trading_complaint_matter_invalid"
            )
        assert code_of(
            lambda: complaints.file_complaint(users["toubiao1"], **complain, matter="documents")
        ) == ("trading_objection_first")
        filed = complaints.file_complaint(users["toubiao1"], **complain, matter="other")
    assert filed.objection_id is None


def test_the_complaint_form_asks_for_the_matter(trading_world: dict[str, User], login: Any) -> None:
    users = trading_world
    row = published(users, on=date(2026, 9, 18))
    with travel_to(date(2026, 9, 19)):
        bidder = login("toubiao1")
        page = bidder.get(f"/trading/awards/projects/{row.project_id}/complaint/")
        assert b'name="matter"' in page.content
        refused = bidder.post(
            f"/trading/awards/projects/{row.project_id}/complaint/",
            {"text": "评分有误", "known_on": "2026-09-19", "matter": "result"},
        )
    assert refused.status_code == 400
    assert b'data-error-code="trading_objection_first"' in refused.content
