"""The standing data of daily government work for the demo city (report
kinds, …), one module per part, loaded by `xiaoneng demo` and the tests'
`office_world`. Idempotent."""

from __future__ import annotations

from . import dispatches, duty, emergencies, leave, meetings, reports, visits

PARTS = (dispatches, reports, meetings, duty, leave, emergencies, visits)


def load_office_world() -> None:
    for part in PARTS:
        part.load()
