"""The writes of target responsibility, one module a step (see each)."""

from .adjustments import decide_adjustment, request_adjustment
from .books import BookRows, import_book, import_books_bulk, sign_book
from .cards import sweep_target_cards
from .editing import add_task, edit_task
from .reports import (
    ReportRow,
    complete_milestone,
    record_reports_bulk,
    return_report,
    submit_report,
    verify_report,
)
from .urge import urge_task

__all__ = [
    "BookRows",
    "ReportRow",
    "add_task",
    "complete_milestone",
    "decide_adjustment",
    "edit_task",
    "import_book",
    "import_books_bulk",
    "record_reports_bulk",
    "request_adjustment",
    "return_report",
    "sign_book",
    "submit_report",
    "sweep_target_cards",
    "urge_task",
    "verify_report",
]
