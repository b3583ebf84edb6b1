"""The only writers of unannounced checks (明察暗访). Each action is one
durable transaction: the permission for that step, the row locked
(`select_for_update`), the rule (a refused step raises a DomainError with a
stable code declared in `checks/vocabulary.py`), one audit event;
notifications go into the same transaction. Every argument is keyword-only,
`actor` first (the demo loader calls them under `travel_to`).

Plans and teams (`check.manage`; a plan is never shown to the units checked):
- `create_plan(*, actor, title, period_start: date, period_end: date, focus,
  department_ids) -> CheckPlan`
- `add_team_member(*, actor, plan_id, user_id, leader=False) -> CheckTeamMember`
- `approve_plan(*, actor, plan_id) -> CheckPlan` (needs a team leader)
- `close_plan(*, actor, plan_id) -> CheckPlan` (every finding notified)

Findings (`check.manage`):
- `record_finding(*, actor, plan_id, department_id, kind, observed_at: aware
  datetime, place, description, staff_name="", staff_id=None, photos=()) ->
  Finding` (kind: a `FindingKind` value; photos: uploaded files, each through
  `cases.uploads.check_file`; the department one of the plan's targets; the
  moment within the plan's period)
- `add_evidence(*, actor, finding_id, file, caption="") -> FindingEvidence`
- `notify_finding(*, actor, finding_id) -> Finding`: the unit's heads are
  notified; the report is due `check.rectify_days` working days later
- `publish_finding(*, actor, finding_id, summary) -> Finding`: 曝光, once
  notified; the summary must not name the staff member

Follow-up (跟踪问效):
- `submit_rectification(*, actor, finding_id, report) -> Finding`
  (`check.rectify`, the unit's own findings only)
- `verify_rectification(*, actor, finding_id, note="") -> Finding` (`check.manage`)
- `return_rectification(*, actor, finding_id, note) -> Finding` (`check.manage`)
"""

from .findings import RECTIFY_DAYS, add_evidence, notify_finding, publish_finding, record_finding
from .plans import add_team_member, approve_plan, close_plan, create_plan
from .rectification import return_rectification, submit_rectification, verify_rectification

__all__ = [
    "RECTIFY_DAYS",
    "add_evidence",
    "add_team_member",
    "approve_plan",
    "close_plan",
    "create_plan",
    "notify_finding",
    "publish_finding",
    "record_finding",
    "return_rectification",
    "submit_rectification",
    "verify_rectification",
]
