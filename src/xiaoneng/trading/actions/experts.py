"""The expert pool (综合评标专家库), kept by the trading centre: register an
expert (identity number checked and sealed, found by its digest), record a
tie the expert declares with a party (回避申报: the centre, or the expert
themself), retire an expert from the pool (出库).

The pool's rows are not a project's: their audit events are on the expert
(`trading_expert`), never with the identity number or the phone."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import inputs
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm, require
from xiaoneng.org.models import Department, User
from xiaoneng.system.pii import pii_digest
from xiaoneng.trading.common import OPERATE, expert_of
from xiaoneng.trading.models import Expert, ExpertTie, Party, Speciality, TieKind

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def missing_expert() -> NotFound:
    return NotFound("评标专家不存在", code="trading_expert_not_found")


def _expert_event(user: User, expert: Expert, what: str, **payload: Any) -> None:
    record_event(
        actor=user,
        event_type=f"trading.{what}",
        object_type="trading_expert",
        object_id=expert.pk,
        payload={"name": expert.name, **payload},
    )


def _id_number(value: Any) -> str:
    number = inputs.text(value, code="trading_expert_id_invalid", label="身份证号码", limit=18)
    number = number.upper()
    problem = inputs.id_number_problem(number)
    if problem:
        raise InvalidInput(problem, code="trading_expert_id_invalid")
    return number


def _phone(value: Any) -> str:
    phone = inputs.optional(value, code="trading_expert_phone_invalid", label="手机号码", limit=30)
    if phone and not inputs.PHONE_RE.match(phone):
        raise InvalidInput("手机号码不正确", code="trading_expert_phone_invalid")
    return phone


def _specialities(value: Any) -> list[str]:
    given = [value] if isinstance(value, str) else list(value or [])
    chosen = [
        inputs.choice(
            s, Speciality.values, code="trading_expert_specialities_invalid", label="评标专业"
        )
        for s in given
    ]
    if not chosen:
        raise InvalidInput("请选择评标专业", code="trading_expert_specialities_invalid")
    # Kept in the codelist's order, once each.
    return [s for s in Speciality.values if s in chosen]


def _employer_rows(party_id: Any, department_id: Any) -> tuple[Party | None, Department | None]:
    party = department = None
    if party_id not in (None, ""):
        party = Party.objects.filter(pk=as_int(party_id) or 0).first()
        if party is None:
            raise InvalidInput("工作单位（交易主体）不存在", code="trading_expert_employer_invalid")
    if department_id not in (None, ""):
        department = Department.objects.filter(pk=as_int(department_id) or 0).first()
        if department is None:
            raise InvalidInput("工作单位（机关）不存在", code="trading_expert_employer_invalid")
    if party is not None and department is not None:
        raise InvalidInput(
            "工作单位只能是一个交易主体或一个机关", code="trading_expert_employer_invalid"
        )
    return party, department


@transaction.atomic
def register_expert(
    *,
    actor: Actor,
    name: Any,
    id_no: Any,
    phone: Any,
    employer: Any,
    specialities: Any,
    title: Any = "",
    employer_party_id: Any = None,
    employer_department_id: Any = None,
) -> Expert:
    """The centre enters an expert into the pool. An identity number already
    in the pool (by its digest) is refused: one person, one entry."""
    user = require(actor, OPERATE)
    the_name = inputs.text(name, code="trading_expert_name_required", label="专家姓名", limit=50)
    number = _id_number(id_no)
    party, department = _employer_rows(employer_party_id, employer_department_id)
    fields = {
        "name": the_name,
        "id_no": number,
        "id_digest": pii_digest(number),
        "phone": _phone(phone),
        "employer": inputs.text(
            employer, code="trading_expert_employer_required", label="工作单位", limit=200
        ),
        "employer_party": party,
        "employer_department": department,
        "specialities": _specialities(specialities),
        "title": inputs.optional(
            title, code="trading_expert_title_invalid", label="职称", limit=50
        ),
    }
    if Expert.objects.filter(id_digest=fields["id_digest"]).exists():
        raise Conflict("该身份证号码的专家已在库中", code="trading_expert_exists")
    try:
        with transaction.atomic():
            row = Expert.objects.create(**fields)
    except IntegrityError:  # the same person entered at the same moment
        raise Conflict("该身份证号码的专家已在库中", code="trading_expert_exists") from None
    _expert_event(user, row, "expert_registered", specialities=row.specialities)
    return row


def _tie_dates(started_on: Any, ended_on: Any) -> tuple[date, date | None]:
    code = "trading_tie_dates_invalid"
    started = inputs.a_date(started_on, code=code, label="关系开始日期")
    if ended_on in (None, ""):
        return started, None
    ended = inputs.a_date(ended_on, code=code, label="关系结束日期")
    if ended < started:
        raise InvalidInput("关系结束日期不能早于开始日期", code=code)
    return started, ended


@transaction.atomic
def declare_tie(
    *,
    actor: Actor,
    expert_id: Any,
    party_id: Any,
    relation: Any,
    started_on: Any,
    ended_on: Any = None,
    note: Any = "",
) -> ExpertTie:
    """A tie the expert declares with a party (the centre records it, or the
    expert declares it on their own account). Another expert's entry is not
    there for an expert (404)."""
    if has_perm(actor, OPERATE):
        user = require(actor, OPERATE)
        expert = Expert.objects.select_for_update().filter(pk=as_int(expert_id) or 0).first()
    else:
        user, own = expert_of(actor)
        expert = (
            Expert.objects.select_for_update().filter(pk=own.pk).first()
            if own.pk == as_int(expert_id)
            else None
        )
    if expert is None:
        raise missing_expert()
    party = Party.objects.filter(pk=as_int(party_id) or 0).first()
    if party is None:
        raise InvalidInput("关联主体不存在", code="trading_tie_party_invalid")
    kind = inputs.choice(
        relation, TieKind.values, code="trading_tie_relation_invalid", label="关系"
    )
    started, ended = _tie_dates(started_on, ended_on)
    row = ExpertTie.objects.create(
        expert=expert,
        party=party,
        relation=kind,
        started_on=started,
        ended_on=ended,
        note=inputs.optional(note, code="trading_tie_note_invalid", label="说明", limit=200),
    )
    _expert_event(user, expert, "expert_tie_declared", tie=row.pk, party=party.pk, relation=kind)
    return row


@transaction.atomic
def retire_expert(*, actor: Actor, expert_id: Any) -> Expert:
    """Out of the pool (出库): never drawn again; the committees they sat on keep them."""
    user = require(actor, OPERATE)
    expert = Expert.objects.select_for_update().filter(pk=as_int(expert_id) or 0).first()
    if expert is None:
        raise missing_expert()
    if not expert.active:
        raise Conflict("该专家已出库", code="trading_expert_retired")
    expert.active = False
    expert.save(update_fields=["active"])
    _expert_event(user, expert, "expert_retired")
    return expert
