"""三公经费公开: finance publishes a year's figures; the public page shows
what was published (a snapshot), never the live registers. Publishing a
year again replaces its snapshot (a correction), recorded as such."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.frugality.models import PublishedYear
from xiaoneng.frugality.selectors import FIGURES, REPORT, figures_where, totals
from xiaoneng.org.authority import EVERYTHING, require

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def snapshot(year: int) -> dict[str, Any]:
    """The published figures: per department the year's four figures, and the totals."""
    rows = figures_where(EVERYTHING, year)
    return {
        "departments": [
            {"name": r.name, **{f: str(r.total(f)) for f in FIGURES}, "total": str(r.grand_total)}
            for r in rows
        ],
        "totals": {f: str(v) for f, v in totals(rows).items()},
        "total": str(sum(totals(rows).values())),
    }


@transaction.atomic(durable=True)
def publish_year(*, actor: Actor, year: Any) -> PublishedYear:
    user = require(actor, REPORT)
    today = timesource.today()
    y = as_int(year)
    if y is None or not 2000 <= y <= today.year:
        raise InvalidInput("年度不正确", code="frugality_year_invalid")
    figures = snapshot(y)
    row = PublishedYear.objects.select_for_update().filter(year=y).first()
    again = row is not None
    if row is None:
        try:  # another first publication of the year at once: then this one replaces it
            with transaction.atomic():
                row = PublishedYear.objects.create(
                    year=y, figures=figures, published_on=today, published_by=user
                )
        except IntegrityError:
            row, again = PublishedYear.objects.select_for_update().get(year=y), True
    if again:
        row.figures, row.published_on, row.published_by = figures, today, user
        row.save(update_fields=["figures", "published_on", "published_by"])
    record_event(
        actor=user,
        event_type="frugality.year_published",
        object_type="frugality_year",
        object_id=y,
        payload={"total": figures["total"], "again": again},
    )
    return row
