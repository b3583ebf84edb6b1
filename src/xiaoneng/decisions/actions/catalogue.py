"""决策事项目录 and registration. The government office lists the year's
decisions (title, sponsor unit, legal basis, category) and publishes the
catalogue; the sponsor unit's head registers a decision of his unit (taking
up a catalogue entry — whose title, legal basis and category stay as
published — or a new one) with its draft and explanation.

Listing and publishing a year's catalogue take one lock: the department rows
(the sponsor's when listing, all of them when publishing), so an entry is
either in the catalogue as published or refused; and the publication row's
unique year turns a lost race into `decision_catalogue_published`, never a 500."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.decisions.models import (
    CataloguePublication,
    Category,
    Decision,
    ReviewResult,
    Stage,
)
from xiaoneng.decisions.selectors import CATALOG, SPONSOR
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.org.models import Department

from .common import event, locked, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _year(value: Any) -> int:
    year = as_int(value)
    today = timesource.today()
    if year is None or not today.year - 1 <= year <= today.year + 1:
        raise InvalidInput("年度不正确", code="decision_year_invalid")
    return year


def _category(value: Any) -> str:
    if value not in Category.values:
        raise InvalidInput("决策类别不正确", code="decision_category_invalid")
    return str(value)


def _fields(title: Any, legal_basis: Any, category: Any) -> dict[str, str]:
    return {
        "title": text(title, code="decision_title_required", message="请填写决策事项", limit=200),
        "legal_basis": text(legal_basis, code="decision_basis_required", message="请填写法律依据"),
        "category": _category(category),
    }


def _published(year: int) -> bool:
    return CataloguePublication.objects.filter(year=year).exists()


@transaction.atomic(durable=True)
def add_catalogue_item(
    *,
    actor: Actor,
    year: Any,
    title: Any,
    sponsor_id: Any,
    legal_basis: Any,
    category: Any,
) -> Decision:
    """政府办公室 lists a decision in the year's catalogue."""
    user = require(actor, CATALOG)
    sponsor = (
        Department.objects.select_for_update()
        .filter(pk=as_int(sponsor_id) or 0, active=True)
        .first()
    )
    if sponsor is None:
        raise InvalidInput("承办单位不正确", code="decision_sponsor_invalid")
    the_year = _year(year)
    if _published(the_year):
        raise Conflict("该年度目录已公布，不能再增列", code="decision_catalogue_published")
    row = Decision.objects.create(
        year=the_year, sponsor=sponsor, in_catalogue=True, **_fields(title, legal_basis, category)
    )
    event(user, row, "listed", year=the_year, sponsor=sponsor.code, title=row.title)
    return row


@transaction.atomic(durable=True)
def publish_catalogue(*, actor: Actor, year: Any) -> CataloguePublication:
    user = require(actor, CATALOG)
    the_year = _year(year)
    list(Department.objects.select_for_update().values_list("pk", flat=True))  # no listing now
    if _published(the_year):
        raise Conflict("该年度目录已公布", code="decision_catalogue_published")
    items = list(
        Decision.objects.filter(year=the_year, in_catalogue=True).values_list("pk", flat=True)
    )
    if not items:
        raise InvalidInput("目录中没有决策事项", code="decision_catalogue_empty")
    try:
        with transaction.atomic():
            row = CataloguePublication.objects.create(
                year=the_year, published_on=timesource.today(), published_by=user
            )
    except IntegrityError:
        raise Conflict("该年度目录已公布", code="decision_catalogue_published") from None
    record_event(
        actor=user,
        event_type="decision.catalogue_published",
        object_type="decision_catalogue",
        object_id=the_year,
        payload={"decisions": items},
    )
    return row


@transaction.atomic(durable=True)
def register_decision(
    *,
    actor: Actor,
    draft: Any,
    explanation: Any,
    title: Any = None,
    legal_basis: Any = None,
    category: Any = None,
    decision_id: Any = None,
    year: Any = None,
) -> Decision:
    """The sponsor unit's head registers a decision of his own unit: a
    catalogue entry of his unit (`decision_id`: only the draft and its
    explanation are taken — the entry's title, legal basis and category stay
    as the catalogue published them) or a new one (all five fields)."""
    body = {
        "draft": text(draft, code="decision_draft_required", message="请填写决策草案"),
        "explanation": text(
            explanation, code="decision_explanation_required", message="请填写起草说明"
        ),
    }
    fields: dict[str, str] = {}
    if decision_id not in (None, ""):
        user, row = locked(actor, decision_id, SPONSOR)
        if row.registered_on is not None:
            raise Conflict("该决策事项已登记", code="decision_already_registered")
    else:
        fields = _fields(title, legal_basis, category)
        user = require(actor, SPONSOR)
        unit = unit_of(user)
        if unit is None or not covers_department(user, unit.pk):
            raise InvalidInput("本人没有所属单位", code="decision_sponsor_invalid")
        row = Decision(year=_year(year or timesource.today().year), sponsor=unit)
    for name, value in {**fields, **body}.items():
        setattr(row, name, value)
    row.stage = Stage.REGISTERED
    row.registered_by, row.registered_on = user, timesource.today()
    row.save()
    event(user, row, "registered", title=row.title, sponsor=row.sponsor.code)
    return row


@transaction.atomic(durable=True)
def revise_draft(
    *, actor: Actor, decision_id: Any, draft: Any, explanation: Any = None
) -> Decision:
    """The sponsor revises the draft (after a failed review or an
    uncontrollable risk), before the executive meeting — never while the
    latest legality review round is pending (the draft under review would be
    swapped) or after it passed (the reviewed draft is final)."""
    user, row = locked(actor, decision_id, SPONSOR)
    if row.stage in (Stage.DECIDED, Stage.PUBLISHED) or row.registered_on is None:
        raise Conflict("当前阶段不能修改草案", code="decision_draft_locked")
    last = row.reviews.order_by("-round").first()
    if last is not None and last.result == ReviewResult.PENDING:
        raise Conflict("合法性审查正在进行中，不能修改送审稿", code="decision_review_pending")
    if last is not None and last.result == ReviewResult.PASSED:
        raise Conflict("合法性审查已通过，草案不得再修改", code="decision_review_passed")
    new = text(draft, code="decision_draft_required", message="请填写决策草案")
    if new == row.draft:
        raise InvalidInput("修改稿与原稿相同", code="decision_draft_not_revised")
    row.draft = new
    if explanation:
        row.explanation = text(
            explanation, code="decision_explanation_required", message="请填写起草说明"
        )
    row.save(update_fields=["draft", "explanation", "updated_at"])
    event(user, row, "draft_revised", length=len(new))
    return row
