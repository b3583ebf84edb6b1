"""请示 through the actions: the limit of each kind, only the holding
department answers or passes it on, a transfer keeps the clock, the third
transfer (past request.max_transfers = 2) is a 推诿扯皮 anomaly, overdue
requests get cards."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import World
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions
from xiaoneng.directives.models import Request
from xiaoneng.directives.selectors import request_for, requests_for
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly, SubjectCard
from xiaoneng.system.models import Parameter

SUBMITTED = date(2026, 3, 2)  # Mon


def _submit(world: World, kind: str = "general", **extra: object) -> Request:
    fields: dict[str, Any] = {
        "to_department_id": world.gongshang.pk,
        "kind": kind,
        "title": "关于民乐县个体工商户登记下放的请示",
        "content": "拟将个体工商户登记下放至乡镇，妥否，请示。",
        **extra,
    }
    with travel_to(SUBMITTED):
        return actions.submit_request(actor=world.users["minle"], **fields)


@pytest.mark.parametrize(
    ("kind", "due"),
    [("general", date(2026, 3, 16)), ("urgent", date(2026, 3, 5)), ("policy", date(2026, 3, 23))],
)
def test_the_answer_is_due_the_limit_of_its_kind_in_working_days(
    world: World, kind: str, due: date
) -> None:
    row = _submit(world, kind)
    assert (row.from_department_id, row.holder_id, row.due_on) == (
        world.minle.pk,
        world.gongshang.pk,
        due,
    )


def test_a_changed_parameter_moves_the_limit(world: World) -> None:
    Parameter.objects.filter(key="request.limit_days.urgent").update(value="5")
    assert _submit(world, "urgent").due_on == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"kind": "whisper"}, "qingshi_kind_invalid"),
        ({"to_department_id": 0}, "qingshi_department_invalid"),
        ({"to_department_id": "工商局"}, "qingshi_department_invalid"),
        ({"title": " "}, "qingshi_title_required"),
        ({"content": ""}, "qingshi_content_required"),
    ],
)
def test_bad_requests_refused_with_their_codes(
    world: World, extra: dict[str, object], code: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _submit(world, **extra)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert not Request.objects.exists()


def test_a_unit_cannot_request_itself(world: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        _submit(world, to_department_id=world.minle.pk)
    assert caught.value.code == "qingshi_department_invalid"


def test_only_the_holder_answers_and_seeing_is_not_acting(world: World) -> None:
    row = _submit(world)
    with travel_to(date(2026, 3, 3)):
        # The submitting unit sees its request but does not answer it.
        assert request_for(world.users["minle"], row.pk) == row
        with pytest.raises(PermissionDenied) as caught:
            actions.answer_request(actor=world.users["minle"], request_id=row.pk, answer="自己批准")
        assert caught.value.code == "qingshi_not_holder"
        # Another department does not even see it.
        with pytest.raises(NotFound):
            request_for(world.users["fagai"], row.pk)
        with pytest.raises(PermissionDenied):
            actions.answer_request(actor=world.users["fagai"], request_id=row.pk, answer="同意")
        # The leader reads it (工商局 in his portfolio) but holds no request.handle.
        assert request_for(world.users["leader"], row.pk) == row
        with pytest.raises(PermissionDenied):
            actions.answer_request(actor=world.users["leader"], request_id=row.pk, answer="同意")
        with pytest.raises(InvalidInput) as empty:
            actions.answer_request(actor=world.users["depthead"], request_id=row.pk, answer=" ")
        assert empty.value.code == "qingshi_answer_required"
        actions.answer_request(actor=world.users["depthead"], request_id=row.pk, answer="同意下放")
        with pytest.raises(Conflict) as again:
            actions.answer_request(actor=world.users["depthead"], request_id=row.pk, answer="再答")
        assert again.value.code == "qingshi_already_answered"
    row.refresh_from_db()
    assert (row.status, row.answered_on, row.on_time) == ("answered", date(2026, 3, 3), True)
    assert row.answering_department_id == world.gongshang.pk


def _transfer(world: World, row: Request, holder: str, to: Department, day: date) -> Request:
    with travel_to(day):
        return actions.transfer_request(
            actor=world.users[holder],
            request_id=row.pk,
            to_department_id=to.pk,
            reason="不属本单位职责",
        )


def test_transfers_keep_the_clock_and_the_third_is_an_anomaly(
    world: World, users: dict[str, User]
) -> None:
    row = _submit(world)
    due = row.due_on
    with travel_to(date(2026, 3, 3)), pytest.raises(PermissionDenied):
        actions.transfer_request(
            actor=world.users["fagai"],
            request_id=row.pk,
            to_department_id=world.fagai.pk,
            reason="抢",
        )
    row = _transfer(world, row, "depthead", world.fagai, date(2026, 3, 3))
    assert (row.holder_id, row.transfers, row.due_on) == (world.fagai.pk, 1, due)
    # 工商局 passed it on: it still reads it, but no longer acts on it.
    assert request_for(world.users["depthead"], row.pk) == row
    with travel_to(date(2026, 3, 4)), pytest.raises(PermissionDenied):
        actions.answer_request(actor=world.users["depthead"], request_id=row.pk, answer="同意")
    row = _transfer(world, row, "fagai", world.gongshang, date(2026, 3, 4))
    assert not Anomaly.objects.filter(kind="shuffled").exists()
    row = _transfer(world, row, "depthead", world.fagai, date(2026, 3, 5))
    assert (row.transfers, row.due_on) == (3, due)
    anomaly = Anomaly.objects.get(kind="shuffled")
    assert (anomaly.subject_kind, anomaly.subject_ref) == ("request", row.pk)
    assert anomaly.department_id == world.gongshang.pk  # who passed it on the third time
    assert len(anomaly.evidence["chain"]) == 3
    row = _transfer(world, row, "fagai", world.gongshang, date(2026, 3, 6))
    assert Anomaly.objects.filter(kind="shuffled").count() == 1  # one per request
    assert list(row.transfer_log.values_list("to_department__code", flat=True)) == [
        "620700002",
        "620700005",
        "620700002",
        "620700005",
    ]
    assert AuditEvent.objects.filter(event_type="request.transferred").count() == 4


def test_a_transfer_needs_a_reason_and_another_unit(world: World) -> None:
    row = _submit(world)
    with travel_to(date(2026, 3, 3)):
        for to, reason, code in (
            (world.gongshang.pk, "x", "qingshi_transfer_target_invalid"),
            (world.minle.pk, "x", "qingshi_transfer_target_invalid"),
            (0, "x", "qingshi_transfer_target_invalid"),
            (world.fagai.pk, " ", "qingshi_transfer_reason_required"),
        ):
            with pytest.raises(InvalidInput) as caught:
                actions.transfer_request(
                    actor=world.users["depthead"],
                    request_id=row.pk,
                    to_department_id=to,
                    reason=reason,
                )
            assert caught.value.code == code
    assert Request.objects.get(pk=row.pk).transfers == 0


def test_overdue_requests_get_cards_closed_by_the_answer(world: World) -> None:
    row = _submit(world, "urgent")  # due Thu 5 March
    with travel_to(date(2026, 3, 6)):
        actions.sweep_directive_cards()
    card = SubjectCard.objects.get(subject_kind="request", subject_ref=row.pk)
    assert (card.colour, card.step, card.department_id) == ("yellow", "answer", world.gongshang.pk)
    with travel_to(date(2026, 3, 9)):
        actions.answer_request(actor=world.users["depthead"], request_id=row.pk, answer="同意")
        actions.sweep_directive_cards()
    card.refresh_from_db()
    assert card.closed_on == date(2026, 3, 9)
    assert Request.objects.get(pk=row.pk).on_time is False


def test_the_units_see_their_own_requests(world: World) -> None:
    row = _submit(world)
    assert list(requests_for(world.users["minle"])) == [row]
    assert list(requests_for(world.users["depthead"])) == [row]
    assert list(requests_for(world.users["fagai"])) == []
    assert list(requests_for(world.users["inspector"])) == [row]
    assert list(requests_for(world.users["window"])) == []
