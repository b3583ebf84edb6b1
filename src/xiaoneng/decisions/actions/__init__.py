"""The only writers of the decision procedure. Each action is one durable
transaction: the permission for that step, the decision locked and in the
actor's scope, the gate order (decisions/gates.py: a step before every
earlier gate is done is refused with `decision_step_out_of_order`, the
missing gates named, and the attempt recorded as the supervision anomaly
`decision_out_of_order`), one audit event. Keyword-only, `actor` first.

Catalogue and registration: `add_catalogue_item`, `publish_catalogue`
(`decision.catalog`); `register_decision`, `revise_draft` (`decision.sponsor`).
公众参与: `publish_draft`, `submit_comment` (public), `record_offline_comment`,
`record_hearing`, `publish_adoption`. 专家论证: `record_expert_opinion`.
风险评估: `record_risk_assessment`. 合法性审查: `submit_for_review`
(sponsor), `review_draft` (`decision.legality`). 集体讨论决定:
`record_meeting` (`decision.meeting`). Afterwards: `publish_decision`
(sponsor), `archive_decision` (`decision.meeting`), `record_evaluation`."""

from .catalogue import add_catalogue_item, publish_catalogue, register_decision, revise_draft
from .common import StepOutOfOrder
from .consultation import (
    comment_days,
    publish_adoption,
    publish_draft,
    record_hearing,
    record_offline_comment,
    submit_comment,
)
from .meeting import archive_decision, publish_decision, record_evaluation, record_meeting
from .procedure import (
    record_expert_opinion,
    record_risk_assessment,
    review_draft,
    review_due,
    submit_for_review,
)

__all__ = [
    "StepOutOfOrder",
    "add_catalogue_item",
    "archive_decision",
    "comment_days",
    "publish_adoption",
    "publish_catalogue",
    "publish_decision",
    "publish_draft",
    "record_evaluation",
    "record_expert_opinion",
    "record_hearing",
    "record_meeting",
    "record_offline_comment",
    "record_risk_assessment",
    "register_decision",
    "review_draft",
    "review_due",
    "revise_draft",
    "submit_comment",
    "submit_for_review",
]
