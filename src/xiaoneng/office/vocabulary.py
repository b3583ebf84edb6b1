"""The audit event types and error codes of daily government work (文风会风,
值班请假, 一线工作), declared once.

Events are `office.*`, error codes `office_*`; each part of the app keeps its
own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- dispatches: outgoing documents (发文)
    # --- reports: the reporting calendar (报送)
    # --- meetings (会议)
    # --- duty: holiday rosters and spot checks (值班、查岗)
    # --- leave: principal leaders leaving the city (请销假)
    # --- emergencies (突发事件)
    # --- visits: leaders' front-line work (一线工作)
}

ERRORS: dict[str, str] = {
    # --- dispatches
    # --- reports
    # --- meetings
    # --- duty
    # --- leave
    # --- emergencies
    # --- visits
}

register_events("office", EVENTS)
register_errors("office", ERRORS)
