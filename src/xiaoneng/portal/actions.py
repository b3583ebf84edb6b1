"""Writes of the portal's own data, each audited: the search dictionary
(检索同义词/热词) and the sample or blank forms of materials (样表/空表).
Both are part of how the catalog is presented, so they need the catalog's
permission (`catalog.manage`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.cases import uploads
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import require

from .models import MaterialSample, SampleKind, SearchWord, split_terms
from .search import forget_synonyms

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PERMISSION = "catalog.manage"


def save_search_word(
    *,
    actor: Actor,
    word: str,
    terms: str = "",
    hot: bool = False,
    sort: int = 0,
    pk: int | None = None,
) -> SearchWord:
    """Add a word (pk None) or change one: the word, its synonyms, hot or not."""
    with transaction.atomic():
        user = require(actor, PERMISSION)
        word = require_text(word, code="search_word_required", message="请填写检索词", limit=30)
        listed = split_terms(terms)
        if not listed and not hot:
            raise InvalidInput("请填写同义词，或将该词设为热词", code="search_word_terms_required")
        row = SearchWord() if pk is None else _word(pk)
        before = {"word": row.word, "terms": row.terms, "hot": row.hot} if pk else None
        row.word, row.terms, row.hot, row.sort = word, "、".join(listed), hot, max(sort, 0)
        row.save()
        record_event(
            actor=user,
            event_type="portal.search_word_saved",
            object_type="portal.searchword",
            object_id=row.pk,
            payload={"word": row.word, "terms": listed, "hot": hot, "before": before},
        )
    transaction.on_commit(forget_synonyms)
    return row


def delete_search_word(*, actor: Actor, pk: int) -> None:
    with transaction.atomic():
        user = require(actor, PERMISSION)
        row = _word(pk)
        record_event(
            actor=user,
            event_type="portal.search_word_deleted",
            object_type="portal.searchword",
            object_id=pk,
            payload={"word": row.word, "terms": row.terms, "hot": row.hot},
        )
        row.delete()
    transaction.on_commit(forget_synonyms)


def _word(pk: int) -> SearchWord:
    row = SearchWord.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise NotFound("检索词不存在", code="search_word_not_found")
    return row


def attach_sample(*, actor: Actor, material_id: int, kind: str, upload: Any) -> MaterialSample:
    """A 样表 or 空表 for a material (PDF, OFD or an image, checked by its
    content); one of each kind per material, a new one replaces the old."""
    if kind not in SampleKind.values:
        raise InvalidInput("请选择样表或空表", code="sample_kind_invalid")
    checked = uploads.check_file(upload)
    with transaction.atomic():
        user = require(actor, PERMISSION)
        material = ItemMaterial.objects.select_related("item").filter(pk=material_id).first()
        if material is None:
            raise NotFound("申请材料不存在", code="material_not_found")
        old = list(MaterialSample.objects.select_for_update().filter(material=material, kind=kind))
        gone = [row.stored_path for row in old]
        for row in old:
            row.delete()
        (row,) = uploads.store_checked(
            MaterialSample,
            [checked],
            f"portal/samples/{material.item_id}",
            material=material,
            kind=kind,
        )
        record_event(
            actor=user,
            event_type="portal.sample_attached",
            object_type="catalog.itemmaterial",
            object_id=material.pk,
            payload={
                "item": material.item.code,
                "material": material.name,
                "kind": kind,
                "file": row.filename,
                "sm3": row.sm3,
                "replaced": len(old),
            },
        )
    transaction.on_commit(lambda: _delete_files(gone))
    return row


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


def remove_sample(*, actor: Actor, pk: int) -> None:
    with transaction.atomic():
        user = require(actor, PERMISSION)
        row = (
            MaterialSample.objects.select_for_update()
            .select_related("material")
            .filter(pk=pk)
            .first()
        )
        if row is None:
            raise NotFound("样表/空表不存在", code="sample_not_found")
        path = row.stored_path
        record_event(
            actor=user,
            event_type="portal.sample_removed",
            object_type="catalog.itemmaterial",
            object_id=row.material_id,
            payload={"material": row.material.name, "kind": row.kind, "file": row.filename},
        )
        row.delete()
    transaction.on_commit(lambda: default_storage.delete(path))
