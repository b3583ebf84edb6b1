"""The only writers of directives and requests (督查督办、请示办理). Each
action is one durable transaction: the permission for that step, the row
locked (`select_for_update`), the rule (a refused step raises a DomainError
with a stable code declared in `directives/vocabulary.py`), one audit event,
notifications in the same transaction. Keyword-only arguments, `actor` first.

督查室 (`directive.manage`):
- `register_directive(*, actor, source, number, title, content, issued_on,
  leader="", originals=(), tasks=())` (tasks: dicts of `assign_task`'s fields)
- `assign_task(*, actor, directive_id, department_id, requirement, due_on,
  cooperating_ids=())`
- `urge_task(*, actor, task_id, message, due_on=None)` — a 督办通知 through
  supervision (`issue_subject_order(permission="directive.manage")`)
- `close_task(*, actor, task_id, note="")` (办结销号) /
  `return_task(*, actor, task_id, reason, new_due_on=None)` (退回重办)

The responsible unit (`directive.report`, its own tasks):
- `submit_report(*, actor, task_id, report, is_final=False, files=())`
- `request_adjustment(*, actor, task_id, new_due_on, reason)`
Leaders (`target.adjust.decide`, units in scope):
- `decide_adjustment(*, actor, adjustment_id, approve, note="")`

请示 (`request.handle`):
- `submit_request(*, actor, to_department_id, kind, title, content, files=())`
- `answer_request(*, actor, request_id, answer, files=())` (the holder only)
- `transfer_request(*, actor, request_id, to_department_id, reason)` (the holder only)

Daily: `sweep_directive_cards(today=None)`.
"""

from .cards import sweep_directive_cards
from .directives import assign_task, close_task, register_directive, return_task, urge_task
from .reports import decide_adjustment, request_adjustment, submit_report
from .requests import answer_request, submit_request, transfer_request

__all__ = [
    "answer_request",
    "assign_task",
    "close_task",
    "decide_adjustment",
    "register_directive",
    "request_adjustment",
    "return_task",
    "submit_report",
    "submit_request",
    "sweep_directive_cards",
    "transfer_request",
    "urge_task",
]
