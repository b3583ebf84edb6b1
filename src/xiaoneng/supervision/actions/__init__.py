"""The writes of electronic supervision, by subject. Each is one transaction:
permission, allowed transition, change, one audit event, notifications
(e-mail after commit). `issue_cards` is the system's own sweep: set-based,
idempotent. The public actions are durable: no caller wraps them in a
transaction of its own.

- `cards`: the card sweep and the reply to a card (黄牌 / 红牌)
- `warnings`: 预警提醒 to the heads
- `orders`: 督办 / 纠错
- `subjects`: orders, anomalies and cards on other apps' rows (target
  tasks, directive tasks, requests); not durable, their callers' steps
- `anomaly_review`: anomalies explained and closed
- `inbox`: the notification centre's reading marks
"""

from .anomaly_review import ANOMALY_TRANSITIONS, close_anomaly, explain_anomaly
from .cards import CARD_COLUMNS, FOLLOW_UP_PARAM, CardRun, issue_cards, reply_card
from .inbox import mark_read
from .orders import TRANSITIONS, close_order, issue_order, reply_order
from .subjects import (
    issue_subject_order,
    raise_subject_anomalies,
    raise_subject_anomaly,
    sweep_subject_cards,
)
from .warnings import notify_warnings

__all__ = [
    "ANOMALY_TRANSITIONS",
    "CARD_COLUMNS",
    "FOLLOW_UP_PARAM",
    "TRANSITIONS",
    "CardRun",
    "close_anomaly",
    "close_order",
    "explain_anomaly",
    "issue_cards",
    "issue_order",
    "issue_subject_order",
    "mark_read",
    "notify_warnings",
    "raise_subject_anomalies",
    "raise_subject_anomaly",
    "reply_card",
    "reply_order",
    "sweep_subject_cards",
]
