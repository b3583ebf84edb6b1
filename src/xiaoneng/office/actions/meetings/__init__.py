"""The actions of meetings (会风, seed art. 11): applying and the approval
routes (`apply`), attendance, leave, sign-in and statistics (`attend`)."""

from .apply import (
    apply_meeting,
    approve_meeting,
    cancel_meeting,
    notify_meeting,
    record_executive,
    review_meeting,
)
from .attend import (
    confirm_attendee,
    decide_leave,
    mark_held,
    publish_attendance,
    request_leave,
    sign_in,
)

__all__ = [
    "apply_meeting",
    "approve_meeting",
    "cancel_meeting",
    "confirm_attendee",
    "decide_leave",
    "mark_held",
    "notify_meeting",
    "publish_attendance",
    "record_executive",
    "request_leave",
    "review_meeting",
    "sign_in",
]
