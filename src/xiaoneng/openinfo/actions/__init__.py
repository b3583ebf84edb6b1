"""The only writers of proactive disclosure. Each action is one durable
transaction: the permission for that step, the row locked and in the
actor's scope (a row outside it is not found), the rule (a refused step
raises a DomainError with a code declared in `openinfo/vocabulary.py`), one
audit event. Keyword-only, `actor` first.

Items (`openinfo.publish`, the unit's own; the government office any unit's):
- `register_item(*, actor, category, title, body, formed_on,
  document_number="", interprets_id=None, department_id=None)`: due in 20
  working days from `formed_on` (`clock.due_on`).
- `publish_item(*, actor, item_id)`: on the public site today; published
  after its due day it is marked late and a `disclosure_late` anomaly raised.
- `repeal_item(*, actor, item_id, on=None)`: a published 规章 / 规范性文件 repealed.
- `revise_item(*, actor, item_id, changed_on, title=None, body=None,
  document_number=None)`: a published item changed (art. 26 形成或者变更): the
  change day recorded (`changed_on`), due again 20 working days after it,
  pending republication. An interpretation is published only after its
  policy document (`openinfo_interpretation_before_document`).
- `sweep_late_items()`: the daily sweep (system): every pending item past its
  due day gets its `disclosure_late` anomaly, once.

The government office (`openinfo.manage`):
- `register_review(*, actor, number, kind, department_id, subject, filed_on)`,
  `decide_review(*, actor, review_id, result, decided_on)`: 复议 / 诉讼 records
  (a result is recorded once).
- `generate_report(*, actor, year)`, `publish_report(*, actor, year)`: the
  annual report of a finished year, computed (`tables.compute`) and kept as
  published: publication is final (regenerating or republishing it is
  refused, `openinfo_report_published`)."""

from .items import publish_item, register_item, repeal_item, revise_item, sweep_late_items
from .reports import decide_review, generate_report, publish_report, register_review

__all__ = [
    "decide_review",
    "generate_report",
    "publish_item",
    "publish_report",
    "register_item",
    "register_review",
    "repeal_item",
    "revise_item",
    "sweep_late_items",
]
