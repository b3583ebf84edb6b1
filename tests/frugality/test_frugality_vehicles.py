"""Official vehicles (公务用车): purchase only for an urgent need with its
reason, approved by the city leader in charge of the unit (portfolio
scope); no new vehicle in the register without an approved request; a
recent 补录 without one is flagged; the odometer never goes backwards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models.signals import pre_save
from frugality_support import World

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions
from xiaoneng.frugality.models import PurchaseRequest, Status, Vehicle
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DAY = date(2026, 6, 1)  # Mon
LATER = date(2026, 6, 15)


@pytest.fixture
def ask(world: World) -> Any:
    def make(actor: str = "office", **extra: Any) -> PurchaseRequest:
        fields: dict[str, Any] = {
            "kind": "emergency",
            "model_wanted": "越野型应急保障车",
            "budget": Decimal("180000"),
            "urgent": True,
            "urgent_reason": "原应急车辆报废，汛期市场应急保障急需",
        }
        fields.update(extra)
        with travel_to(DAY):
            return actions.request_vehicle_purchase(actor=world.users[actor], **fields)

    return make


@pytest.fixture
def granted(world: World, ask: Any) -> Any:
    def make(**extra: Any) -> PurchaseRequest:
        row = ask(**extra)
        with travel_to(DAY):
            return actions.decide_vehicle_purchase(
                actor=world.users["leader"], request_id=row.pk, approve=True
            )

    return make


def register(world: World, actor: str = "office", on: date = LATER, **extra: Any) -> Vehicle:
    fields: dict[str, Any] = {
        "plate": "甘G·A1234",
        "model_name": "长城哈弗H9",
        "kind": "emergency",
        "origin": "purchase",
        "acquired_on": date(2026, 6, 10),
        "price": Decimal("176500"),
    }
    fields.update(extra)
    with travel_to(on):
        return actions.register_vehicle(actor=world.users[actor], **fields)


@pytest.mark.parametrize(
    "fields", [{"urgent": False}, {"urgent_reason": "  "}, {"urgent": False, "urgent_reason": ""}]
)
def test_a_purchase_without_an_urgent_reason_is_refused(ask: Any, fields: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(**fields)
    assert refused.value.code == "vehicle_not_urgent"
    assert not PurchaseRequest.objects.exists()


def test_the_leader_in_charge_approves(granted: Any, world: World) -> None:
    row = granted()
    assert row.status == Status.APPROVED
    assert row.decided_by == world.users["leader"]


def test_the_unit_head_may_not_approve_a_purchase(world: World, ask: Any) -> None:
    row = ask()
    with travel_to(DAY), pytest.raises(PermissionDenied):
        actions.decide_vehicle_purchase(
            actor=world.users["depthead"], request_id=row.pk, approve=True
        )


def test_the_leader_approves_only_within_his_portfolio(world: World, ask: Any) -> None:
    row = ask(actor="zj_office")  # 市质监局: not in the leader's portfolio
    with travel_to(DAY), pytest.raises(NotFound):
        actions.decide_vehicle_purchase(
            actor=world.users["leader"], request_id=row.pk, approve=True
        )
    with travel_to(DAY):  # the mayor's scope is the whole city
        done = actions.decide_vehicle_purchase(
            actor=world.users["mayor"], request_id=row.pk, approve=True
        )
    assert done.status == Status.APPROVED


def test_a_new_vehicle_without_an_approved_request_is_refused(world: World, ask: Any) -> None:
    with pytest.raises(Conflict) as refused:
        register(world)
    assert refused.value.code == "vehicle_request_required"
    pending = ask()
    with pytest.raises(Conflict):
        register(world, purchase_request_id=pending.pk)
    assert not Vehicle.objects.exists()


def test_a_new_vehicle_on_its_approved_request(world: World, granted: Any) -> None:
    request = granted()
    car = register(world, purchase_request_id=request.pk)
    assert car.purchase_request == request
    assert car.plate == "甘G·A1234"
    assert not Anomaly.objects.filter(subject_kind="vehicle").exists()
    # The request was for one vehicle: a second is refused.
    with pytest.raises(Conflict) as refused:
        register(world, plate="甘G·A5678", purchase_request_id=request.pk)
    assert refused.value.code == "vehicle_request_required"


def test_another_units_request_does_not_cover_a_vehicle(world: World, granted: Any) -> None:
    request = granted()
    with pytest.raises(Conflict):
        register(world, actor="zj_office", purchase_request_id=request.pk)


def test_a_recent_legacy_entry_is_flagged(world: World) -> None:
    car = register(
        world, origin="legacy", acquired_on=date(2026, 3, 1), document="2026年3月购入，未登记"
    )
    (found,) = Anomaly.objects.filter(
        subject_kind="vehicle", subject_ref=car.pk, kind="vehicle_unapproved"
    )
    assert found.evidence["acquired_on"] == "2026-03-01"
    assert found.evidence["days_before_registration"] == (LATER - date(2026, 3, 1)).days
    assert found.evidence["legacy_window_days"] == 365
    assert found.department_id == world.gongshang.pk


def test_an_old_legacy_entry_is_not_flagged(world: World) -> None:
    car = register(
        world,
        origin="legacy",
        acquired_on=LATER - timedelta(days=366),
        document="2015年配备，台账补录",
    )
    assert not Anomaly.objects.filter(subject_kind="vehicle", subject_ref=car.pk).exists()


def test_a_transfer_needs_its_document_and_is_not_a_purchase(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(world, origin="transfer", acquired_on=date(2026, 6, 1))
    assert refused.value.code == "vehicle_document_required"
    car = register(
        world,
        origin="transfer",
        acquired_on=date(2026, 6, 1),
        document="市机关事务局调剂〔2026〕3号",
    )
    assert not Anomaly.objects.filter(subject_kind="vehicle", subject_ref=car.pk).exists()


def test_a_plate_once(world: World) -> None:
    register(world, origin="legacy", acquired_on=date(2010, 1, 1), document="补录")
    with pytest.raises(Conflict) as refused:
        register(world, origin="legacy", acquired_on=date(2010, 1, 1), document="补录")
    assert refused.value.code == "vehicle_plate_exists"


def test_a_plate_once_even_when_another_registers_it_meanwhile(world: World) -> None:
    """Another office's registration of the plate commits between the check and
    the insert: a Conflict with its code, not a database error."""
    other = {"model_name": "桑塔纳", "kind": "official", "acquired_on": date(2010, 1, 1)}

    done: list[bool] = []

    def meanwhile(sender: Any, instance: Vehicle, **kwargs: Any) -> None:
        if not done:
            done.append(True)
            Vehicle.objects.create(
                **other,
                department=instance.department,
                plate=instance.plate,
                origin="legacy",
                registered_on=instance.registered_on,
                registered_by=instance.registered_by,
            )

    pre_save.connect(meanwhile, sender=Vehicle)
    try:
        with pytest.raises(Conflict) as refused:
            register(world, origin="legacy", acquired_on=date(2010, 1, 1), document="补录")
    finally:
        pre_save.disconnect(meanwhile, sender=Vehicle)
    assert refused.value.code == "vehicle_plate_exists"


def _use(world: World, car: Vehicle, start: int, end: int, on: date = LATER, **extra: Any) -> Any:
    with travel_to(on):
        return actions.log_vehicle_use(
            actor=world.users["office"],
            vehicle_id=car.pk,
            used_on=on,
            driver="李师傅",
            purpose="市场应急检查",
            start_km=start,
            end_km=end,
            **extra,
        )


def test_the_odometer_never_goes_backwards(world: World) -> None:
    car = register(
        world, origin="legacy", acquired_on=date(2018, 1, 1), document="补录", odometer=52000
    )
    use = _use(world, car, 52000, 52086, cost=Decimal("60.50"))
    assert use.distance == 86
    assert Vehicle.objects.get(pk=car.pk).odometer == 52086
    with pytest.raises(Conflict) as refused:
        _use(world, car, 52080, 52100, on=LATER + timedelta(days=1))
    assert refused.value.code == "vehicle_odometer_backwards"
    with pytest.raises(Conflict):
        _use(world, car, 52090, 52089, on=LATER + timedelta(days=1))
    assert Vehicle.objects.get(pk=car.pk).odometer == 52086
    assert _use(world, car, 52086, 52120, on=LATER + timedelta(days=1)).distance == 34


def test_uses_are_logged_in_date_order(world: World) -> None:
    car = register(world, origin="legacy", acquired_on=date(2018, 1, 1), document="补录")
    _use(world, car, 0, 10)
    with pytest.raises(Conflict) as refused:
        _use(world, car, 10, 20, on=LATER - timedelta(days=1))
    assert refused.value.code == "vehicle_use_out_of_order"


def test_another_unit_cannot_log_a_use(world: World) -> None:
    car = register(world, origin="legacy", acquired_on=date(2018, 1, 1), document="补录")
    with travel_to(LATER), pytest.raises(NotFound):
        actions.log_vehicle_use(
            actor=world.users["zj_office"],
            vehicle_id=car.pk,
            used_on=LATER,
            driver="张",
            purpose="x",
            start_km=0,
            end_km=1,
        )
