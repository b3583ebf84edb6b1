"""The intake's writer lock now lives in `system.writer` (the operation log
takes it too); kept here under its old name for the tests and the bench."""

from __future__ import annotations

from xiaoneng.system.writer import one_writer

__all__ = ["one_writer"]
