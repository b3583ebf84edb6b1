"""Writes of public accounts: registration (个人, 法人, or through the unified
identity provider), drafts of online applications, and linking a disclosure
request to 我的办件. Registration has no actor yet: the audit event names the
new account as its actor."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.catalog.selectors import published_item
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.core.text import query_digest
from xiaoneng.disclosure.models import DisclosureRequest
from xiaoneng.org.authority import require
from xiaoneng.org.models import Role
from xiaoneng.system.pii import pii_digest

from .idcards import credit_code_problem, id_number_problem, mobile_problem, normal_code
from .models import AccountKind, ApplicationDraft, LinkedDisclosure, PublicAccount

User = get_user_model()
APPLICANT_ROLE = "applicant"  # 申请人（群众、企业）: case.apply, scope 仅本人


class AccountExists(DomainError):
    status = 409
    code = "public_account_exists"


def _checked(number: str, problem: str | None, code: str) -> str:
    if problem:
        raise InvalidInput(problem, code=code)
    return number


def _identity(
    kind: str, id_no: str, phone: str, credit_code: str, *, phone_required: bool = True
) -> tuple[str, str, str]:
    id_no = normal_code(id_no)
    _checked(id_no, id_number_problem(id_no), "public_id_number_invalid")
    phone = "".join((phone or "").split()).removeprefix("+86")
    if phone or phone_required:
        _checked(phone, mobile_problem(phone), "public_phone_invalid")
    code = normal_code(credit_code) if kind == AccountKind.ENTERPRISE else ""
    if kind == AccountKind.ENTERPRISE:
        _checked(code, credit_code_problem(code), "credit_code_invalid")
    return id_no, phone, code


def _clash(kind: str, id_digest: str, phone_digest: str, code: str) -> DomainError | None:
    accounts = PublicAccount.objects.select_for_update()
    if kind == AccountKind.ENTERPRISE and accounts.filter(kind=kind, credit_code=code).exists():
        return AccountExists("该统一社会信用代码已注册法人账号，请直接登录")
    if kind == AccountKind.PERSON and accounts.filter(kind=kind, id_digest=id_digest).exists():
        return AccountExists("该身份证号已注册个人账号，请直接登录")
    if phone_digest and accounts.filter(kind=kind, phone_digest=phone_digest).exists():
        return DomainError("该手机号码已注册账号，请直接登录", code="public_phone_taken")
    return None


def register_account(
    *,
    kind: str,
    person_name: str,
    id_no: str,
    phone: str,
    password: str | None,
    enterprise_name: str = "",
    credit_code: str = "",
    username: str = "",
    oidc: tuple[str, str] | None = None,
) -> PublicAccount:
    """A 个人 or 法人 account with the 申请人 role. `password` None: signed up
    through the identity provider (`oidc` = issuer, subject), no local password."""
    if kind not in AccountKind.values:
        raise InvalidInput("账号类型不正确", code="public_account_kind_mismatch")
    # The identity provider vouches for the person; it may not pass a phone.
    id_no, phone, code = _identity(kind, id_no, phone, credit_code, phone_required=oidc is None)
    name = person_name.strip()[:50]
    company = enterprise_name.strip()[:200]
    if not name or (kind == AccountKind.ENTERPRISE and not company):
        raise InvalidInput("请填写姓名（法人账号还须填写单位名称）", code="public_name_required")
    prefix = "fr" if kind == AccountKind.ENTERPRISE else "gr"
    username = username or f"{prefix}_{secrets.token_hex(5)}"
    user = User(username=username, real_name=company or name)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("；".join(exc.messages), code="password_too_simple") from None
    id_digest, phone_digest = pii_digest(id_no), pii_digest(phone) if phone else ""
    with transaction.atomic():
        clash = _clash(kind, id_digest, phone_digest, code)
        if clash is None and User.objects.filter(username=username).exists():
            clash = AccountExists("该用户名已被使用", code="username_taken")
        if clash is None:
            if password is None:
                user.set_unusable_password()
            else:
                user.set_password(password)
            user.save()
            user.roles.set(Role.objects.filter(code=APPLICANT_ROLE))
            account = PublicAccount.objects.create(
                user=user,
                kind=kind,
                person_name=name,
                id_no=id_no,
                id_digest=id_digest,
                phone=phone,
                phone_digest=phone_digest,
                enterprise_name=company,
                credit_code=code,
                credit_digest=pii_digest(code) if code else "",
                oidc_issuer=oidc[0] if oidc else "",
                oidc_subject=oidc[1] if oidc else "",
            )
            record_event(
                actor=user,
                event_type="citizens.registered",
                object_type="public_account",
                object_id=account.pk,
                payload={"kind": kind, "channel": "oidc" if oidc else "password"},
            )
    if clash is not None:
        raise clash
    return account


def attach_public_profile(
    *, user: Any, kind: str, person_name: str, id_no: str, phone: str, **fields: Any
) -> PublicAccount:
    """The profile for a user that already exists (the demo's `applicant`)."""
    id_no, phone, code = _identity(kind, id_no, phone, fields.get("credit_code", ""))
    with transaction.atomic():
        user.roles.add(*Role.objects.filter(code=APPLICANT_ROLE))
        account = PublicAccount.objects.create(
            user=user,
            kind=kind,
            person_name=person_name,
            id_no=id_no,
            id_digest=pii_digest(id_no),
            phone=phone,
            phone_digest=pii_digest(phone),
            enterprise_name=fields.get("enterprise_name", ""),
            credit_code=code,
            credit_digest=pii_digest(code) if code else "",
        )
        record_event(
            actor=user,
            event_type="citizens.registered",
            object_type="public_account",
            object_id=account.pk,
            payload={"kind": kind, "channel": "existing_user"},
        )
    return account


def _account(actor: Any) -> PublicAccount:
    try:
        return actor.public_account  # type: ignore[no-any-return]
    except (AttributeError, PublicAccount.DoesNotExist):
        raise NotFound("公众账号不存在", code="public_draft_not_found") from None


def save_draft(
    *, actor: Any, item_code: str, applicant_name: str, summary: str, draft_id: int | None = None
) -> ApplicationDraft:
    """Save (or update) an online application before submitting it."""
    with transaction.atomic():
        require(actor, "case.apply")
        account = _account(actor)
        item = published_item(item_code)
        draft = None
        if draft_id:
            draft = account.drafts.select_for_update().filter(pk=draft_id, item=item).first()
        draft = draft or ApplicationDraft(account=account, item=item)
        draft.applicant_name = applicant_name.strip()[:200]
        draft.summary = summary.strip()[:4000]
        draft.save()
        record_event(
            actor=actor,
            event_type="citizens.draft_saved",
            object_type="application_draft",
            object_id=draft.pk,
            payload={"item": item.code},
        )
    return draft


def delete_draft(*, actor: Any, draft_id: int) -> None:
    with transaction.atomic():
        require(actor, "case.apply")
        deleted, _ = _account(actor).drafts.filter(pk=draft_id).delete()
    if not deleted:
        raise NotFound("草稿不存在", code="public_draft_not_found")


def link_disclosure(*, actor: Any, tracking_no: str, query_code: str) -> DisclosureRequest:
    """Add a disclosure request to 我的办件, proven by its number and query code."""
    with transaction.atomic():
        require(actor, "case.apply")
        account = _account(actor)
        request = DisclosureRequest.objects.filter(
            tracking_no=tracking_no.strip(), query_digest=query_digest(query_code.strip())
        ).first()
        if request is not None:
            try:
                with transaction.atomic():
                    LinkedDisclosure.objects.create(account=account, request=request)
            except IntegrityError:
                return request  # linked before: nothing new to record
            record_event(
                actor=actor,
                event_type="citizens.disclosure_linked",
                object_type="disclosure_request",
                object_id=request.pk,
                payload={"account": account.pk},
            )
    if request is None:
        raise NotFound("申请编号或查询码不正确", code="disclosure_link_failed")
    return request


def account_for_claims(
    *, issuer: str, claims: dict[str, Any], names: dict[str, str]
) -> PublicAccount:
    """The account an identity provider's verified claims stand for: the one
    signed up with that subject, else the 法人 with the credit code or the 个人
    with the identity number, else a new account (no local password)."""
    subject = str(claims["sub"])
    known = PublicAccount.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()
    if known is not None:
        return known
    credit = normal_code(str(claims.get(names["CREDIT_CLAIM"]) or ""))
    id_no = normal_code(str(claims.get(names["ID_CLAIM"]) or ""))
    if not id_no:
        raise InvalidInput("统一身份认证平台未提供身份证号，无法确认您的身份", code="oidc_failed")
    accounts = PublicAccount.objects.select_related("user")
    if credit:
        existing = accounts.filter(kind=AccountKind.ENTERPRISE, credit_code=credit).first()
    else:
        existing = accounts.filter(kind=AccountKind.PERSON, id_digest=pii_digest(id_no)).first()
    if existing is not None:
        return existing
    return register_account(
        kind=AccountKind.ENTERPRISE if credit else AccountKind.PERSON,
        person_name=str(claims.get("name") or ""),
        id_no=id_no,
        phone=str(claims.get("phone_number") or ""),
        password=None,
        enterprise_name=str(claims.get(names["ORG_CLAIM"]) or ""),
        credit_code=credit,
        oidc=(issuer, subject),
    )
