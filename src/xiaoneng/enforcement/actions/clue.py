"""The clue and the investigation (行政处罚法 art. 54–55): an officer opens a
clue on an item of the body's enforcement list (with the on-site record
when there is one — the phone form does both), records evidence while the
case is open, orders the party to correct (art. 28) and records the day it
did (首违不罚 needs it, art. 33)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.complaints.models import Complaint
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.enforcement import clock
from xiaoneng.enforcement.common import ACT, certified_officers, event, locked_case, refusing
from xiaoneng.enforcement.models import ClueSource, Item, PenaltyCase, Procedure, Status
from xiaoneng.org.authority import covers_department, require

from . import inputs
from .evidence import check_evidence, refusing_opening, write_evidence

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def own_item(user: User, item_id: Any) -> Item:
    """An active, published item of the actor's own body's enforcement list."""
    item = Item.objects.select_related("body").filter(pk=as_int(item_id) or 0).first()
    if item is None or not covers_department(user, item.body_id):
        raise InvalidInput(
            "执法事项不正确（须为本机关执法事项清单中的事项）", code="enforcement_item_invalid"
        )
    if not item.active:
        raise Conflict("该执法事项已废止，不能据此立案或处罚", code="enforcement_item_repealed")
    if item.published_on is None:
        # 国办发〔2018〕118号: the list is published before the body enforces it.
        raise Conflict(
            "该执法事项尚未在执法事项清单中公示，不能据此立案或处罚",
            code="enforcement_item_unpublished",
        )
    return item


def complaint_of(value: Any) -> Complaint | None:
    if value in (None, ""):
        return None
    row = Complaint.objects.filter(pk=as_int(value) or 0).first()
    if row is None:
        raise InvalidInput("关联投诉不存在", code="enforcement_complaint_invalid")
    return row


@refusing_opening
@transaction.atomic(durable=True)
def open_clue(
    *,
    actor: Actor,
    item_id: Any,
    party_kind: Any,
    party_name: Any,
    facts: Any,
    place: Any,
    violated_on: Any,
    found_on: Any,
    source: Any,
    officer_ids: Any,
    party_code: Any = "",
    party_id_no: Any = "",
    party_phone: Any = "",
    party_address: Any = "",
    complaint_id: Any = None,
    evidence: dict[str, Any] | None = None,
) -> PenaltyCase:
    """线索登记: the party, the facts, the officers (≥ 2 certified on the day
    found); the registration limit starts. `evidence` (kind, description,
    taken_at, place, latitude, longitude, files) is the on-site record
    taken with it, by the same officers."""
    user = require(actor, ACT)
    item = own_item(user, item_id)
    found = inputs.a_date(found_on, code="enforcement_date_invalid", label="发现线索日期")
    violated = inputs.a_date(violated_on, code="enforcement_date_invalid", label="违法行为发生日期")
    if violated > found:
        raise InvalidInput("违法行为发生日期不能晚于发现日期", code="enforcement_date_invalid")
    case = PenaltyCase(
        body=item.body,
        item=item,
        procedure=Procedure.GENERAL,
        status=Status.CLUE,
        facts=inputs.text(facts, code="enforcement_facts_required", label="违法事实"),
        place=inputs.text(place, code="enforcement_facts_required", label="违法地点", limit=200),
        violated_on=violated,
        found_on=found,
        source=inputs.choice(
            source, ClueSource.values, code="enforcement_source_invalid", label="案件来源"
        ),
        complaint=complaint_of(complaint_id),
        created_by=user,
        **inputs.party(
            kind=party_kind,
            name=party_name,
            code=party_code,
            id_no=party_id_no,
            phone=party_phone,
            address=party_address,
        ),
    )
    officers = certified_officers(case, inputs.ids(officer_ids), found, actor=user)
    record = check_evidence(case, user, **evidence) if evidence else None
    clock.stamp(case)
    case.save()
    case.officers.set(officers)
    onsite = write_evidence(case, user, record) if record else None
    event(
        user,
        case,
        "clue_opened",
        item=item.code,
        party_kind=case.party_kind,
        found_on=found,
        officers=[u.pk for u in officers],
        register_due=case.register_due,
        evidence=onsite,
    )
    return case


@refusing
@transaction.atomic(durable=True)
def record_evidence(
    *,
    actor: Actor,
    case_id: Any,
    kind: Any,
    description: Any,
    taken_at: Any,
    place: Any,
    officer_ids: Any,
    latitude: Any = None,
    longitude: Any = None,
    files: Iterable[Any] | None = None,
) -> PenaltyCase:
    """调查取证: a record by ≥ 2 officers certified that day, with its files."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "evidence")
    record = check_evidence(
        case,
        user,
        kind=kind,
        description=description,
        taken_at=taken_at,
        place=place,
        latitude=latitude,
        longitude=longitude,
        officer_ids=officer_ids,
        files=files,
    )
    payload = write_evidence(case, user, record)
    case.save(update_fields=["updated_at"])
    event(user, case, "evidence_recorded", **payload)
    return case


@transaction.atomic(durable=True)
def order_correction(*, actor: Actor, case_id: Any, due_on: Any) -> PenaltyCase:
    """责令改正 (art. 28) by a due day; ordered again, the new day counts."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "order_correction")
    if case.corrected_on is not None:
        raise Conflict("当事人已改正", code="enforcement_already_corrected")
    case.correction_due = inputs.a_future_date(
        due_on, code="enforcement_date_invalid", label="改正期限"
    )
    case.save(update_fields=["correction_due", "updated_at"])
    event(user, case, "correction_ordered", due_on=case.correction_due)
    return case


@transaction.atomic(durable=True)
def record_correction(*, actor: Actor, case_id: Any, corrected_on: Any = None) -> PenaltyCase:
    """The day the party corrected, after the order; in time or late."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "record_correction")
    if case.correction_due is None:
        raise Conflict("尚未责令改正", code="enforcement_correction_not_ordered")
    day = inputs.a_date(
        corrected_on, code="enforcement_date_invalid", label="改正日期", default_today=True
    )
    if day < case.violated_on:
        raise InvalidInput("改正日期不能早于违法行为发生日期", code="enforcement_date_invalid")
    case.corrected_on = day
    case.save(update_fields=["corrected_on", "updated_at"])
    in_time = day <= case.correction_due
    event(user, case, "correction_recorded", corrected_on=day, in_time=in_time)
    return case
