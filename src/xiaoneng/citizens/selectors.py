"""What a public account may see: its own cases (filed by itself, or filed
for it — at a window or by an agent — under its 身份证号 or 统一社会信用代码),
its enterprise's green-channel dossiers, its ratings, drafts and disclosure
requests. Nothing here reads through a staff scope: an account sees exactly
its own, and staff never pass here (no profile, nothing returned)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from xiaoneng.cases.models import Case, CaseAttachment
from xiaoneng.disclosure.models import DisclosureRequest
from xiaoneng.projects.models import ProjectDossier
from xiaoneng.ratings.models import Rating

from .models import ApplicationDraft, PublicAccount


def account_of(user: Any) -> PublicAccount | None:
    """The signed-in user's public profile, or None (staff, anonymous)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.public_account  # type: ignore[no-any-return]
    except PublicAccount.DoesNotExist:
        return None


def is_public(user: Any) -> bool:
    return account_of(user) is not None


def _own_q(account: PublicAccount) -> Q:
    q = Q(applicant_id=account.user_id)
    if account.is_enterprise and account.credit_digest:
        # Filed for the enterprise by an agent (帮办代办) or at a window under its
        # credit code; and every case linked to its green-channel dossiers.
        q |= Q(applicant_id_digest=account.credit_digest)
        q |= Q(dossier_link__dossier__credit_code=account.credit_code)
    elif account.id_digest:
        q |= Q(applicant_id_digest=account.id_digest)
    return q


def own_cases(user: Any) -> QuerySet[Case]:
    """The cases this public account may see (open and finished); none for
    anyone else. The portal's document access reads through this."""
    account = account_of(user)
    if account is None:
        return Case.objects.none()
    return Case.objects.filter(_own_q(account)).select_related("item", "department").distinct()


def own_case(user: Any, case_id: int) -> Case | None:
    return own_cases(user).filter(pk=case_id).first()


def own_dossiers(user: Any) -> QuerySet[ProjectDossier]:
    """The enterprise's green-channel dossiers, by its credit code."""
    account = account_of(user)
    if account is None or not account.is_enterprise or not account.credit_code:
        return ProjectDossier.objects.none()
    return ProjectDossier.objects.filter(credit_code=account.credit_code).order_by("-id")


def own_drafts(user: Any) -> QuerySet[ApplicationDraft]:
    account = account_of(user)
    if account is None:
        return ApplicationDraft.objects.none()
    return account.drafts.select_related("item", "item__department")


def own_ratings(user: Any) -> QuerySet[Rating]:
    """Ratings given on the account's cases, or by the account itself."""
    if account_of(user) is None:
        return Rating.objects.none()
    return (
        Rating.objects.filter(Q(rater=user) | Q(case__in=own_cases(user).values("pk")))
        .select_related("case", "case__item", "department")
        .order_by("-rated_at")
    )


def own_disclosures(user: Any) -> QuerySet[DisclosureRequest]:
    account = account_of(user)
    if account is None:
        return DisclosureRequest.objects.none()
    return (
        DisclosureRequest.objects.filter(pk__in=account.disclosures.values("request_id"))
        .select_related("department")
        .order_by("-submitted_on", "-id")
    )


def reusable_materials(user: Any) -> QuerySet[CaseAttachment]:
    """Materials the account uploaded to its earlier cases (可复用材料)."""
    if account_of(user) is None:
        return CaseAttachment.objects.none()
    return (
        CaseAttachment.objects.filter(case__in=own_cases(user).values("pk"), uploaded_by=user)
        .select_related("case", "case__item")
        .order_by("-id")
    )


def username_for(kind: str, typed: str) -> str:
    """The user name behind what a visitor typed on the public login: an
    identity number (个人), a credit code (法人), a mobile number, or the user
    name itself. Unknown input goes on as typed, so the sign-in throttle and
    its answers treat it like any unknown name."""
    from xiaoneng.system.pii import pii_digest

    from .idcards import MOBILE, normal_code

    code = normal_code(typed)
    accounts = PublicAccount.objects.filter(kind=kind)
    if len(code) == 18:
        if kind == "enterprise":
            accounts = accounts.filter(credit_code=code)
        else:
            accounts = accounts.filter(id_digest=pii_digest(code))
    elif MOBILE.match(code):
        accounts = accounts.filter(phone_digest=pii_digest(code))
    else:
        return typed.strip()
    return accounts.values_list("user__username", flat=True).first() or typed.strip()
