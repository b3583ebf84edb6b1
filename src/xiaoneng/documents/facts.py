"""What every notice of a case says about it, read once from the case: who
issues it, to whom, about which item, and to whom a complaint about it goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.clocking import clock_events, state_of
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import HandlingMode
from xiaoneng.core.clock import EventKind
from xiaoneng.org.models import Department, DepartmentKind

# Endings dropped from a short name to make the organ's code (机关代字).
_ORGAN_ENDINGS = ("委员会", "办公室", "中心", "局", "委", "办")


@dataclass(frozen=True)
class CaseFacts:
    tracking_no: str
    applicant: str
    item: str
    legal_basis: str
    received_on: date
    accepted_on: date | None
    committed_days: int
    instant: bool
    joint: bool  # 联合办理: extensions need the government's head (ALL art. 42 ¶2)
    issuer: str  # the handling department's full name
    organ_code: str  # 机关代字, e.g. 张工商
    government: str  # 本级人民政府: where administrative reconsideration goes
    # The 办结期限 as each extension left it (extension event's id → date):
    # the 延长审批期限告知书 states it.
    extended_due: dict[int, date] = field(default_factory=dict)


def facts_of(case: Case, events: list[CaseEvent]) -> CaseFacts:
    received = next((e for e in events if e.kind == EventKind.RECEIVED), None)
    accepted = next((e for e in events if e.kind == EventKind.ACCEPTED), None)
    # The item's name as it was when the application came in (catalog edits
    # must not rewrite notices already issued).
    item_name = (received.payload.get("item_name") if received else None) or case.item.name
    return CaseFacts(
        tracking_no=case.tracking_no,
        applicant=case.applicant_name,
        item=item_name,
        legal_basis=" ".join(case.item.legal_basis.split()).rstrip("。；;"),
        received_on=case.received_on,
        accepted_on=accepted.on if accepted else case.accepted_on,
        committed_days=case.committed_days,
        instant=case.is_instant,
        joint=case.item.handling_mode == HandlingMode.JOINT,
        issuer=case.department.name,
        organ_code=organ_code(case.department),
        government=_government_of(case.department),
        extended_due=_extended_due(case, events),
    )


def _extended_due(case: Case, events: list[CaseEvent]) -> dict[int, date]:
    """The case's clock run up to each extension: the new 办结期限 it set."""
    due: dict[int, date] = {}
    for i, event in enumerate(events):
        if event.kind != EventKind.EXTENDED:
            continue
        state = state_of(case, clock_events(events[: i + 1]), current_calendar(), event.on)
        if state.decision_due is not None:
            due[event.pk] = state.decision_due
    return due


def organ_code(department: Department) -> str:
    """市工商局 of 张掖市 → 张工商: the city's first character and the short
    name without 市 and its organ ending."""
    stem = (department.short_name or department.name).removeprefix("市")
    for ending in _ORGAN_ENDINGS:
        if stem.endswith(ending) and len(stem) > len(ending):
            stem = stem[: -len(ending)]
            break
    return f"{department.name[:1]}{stem}"


def _government_of(department: Department) -> str:
    """The nearest people's government above the department (行政复议法第二十四条:
    the government at the same level hears reconsideration of its departments)."""
    ids = [int(i) for i in department.ancestors.strip("/").split("/") if i]
    governments = {
        d.pk: d.name
        for d in Department.objects.filter(pk__in=ids, kind=DepartmentKind.GOVERNMENT).only(
            "id", "name"
        )
    }
    for pk in reversed(ids):
        if pk in governments:
            return governments[pk]
    return "本级人民政府"


government_of = _government_of  # public: other apps' papers name the reconsideration organ too
