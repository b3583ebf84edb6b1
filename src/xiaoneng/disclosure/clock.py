"""The disclosure-request clock lives in core, as one procedure on the one
clock engine: `xiaoneng.core.clock.procedures.disclosure` (rules, codes and
behaviour there). This module keeps the app's short import path."""

from xiaoneng.core.clock.procedures.disclosure import (
    ANSWER_DAYS,
    CLOSED,
    CORRECTION_NOTICE_DAYS,
    DISCLOSURE,
    ERROR_CODES,
    MAX_EXTENSION_DAYS,
    THIRD_PARTY_DAYS,
    Channel,
    ClockError,
    Event,
    EventKind,
    Light,
    Phase,
    Rules,
    State,
    compute,
    received_on_for,
)

__all__ = [
    "ANSWER_DAYS",
    "CLOSED",
    "CORRECTION_NOTICE_DAYS",
    "DISCLOSURE",
    "ERROR_CODES",
    "MAX_EXTENSION_DAYS",
    "THIRD_PARTY_DAYS",
    "Channel",
    "ClockError",
    "Event",
    "EventKind",
    "Light",
    "Phase",
    "Rules",
    "State",
    "compute",
    "received_on_for",
]
