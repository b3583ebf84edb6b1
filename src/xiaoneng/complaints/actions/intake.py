"""Filing a complaint (every channel) and the api_keys of outside systems."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.cases import uploads
from xiaoneng.cases.models import Case
from xiaoneng.complaints import clock
from xiaoneng.complaints.models import (
    STAFF_CHANNELS,
    Category,
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    OutsideSystem,
    Status,
)
from xiaoneng.complaints.selectors import as_id
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.core.text import new_query_code, query_digest
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import has_perm, require
from xiaoneng.org.models import Department, DepartmentKind, User
from xiaoneng.system.pii import pii_digest
from xiaoneng.system.writer import Prepared, insert, one_writer, prepare

from . import rows
from .common import audit_step, choice, event_row, optional_text, settle, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# The units a complaint may name (被投诉单位): not a section or window (their bureau answers).
ACCUSED_KINDS = (DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
ID_NO_RE = re.compile(r"^[0-9A-Za-z]{6,30}$")
MAX_ATTACHMENTS = 5


def accused_units() -> Any:
    """The units a complaint can be about, in the tree's order."""
    return Department.objects.filter(active=True, kind__in=ACCUSED_KINDS).order_by("kind", "sort")


@cache
def _unit_where() -> str:
    kinds = ", ".join(["%s"] * len(ACCUSED_KINDS))
    c = partial(rows.column, Department)
    return f"{c('id')} = %s AND {c('active')} = %s AND {c('kind')} IN ({kinds})"


def _unit(department_id: Any) -> Department:
    """The accused unit, active and of a kind a complaint may name."""
    dept = rows.one(Department, _unit_where(), [as_id(department_id), True, *ACCUSED_KINDS])
    if dept is None:
        raise InvalidInput("请选择被投诉单位", code="complaint_department_invalid")
    return dept


def _channel(actor: Actor | None, channel: Any, outside: OutsideSystem | None) -> str:
    """Staff enter hotline, letter and visit complaints; an outside system
    files through Open311; everyone else uses the online form."""
    if outside is not None:
        if not outside.active or outside.revoked_at is not None:
            raise InvalidInput("外部系统已停用", code="complaint_system_inactive")
        return Channel.OPEN311
    if has_perm(actor, "complaint.handle"):
        if channel == Channel.ONLINE:
            return Channel.ONLINE
        return choice(
            channel, [str(c) for c in STAFF_CHANNELS], "complaint_channel_invalid", "投诉渠道"
        )
    return Channel.ONLINE


def _location(lat: Any, long: Any) -> tuple[Decimal | None, Decimal | None]:
    if lat in (None, "") and long in (None, ""):
        return None, None
    try:
        la, lo = Decimal(str(lat)), Decimal(str(long))
    except (InvalidOperation, ValueError):
        la = lo = Decimal("NaN")
    if not (la.is_finite() and lo.is_finite() and -90 <= la <= 90 and -180 <= lo <= 180):
        raise InvalidInput("经纬度不正确", code="complaint_location_invalid")
    return la.quantize(Decimal("0.000001")), lo.quantize(Decimal("0.000001"))


def _case(case_number: Any) -> Case | None:
    number = optional_text(case_number, limit=32)
    if not number:
        return None
    case = Case.objects.filter(tracking_no=number).first()
    if case is None:
        raise InvalidInput("办件编号不存在", code="complaint_case_unknown")
    return case


@cache
def _staff_sql() -> str:
    """Active users of that name in the unit or below it (at most two)."""
    u, d = rows.table(User), rows.table(Department)
    user, dept = partial(rows.column, User), partial(rows.column, Department)
    return (
        f"SELECT {u}.{user('id')} FROM {u} INNER JOIN {d} ON {u}.{user('department')} = "  # noqa: S608 - our own names
        f"{d}.{dept('id')} WHERE {u}.{user('real_name')} = %s AND {u}.{user('is_active')} = %s "
        f"AND ({u}.{user('department')} = %s OR {d}.{dept('ancestors')} LIKE %s ESCAPE '\\') "
        "LIMIT 2"
    )


def _staff(dept: Department, name: str) -> int | None:
    """The named staff member's id, when exactly one in the unit (or a
    section below it) bears the name."""
    if not name:
        return None
    below = connection.ops.prep_for_like_query(dept.path) + "%"
    with connection.cursor() as cursor:
        cursor.execute(_staff_sql(), [name, True, dept.pk, below])
        found = cursor.fetchall()
    return int(found[0][0]) if len(found) == 1 else None


def _identity(
    *, anonymous: bool, name: Any, phone: Any, id_no: Any, address: Any, user: User | None
) -> dict[str, str]:
    """The complainant's sealed fields. Anonymous: no name, number or address
    (a phone for the call-back only if they leave one)."""
    name_ = optional_text(name, limit=100)
    phone_ = optional_text(phone, limit=30)
    id_ = optional_text(id_no, limit=30)
    address_ = optional_text(address, limit=300)
    if phone_ and not PHONE_RE.fullmatch(phone_):
        raise InvalidInput("联系电话不正确", code="complaint_phone_invalid")
    if id_ and not ID_NO_RE.fullmatch(id_):
        raise InvalidInput("证件号码不正确", code="complaint_id_no_invalid")
    if anonymous:
        name_, id_, address_ = "", "", ""
    else:
        if not name_ and user is not None:
            name_ = (user.real_name or "").strip()[:100]
        if not name_:
            raise InvalidInput("请填写投诉人姓名，或选择匿名投诉", code="complaint_name_required")
        if not (phone_ or address_ or user is not None):
            raise InvalidInput(
                "请留下联系电话或通信地址，以便答复", code="complaint_contact_required"
            )
    return {
        "complainant_name": name_,
        "complainant_phone": phone_,
        "complainant_phone_digest": pii_digest(phone_) if phone_ else "",
        "complainant_id_no": id_,
        "complainant_id_no_digest": pii_digest(id_.upper()) if id_ else "",
        "complainant_address": address_,
    }


def _checked_files(attachments: Iterable[Any]) -> list[uploads.CheckedFile]:
    files = [f for f in attachments or () if f is not None]
    if not files:
        return []
    if len(files) > MAX_ATTACHMENTS:
        raise InvalidInput(
            f"最多上传 {MAX_ATTACHMENTS} 个附件", code="complaint_too_many_attachments"
        )
    limit = uploads.limits()
    checked = [uploads.check_file(f, limit=limit) for f in files]
    if sum(c.size for c in checked) > limit.case_bytes:
        raise InvalidInput("附件合计过大", code="complaint_attachments_too_large")
    return checked


def _store(row: Complaint, checked: list[uploads.CheckedFile]) -> None:
    uploads.store_checked(ComplaintAttachment, checked, f"complaints/{row.pk}", complaint=row)


def _matter(
    *,
    category: Any,
    department_id: Any,
    title: Any,
    description: Any,
    staff_name: Any,
    case_number: Any,
    address_string: Any,
    anonymous: Any,
) -> dict[str, Any]:
    """The complaint's matter, checked: what it is about and whom."""
    return {
        "category": choice(
            category, list(Category.values), "complaint_category_invalid", "投诉类型"
        ),
        "department": _unit(department_id),
        "title": text(title, code="complaint_title_required", message="请填写投诉标题", limit=200),
        "description": text(
            description, code="complaint_description_required", message="请填写投诉内容"
        ),
        "staff_name": optional_text(staff_name, limit=100),
        "case": _case(case_number),
        "address_string": optional_text(address_string, limit=300),
        "anonymous": bool(anonymous),
    }


@dataclass
class _Draft:
    """A complaint checked and prepared before its transaction: the row with
    its opening clock, its first event, and their INSERTs' values."""

    row: Complaint
    code: str
    files: list[uploads.CheckedFile]
    complaint: Prepared
    event: ComplaintEvent
    step: Prepared
    actor: Actor | None
    payload: dict[str, Any]


def submit_complaint(
    *,
    actor: Actor | None,
    channel: str,
    category: str,
    department_id: Any,
    title: str,
    description: str,
    anonymous: bool,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_id_no: str = "",
    complainant_address: str = "",
    staff_name: str = "",
    case_number: str = "",
    lat: Any = None,
    long: Any = None,
    address_string: str = "",
    outside_system: OutsideSystem | None = None,
    attachments: Iterable[Any] = (),
    also: Callable[[], None] | None = None,
) -> tuple[Complaint, str]:
    """投诉: from the portal (signed in or not), the centre's staff (hotline,
    letter, visit) or an outside system (Open311). Received the day filed;
    the query code is returned once and kept only as its digest.

    Every check, read and computation (unit, staff, case, sealing, the
    query code's digest, the opening clock over the one RECEIVED event) is
    done before the transaction; the transaction, taken in the writers'
    queue (`system.writer.one_writer`), only writes: the complaint with its
    clock columns, its number, the first event and the audit event. `also`
    runs first inside it, for the caller's writes that must commit or
    vanish with the complaint (Open311: the rate-limit count, which may
    refuse by raising, and the operation-log row)."""
    matter = {
        "category": category,
        "department_id": department_id,
        "title": title,
        "description": description,
        "staff_name": staff_name,
        "case_number": case_number,
        "address_string": address_string,
        "anonymous": anonymous,
    }
    person = {
        "name": complainant_name,
        "phone": complainant_phone,
        "id_no": complainant_id_no,
        "address": complainant_address,
    }
    draft = _draft(actor, channel, outside_system, matter, person, (lat, long), attachments)
    with one_writer():
        return _file(draft, also)


def _draft(
    actor: Actor | None,
    channel: str,
    outside_system: OutsideSystem | None,
    matter: dict[str, Any],
    person: dict[str, Any],
    place: tuple[Any, Any],
    attachments: Iterable[Any],
) -> _Draft:
    channel_ = _channel(actor, channel, outside_system)
    citizen = None if has_perm(actor, "complaint.handle") else user_of(actor)
    fields = _matter(**matter)
    fields["lat"], fields["long"] = _location(*place)
    identity = _identity(anonymous=bool(matter["anonymous"]), user=citizen, **person)
    checked = _checked_files(attachments)
    today = timesource.today()
    code = new_query_code()
    row = Complaint(
        number=uuid.uuid4().hex,  # replaced in the transaction, once the id is known
        query_digest=query_digest(code),
        channel=channel_,
        status=Status.ACCEPTING,
        received_on=today,
        staff_id=_staff(fields["department"], fields["staff_name"]),
        complainant_user=citizen,
        outside_system=outside_system,
        external_token=uuid.uuid4().hex if outside_system is not None else None,
        **fields,
        **identity,
    )
    # A new complaint has no events: its clock is the one over RECEIVED alone.
    settle(row, [], clock.RECEIVED, today, 0)
    payload = {
        "channel": channel_,
        "category": row.category,
        "department": fields["department"].code,
        "anonymous": row.anonymous,
        "attachments": len(checked),
        "outside_system": outside_system.pk if outside_system else None,
    }
    # A citizen's own account is identity too: the audit trail names staff only.
    by = None if citizen is not None else actor
    event = event_row(
        actor=by, row=row, seq=1, kind=clock.RECEIVED, day=today, days=0, note="", payload=payload
    )
    return _Draft(row, code, checked, prepare(row), event, prepare(event), by, payload)


@transaction.atomic(durable=True)
def _file(draft: _Draft, also: Callable[[], None] | None) -> tuple[Complaint, str]:
    if also is not None:
        also()
    row = draft.row
    insert(draft.complaint, row)
    row.number = f"TS{row.received_on:%Y%m%d}{row.pk:06d}"
    with connection.cursor() as cursor:
        cursor.execute(_set_number(), [row.number, row.pk])
    _store(row, draft.files)
    draft.step.fill(ComplaintEvent._meta.get_field("complaint").column, row.pk)
    draft.event.complaint = row
    insert(draft.step, draft.event)
    audit_step(
        actor=draft.actor,
        row=row,
        kind=clock.RECEIVED,
        day=row.received_on,
        days=0,
        payload=draft.payload,
    )
    return row, draft.code


@cache
def _set_number() -> str:
    c = partial(rows.column, Complaint)
    return f"UPDATE {rows.table(Complaint)} SET {c('number')} = %s WHERE {c('id')} = %s"  # noqa: S608 - our own names


# --- api_keys of outside systems (Open311) -------------------------------------------------


def key_digest(plain: str) -> str:
    return sm3_hex(plain.encode())


@transaction.atomic(durable=True)
def issue_api_key(*, actor: Actor, name: str, contact: str = "") -> tuple[OutsideSystem, str]:
    """签发 api_key: the plain key is returned once; only its SM3 is kept."""
    user = require(actor, "complaint.keys")
    label = text(name, code="complaint_system_name_required", message="请填写系统名称", limit=100)
    plain = "xn311_" + secrets.token_urlsafe(32)
    system = OutsideSystem.objects.create(
        name=label,
        contact=optional_text(contact, limit=200),
        key_digest=key_digest(plain),
        key_hint=plain[:8],
        created_by=user,
    )
    record_event(
        actor=user,
        event_type="complaint.key_issued",
        object_type="outside_system",
        object_id=system.pk,
        payload={"name": system.name, "key_hint": system.key_hint},
    )
    return system, plain


@transaction.atomic(durable=True)
def revoke_api_key(*, actor: Actor, system_id: Any) -> OutsideSystem:
    """吊销 api_key: the system can no longer file (its complaints stay)."""
    user = require(actor, "complaint.keys")
    system = OutsideSystem.objects.select_for_update().filter(pk=as_id(system_id)).first()
    if system is None:
        raise NotFound("外部系统不存在", code="complaint_system_not_found")
    if system.revoked_at is not None:
        raise Conflict("api_key 已吊销", code="complaint_key_revoked")
    system.active = False
    system.revoked_at = timesource.now()
    system.save(update_fields=["active", "revoked_at"])
    record_event(
        actor=user,
        event_type="complaint.key_revoked",
        object_type="outside_system",
        object_id=system.pk,
        payload={"name": system.name, "key_hint": system.key_hint},
    )
    return system


@cache
def _key_where() -> str:
    c = partial(rows.column, OutsideSystem)
    return f"{c('key_digest')} = %s AND {c('active')} = %s AND {c('revoked_at')} IS NULL"


def system_for_key(plain: Any) -> OutsideSystem | None:
    """The active outside system an api_key belongs to, or None: read on
    every request (never cached), so a revoked key is refused at once."""
    if not isinstance(plain, str) or not plain.strip() or len(plain) > 200:
        return None
    return rows.one(OutsideSystem, _key_where(), [key_digest(plain.strip()), True])
