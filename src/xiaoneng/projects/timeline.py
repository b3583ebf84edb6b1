"""One dated timeline of a project dossier: every step of every approval of
the project (立项, 审批, 报建, 建设 stages), the dossier's own opening and
closing, and where each open case stands now — with what was or is late.

What counts as late is what the case's clock already stored: a one-time
notice after its 5 working days, an acceptance after its deadline, a
decision after its 办结期限, a delivery after its 送达期限, and an open case
whose running deadline has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xiaoneng.cases.labels import DUE_LABELS, EVENT_LABELS
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.core import timesource

from .models import DossierCase, ProjectDossier, Stage

STAGE_ORDER = {stage: n for n, stage in enumerate(Stage.values)}


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    stage: str  # Stage value, "" for the dossier's own steps
    stage_label: str
    title: str  # 受理, 作出决定 … or 建档, 办结
    item: str  # the approval's item, "" for the dossier's steps
    tracking_no: str
    department: str
    actor_name: str
    late: bool
    note: str = ""
    pending: bool = False  # where an open case stands (its running deadline)


def _late(case: Case, event: CaseEvent) -> bool:
    if event.kind == "supplement_notice":
        return bool(case.notice_late)
    if event.kind == "accepted":
        return bool(case.acceptance_late)
    if event.kind == "decided":
        due = case.decision_due_on
        return due is not None and event.on > due
    if event.kind == "delivered":
        return case.delivery_on_time is False
    return False


def _case_entries(link: DossierCase, today: date) -> list[TimelineEntry]:
    case = link.case

    def entry(
        on: date, title: str, actor_name: str, late: bool, note: str, pending: bool = False
    ) -> TimelineEntry:
        return TimelineEntry(
            on=on,
            stage=link.stage,
            stage_label=link.get_stage_display(),
            title=title,
            item=case.item.name,
            tracking_no=case.tracking_no,
            department=case.department.name,
            actor_name=actor_name,
            late=late,
            note=note,
            pending=pending,
        )

    entries = [
        entry(
            event.on,
            EVENT_LABELS.get(event.kind, (event.kind, ""))[0],
            event.actor_name,
            _late(case, event),
            event.note,
        )
        for event in sorted(case.events.all(), key=lambda e: e.seq)
    ]
    if case.is_open and case.due_on is not None:
        overdue = case.due_on < today
        note = "已超期" if overdue else f"{case.get_status_display()}，期限届满日"
        title = DUE_LABELS.get(case.status, "当前期限")
        entries.append(entry(case.due_on, title, "", overdue, note, pending=True))
    return entries


def _dossier_entry(dossier: ProjectDossier, on: date, title: str, actor_name: str) -> TimelineEntry:
    return TimelineEntry(
        on=on,
        stage="",
        stage_label="项目",
        title=title,
        item="",
        tracking_no="",
        department=dossier.lead_department.name,
        actor_name=actor_name,
        late=False,
    )


def timeline_of(dossier: ProjectDossier) -> list[TimelineEntry]:
    """The dossier's timeline in date order (stage order on a tie)."""
    today = timesource.today()
    links = (
        DossierCase.objects.filter(dossier=dossier)
        .select_related("case__item", "case__department")
        .prefetch_related("case__events")
    )
    opener = dossier.opened_by.display_name if dossier.opened_by_id else ""
    entries = [_dossier_entry(dossier, dossier.opened_on, "建档（绿色通道）", opener)]
    for link in links:
        entries += _case_entries(link, today)
    if dossier.closed_on:
        entries.append(_dossier_entry(dossier, dossier.closed_on, "项目办结", ""))
    return sorted(
        entries, key=lambda e: (e.on, e.pending, STAGE_ORDER.get(e.stage, -1), e.tracking_no)
    )
