"""Project codes per kind and year, without gaps: "JS-2026-0001" (建设工程),
"CG-…" (政府采购), "TD-…" (土地矿业权), "CQ-…" (国有产权).

The next code is the highest of the kind's year plus one, read with the
kind's `Regulation` row locked (every kind has one before a project can be
registered): two registrations at once wait for each other. A code is given
in the action that registers and rolls back with it."""

from __future__ import annotations

from django.db.models.functions import Length

from xiaoneng.core.errors import Conflict

from .models import Kind, Project, Regulation

PREFIX: dict[str, str] = {
    Kind.CONSTRUCTION: "JS",
    Kind.PROCUREMENT: "CG",
    Kind.LAND: "TD",
    Kind.PROPERTY: "CQ",
}


def next_code(kind: str, year: int) -> str:
    """The next code of `kind` in `year` (inside the caller's transaction)."""
    if not Regulation.objects.select_for_update().filter(kind=kind).exists():
        raise Conflict(
            "该交易类别尚未明确行业监管部门，不能进场交易",
            code="trading_kind_unregulated",
            detail={"kind": kind},
        )
    head = f"{PREFIX[kind]}-{year}-"
    last = (
        Project.objects.filter(code__startswith=head)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[len(head) :]) + 1 if last else 1
    return f"{head}{number:04d}"
