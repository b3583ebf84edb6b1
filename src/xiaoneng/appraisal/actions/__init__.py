"""The only writers of appraisal (考核评比). Each action is one durable
transaction: the permission for that step, the row locked
(`select_for_update`) when its state changes, the rule (a refused step
raises a DomainError with a stable code declared in `appraisal/vocabulary.py`),
one audit event. Keyword-only arguments, `actor` first.

The 督查室 (`appraisal.manage`):
- `generate_bulletin(*, actor, year, month, text="")`,
  `issue_bulletin(*, actor, bulletin_id, text="", number="")`
- `compute_quarter_ranking(*, actor, year, quarter)` (after the quarter ends; again while a draft),
  `publish_quarter(*, actor, ranking_id)` (snapshot for the public board)
- `create_inspection(*, actor, year, half, team, started_on, ended_on)`,
  `record_inspection_finding(*, actor, inspection_id, department_id, text, points, evidence="")`
- `compute_year(*, actor, year)` (after the year ends; again while a draft),
  `approve_year(*, actor, result_id)`, `publish_year(*, actor, result_id)`
- `publish_task_board(*, actor)`: key tasks and 为民办实事 as they stand today

The organisation department (`appraisal.results`) or the 督查室:
- `record_reward(*, actor, result_id, department_id, kind, text, document="")` (年终兑现)
"""

from .board import publish_task_board
from .bulletins import generate_bulletin, issue_bulletin
from .inspections import create_inspection, record_inspection_finding
from .quarters import compute_quarter_ranking, publish_quarter
from .year import approve_year, compute_year, publish_year, record_reward

__all__ = [
    "approve_year",
    "compute_quarter_ranking",
    "compute_year",
    "create_inspection",
    "generate_bulletin",
    "issue_bulletin",
    "publish_quarter",
    "publish_task_board",
    "publish_year",
    "record_inspection_finding",
    "record_reward",
]
