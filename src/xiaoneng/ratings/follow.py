"""评价编号: the reference a rater is given on the thank-you page, and the
public look-up with which they follow what became of their rating (差评整改:
measures, call-back, closing). The reference names the rating (its day and
id: PJ20260302000123); alone it opens nothing — the look-up also needs the
code the rater already holds: the case's query code for a case, the visit's
评价码 (on the slip or QR link) for a window visit. A wrong pair and an
unknown reference get the same answer."""

from __future__ import annotations

import hmac
import re
from datetime import date

from xiaoneng.core.text import query_digest

from .models import Rating

PREFIX = "PJ"
REFERENCE_RE = re.compile(r"^PJ(\d{8})(\d{6,})$")


def reference_of(rating: Rating) -> str:
    return f"{PREFIX}{rating.rated_on:%Y%m%d}{rating.pk:06d}"


def _parse(reference: str) -> tuple[date, int] | None:
    match = REFERENCE_RE.match(reference.strip().upper())
    if match is None:
        return None
    day, pk = match.groups()
    try:
        return date(int(day[:4]), int(day[4:6]), int(day[6:])), int(pk)
    except ValueError:
        return None


def followed_rating(reference: str, code: str) -> Rating | None:
    """The rating a reference and its rater's code name, with what the
    follow-up page shows; None for anything else."""
    parsed = _parse(reference)
    code = code.strip()
    if parsed is None or not code:
        return None
    day, pk = parsed
    rating = (
        Rating.objects.select_related("case__item", "visit", "department")
        .filter(pk=pk, rated_on=day)
        .first()
    )
    if rating is None:
        return None
    if rating.case is not None:
        held, wanted = query_digest(code), rating.case.query_digest
    elif rating.visit is not None:
        held, wanted = code.upper(), rating.visit.code.upper()
    else:
        return None
    return rating if hmac.compare_digest(held, wanted) else None
