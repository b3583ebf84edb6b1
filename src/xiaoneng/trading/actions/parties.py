"""Registering the trading parties (交易主体登记), kept by the trading centre:
register an enterprise (its 统一社会信用代码 checked by the GB 32100 check
character, one entry per code), correct its particulars, deactivate it (an
inactive party cannot bid: `common.party_of` only finds active ones), open
and close the accounts of its staff.

An account's first password is made here, returned once to the centre to
hand over, and held as expired: the house's sign-in sends a user whose
password is older than `auth.password_max_age_days` to the password page
first, so the first password is dated long past. It is never stored in
clear and never in an audit event. Events are on the party
(`trading_party`), never with the contact's phone."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import inputs
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import require
from xiaoneng.org.models import Role, User
from xiaoneng.projects.codes import credit_code_problem
from xiaoneng.system.params import get_param
from xiaoneng.trading.common import OPERATE
from xiaoneng.trading.models import Party

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

BIDDER_ROLE, AGENCY_ROLE = "bidder", "trading_agency"
# What update_party may change: everything but the credit code, the key of the entry.
EDITABLE = (
    "name",
    "is_bidder",
    "is_agency",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "address",
)
# A first password is read aloud or copied once: no 0/O, 1/l/I look-alikes.
_LOWER = "abcdefghjkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "@#%+=?"
# Dated long past: the first sign-in is held on the password page (see the docstring).
FIRST_PASSWORD_DATE = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class OpenedAccount:
    """The new account and its first password, to be shown once and forgotten."""

    user: User
    password: str


def missing_party() -> NotFound:
    return NotFound("交易主体不存在", code="trading_party_not_found")


def _party_event(user: User, party: Party, what: str, **payload: Any) -> None:
    record_event(
        actor=user,
        event_type=f"trading.{what}",
        object_type="trading_party",
        object_id=party.pk,
        payload={"name": party.name, "credit_code": party.credit_code, **payload},
    )


def _locked_party(party_id: Any) -> Party:
    party = Party.objects.select_for_update().filter(pk=as_int(party_id) or 0).first()
    if party is None:
        raise missing_party()
    return party


def _credit_code(value: Any) -> str:
    code = inputs.text(
        value, code="trading_credit_code_invalid", label="统一社会信用代码", limit=18
    )
    code = code.upper()
    problem = credit_code_problem(code)
    if problem:
        raise InvalidInput(problem, code="trading_credit_code_invalid")
    return code


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def _phone(value: Any, *, code: str, label: str, limit: int = 30) -> str:
    phone = inputs.optional(value, code=code, label=label, limit=limit)
    if phone and not inputs.PHONE_RE.match(phone):
        raise InvalidInput(f"{label}不正确", code=code)
    return phone


def _particulars(given: dict[str, Any]) -> dict[str, Any]:
    """The checked particulars among `given` (only those named)."""
    checks: dict[str, Any] = {
        "name": lambda v: inputs.text(
            v, code="trading_party_name_required", label="名称", limit=200
        ),
        "is_bidder": _flag,
        "is_agency": _flag,
        "legal_representative": lambda v: inputs.text(
            v, code="trading_legal_representative_required", label="法定代表人", limit=50
        ),
        "contact_name": lambda v: inputs.text(
            v, code="trading_contact_name_required", label="联系人", limit=50
        ),
        "contact_phone": lambda v: _phone(
            v, code="trading_contact_phone_invalid", label="联系电话"
        ),
        "address": lambda v: inputs.optional(
            v, code="trading_address_invalid", label="住所", limit=200
        ),
    }
    return {key: checks[key](value) for key, value in given.items()}


def _kind_check(is_bidder: bool, is_agency: bool) -> None:
    if not (is_bidder or is_agency):
        raise InvalidInput(
            "请至少选择一种主体类型（投标人/竞买人或招标代理机构）",
            code="trading_party_kind_required",
        )


def _exists() -> Conflict:
    return Conflict("该统一社会信用代码的交易主体已登记", code="trading_party_exists")


@transaction.atomic
def register_party(
    actor: Actor,
    *,
    name: Any,
    credit_code: Any,
    is_bidder: Any,
    is_agency: Any,
    legal_representative: Any,
    contact_name: Any,
    contact_phone: Any,
    address: Any = "",
) -> Party:
    """The centre registers an enterprise that comes to take part. One entry
    per credit code (an inactive one included: it is reactivated, not
    registered twice)."""
    user = require(actor, OPERATE)
    fields = _particulars(
        {
            "name": name,
            "is_bidder": is_bidder,
            "is_agency": is_agency,
            "legal_representative": legal_representative,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "address": address,
        }
    )
    code = _credit_code(credit_code)
    _kind_check(fields["is_bidder"], fields["is_agency"])
    if Party.objects.filter(credit_code=code).exists():
        raise _exists()
    try:
        with transaction.atomic():
            party = Party.objects.create(credit_code=code, **fields)
    except IntegrityError:  # the same code registered at the same moment
        raise _exists() from None
    _party_event(
        user, party, "party_registered", is_bidder=party.is_bidder, is_agency=party.is_agency
    )
    return party


@transaction.atomic
def update_party(actor: Actor, party_id: Any, **fields: Any) -> Party:
    """Correct a party's particulars; the credit code is the entry's key and
    does not change (a new code is a new registration)."""
    user = require(actor, OPERATE)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        code = "trading_credit_code_fixed" if "credit_code" in unknown else "trading_field_invalid"
        message = (
            "统一社会信用代码登记后不能修改" if "credit_code" in unknown else "填写的内容不正确"
        )
        raise InvalidInput(message, code=code, detail={"fields": unknown})
    party = _locked_party(party_id)
    checked = _particulars(fields)
    _kind_check(
        checked.get("is_bidder", party.is_bidder), checked.get("is_agency", party.is_agency)
    )
    changed = sorted(k for k, v in checked.items() if getattr(party, k) != v)
    for key in changed:
        setattr(party, key, checked[key])
    if changed:
        party.save(update_fields=changed)
        # Which particulars changed, never their values: the phone is personal data.
        _party_event(user, party, "party_updated", fields=changed)
    return party


@transaction.atomic
def deactivate_party(actor: Actor, party_id: Any, reason: Any) -> Party:
    """Take a party off the platform: it can no longer bid nor act as an agency;
    its past bids and projects stay. Its accounts stay open (close them one by one)."""
    user = require(actor, OPERATE)
    why = inputs.text(reason, code="trading_reason_required", label="理由", limit=200)
    party = _locked_party(party_id)
    if not party.active:
        raise Conflict("该交易主体已停用", code="trading_party_inactive")
    party.active = False
    party.save(update_fields=["active"])
    _party_event(user, party, "party_deactivated", reason=why)
    return party


def first_password() -> str:
    """A random first password meeting the house policy (length and character
    classes of the parameters): at least 12 characters, all four classes."""
    length = max(12, get_param("auth.password_min_length"))
    pools = (_LOWER, _UPPER, _DIGITS, _SYMBOLS)
    chars = [secrets.choice(pool) for pool in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _roles_for(party: Party) -> list[Role]:
    codes = [BIDDER_ROLE] * party.is_bidder + [AGENCY_ROLE] * party.is_agency
    return list(Role.objects.filter(code__in=codes))


def _username(value: Any) -> str:
    name = inputs.text(value, code="trading_username_invalid", label="用户名", limit=150)
    allowed = set(string.ascii_letters + string.digits + "_.-@")
    if len(name) < 3 or any(c not in allowed for c in name):
        raise InvalidInput(
            "用户名应为 3 位以上的字母、数字或 _ . - @", code="trading_username_invalid"
        )
    return name


@transaction.atomic
def open_account(
    actor: Actor, party_id: Any, *, username: Any, real_name: Any, phone: Any
) -> OpenedAccount:
    """Open an account for a member of the party's staff: role `bidder` for a
    bidder, `trading_agency` for an agency (both for both), no department (not
    a government officer), a random first password returned once."""
    user = require(actor, OPERATE)
    party = _locked_party(party_id)
    if not party.active:
        raise Conflict("该交易主体已停用", code="trading_party_inactive")
    login = _username(username)
    name = inputs.text(real_name, code="trading_real_name_required", label="姓名", limit=50)
    mobile = _phone(phone, code="trading_account_phone_invalid", label="手机号码", limit=20)
    if User.objects.filter(username__iexact=login).exists():
        raise Conflict(f"用户名 {login} 已存在", code="trading_username_taken")
    password = first_password()
    account = User(username=login, real_name=name, phone=mobile)
    try:
        validate_password(password, account)
    except ValidationError as exc:  # a parameter stricter than the generator
        raise InvalidInput(
            "密码不符合要求", code="trading_password_policy", detail=list(exc.messages)
        ) from None
    account.set_password(password)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise Conflict(f"用户名 {login} 已存在", code="trading_username_taken") from None
    # The validators dated the password just now; the first one is to be changed.
    User.objects.filter(pk=account.pk).update(password_changed_at=FIRST_PASSWORD_DATE)
    account.password_changed_at = FIRST_PASSWORD_DATE
    account.roles.set(_roles_for(party))
    party.members.add(account)
    _party_event(
        user,
        party,
        "account_opened",
        account=account.pk,
        username=login,
        roles=sorted(r.code for r in account.roles.all()),
    )
    return OpenedAccount(user=account, password=password)


@transaction.atomic
def close_account(actor: Actor, party_id: Any, user_id: Any) -> User:
    """Close a staff account of the party: the user is deactivated (cannot sign
    in) and leaves the party. Another party's user is not there (404)."""
    user = require(actor, OPERATE)
    party = _locked_party(party_id)
    member = (
        party.members.select_for_update().filter(pk=as_int(user_id) or 0).first()
        if as_int(user_id)
        else None
    )
    if member is None:
        raise NotFound("该交易主体没有这个账号", code="trading_account_not_found")
    party.members.remove(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    _party_event(user, party, "account_closed", account=member.pk, username=member.username)
    return member
