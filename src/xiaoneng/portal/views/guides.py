"""办事指南: the published catalog searched (Chinese or pinyin), browsed by
department, life event and who applies, and one guide per item in the layout
of the provincial portals (GB/T 39046 fields), printable on A4."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.catalog.models import ApprovalItem, MaterialForm, SpecialProcedure
from xiaoneng.catalog.models.choices import HANDLING_FORMS, SERVICE_OBJECTS, TIME_UNITS
from xiaoneng.catalog.selectors import published_item
from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.portal.events import (
    AUDIENCES,
    EVENTS_BY_SLUG,
    LIFE_EVENTS,
    audience_codes,
    event_codes,
)
from xiaoneng.portal.models import MaterialSample
from xiaoneng.portal.search import hot_words, normalise, pinyin_index, search_items, suggestions
from xiaoneng.portal.selectors import complaint_centre, departments_with_items
from xiaoneng.portal.views.common import over_limit
from xiaoneng.portal.views.pages import service_day
from xiaoneng.web.paging import paginate

SECTIONS = (
    ("basic", "基本信息"),
    ("place", "办理地点时间"),
    ("conditions", "申请条件"),
    ("materials", "申报材料"),
    ("special", "特殊环节"),
    ("flow", "办理流程"),
    ("fees", "收费标准"),
    ("basis", "设定依据"),
    ("faq", "常见问题"),
)
FLAG_LABELS = {
    "needs_site_survey": "现场勘察",
    "needs_collective_discussion": "集体讨论",
    "needs_expert_review": "专家论证",
    "needs_public_hearing": "社会听证",
}
SERVICE_OBJECT_LABELS = dict(SERVICE_OBJECTS)
HANDLING_FORM_LABELS = dict(HANDLING_FORMS)
TIME_UNIT_LABELS = dict(TIME_UNITS)


def guides(request: HttpRequest) -> HttpResponse:
    q = normalise(request.GET.get("q", ""))
    dept = request.GET.get("dept", "").strip()[:32]
    event_slug = request.GET.get("event", "").strip()[:32]
    audience = request.GET.get("who", "").strip()[:16]
    if q and (limited := over_limit(request, "search", "portal.search_per_minute")):
        return limited
    event = EVENTS_BY_SLUG.get(event_slug)
    index = pinyin_index()
    codes: set[str] | None = None
    if event is not None:
        codes = set(event_codes(event, index))
    if audience in AUDIENCES:
        chosen = set(audience_codes(audience, index))
        codes = chosen if codes is None else codes & chosen
    items = search_items(q, department=dept, codes=None if codes is None else sorted(codes))
    event_counts = [(e, len(event_codes(e, index))) for e in LIFE_EVENTS]
    paged = paginate(request, items)
    nothing = bool(q) and paged["total"] == 0
    return render(
        request,
        "portal/guides.html",
        {
            "today": timesource.today(),
            "q": q,
            "dept": dept,
            "event": event,
            "audience": audience if audience in AUDIENCES else "",
            "audiences": [(k, v[0]) for k, v in AUDIENCES.items()],
            "events": event_counts,
            "departments": departments_with_items(),
            "filtered": bool(q or dept or event or audience in AUDIENCES),
            "hot_words": hot_words(),
            # 您是不是要找: only when the words found nothing.
            "suggested": suggestions(q) if nothing else [],
            **paged,
        },
    )


def _materials(item: ApprovalItem) -> list[dict[str, Any]]:
    materials = list(item.materials.all())
    prefetch_related_objects(materials, "samples")
    return [
        {
            "m": m,
            "form": MaterialForm(m.form).label if m.form in MaterialForm.values else m.form,
            "samples": list(m.samples.all()),
        }
        for m in materials
    ]


def sample(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A material's 样表 or 空表, as the administrator uploaded it (public,
    as the guide is): only of a published item's own material."""
    try:
        item = published_item(code[:64])
    except NotFound:
        raise Http404("事项不存在或未发布") from None
    row = MaterialSample.objects.filter(pk=pk, material__item=item).first()
    if row is None or not default_storage.exists(row.stored_path):
        raise Http404("样表不存在")
    response = FileResponse(
        default_storage.open(row.stored_path, "rb"),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _limit(days: int, unit: str, note: str) -> dict[str, Any]:
    return {"days": days, "unit": TIME_UNIT_LABELS.get(unit, "工作日"), "note": note}


def guide(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = published_item(code[:64])
    except NotFound:
        raise Http404("事项不存在或未发布") from None
    window = item.window
    dept = item.department
    steps = item.procedure_steps or ["受理", "审查", "作出决定", "送达"]
    flags = [label for field, label in FLAG_LABELS.items() if getattr(item, field)]
    return render(
        request,
        "portal/guide.html",
        {
            "today": timesource.today(),
            "item": item,
            "sections": SECTIONS,
            "materials": _materials(item),
            "co_departments": list(item.co_departments.all()),
            "steps": steps,
            "flags": flags,
            "special_procedures": [
                SpecialProcedure(c).label if c in SpecialProcedure.values else str(c)
                for c in item.special_procedures or []
            ],
            "visits": 1 if item.is_instant else item.visits_needed,
            "legal": _limit(item.legal_limit_days, item.legal_limit_unit, item.legal_limit_note),
            "committed": _limit(
                item.committed_limit_days, item.committed_limit_unit, item.committed_limit_note
            ),
            "objects": [SERVICE_OBJECT_LABELS.get(str(o), str(o)) for o in item.service_objects],
            "forms": [HANDLING_FORM_LABELS.get(str(f), str(f)) for f in item.handling_forms],
            "location": item.location or (window.address if window else "") or dept.address,
            "window": window,
            "consult_phone": item.consult_phone or (window.phone if window else "") or dept.phone,
            "complaint_centre": complaint_centre(),
            "faq": _faq(item.faq),
            "service_day": service_day(timesource.today()),
        },
    )


def _faq(text: str) -> list[tuple[str, str]]:
    """问/答 pairs from the item's 常见问题 text (lines starting 问：and 答：)."""
    pairs: list[tuple[str, str]] = []
    question = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("问：", "问:")):
            question = line[2:].strip()
        elif line.startswith(("答：", "答:")):
            pairs.append((question, line[2:].strip()))
            question = ""
        elif pairs and not question:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
        else:
            question = f"{question}{line}"
    if question:
        pairs.append((question, ""))
    return pairs
