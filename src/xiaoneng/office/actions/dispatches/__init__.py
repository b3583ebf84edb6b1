"""The writers of outgoing documents (发文): 拟稿 → 送审 → 核稿 → 签发 →
(市分管领导审批, for a municipal department's document to the county
governments) → 印发 with its number; 退回 at any step before 印发, 撤销 of a
draft. Each step is one action with its own permission and place, writes one
line of the 发文稿纸 (`Opinion`) and one audit event, and tells the next actor."""

from .deciding import approve_dispatch, return_dispatch, review_dispatch, sign_dispatch, too_long
from .drafting import body_length, draft_dispatch, edit_dispatch, submit_dispatch, withdraw_dispatch
from .issuing import issue_dispatch, number_text

__all__ = [
    "approve_dispatch",
    "body_length",
    "draft_dispatch",
    "edit_dispatch",
    "issue_dispatch",
    "number_text",
    "return_dispatch",
    "review_dispatch",
    "sign_dispatch",
    "submit_dispatch",
    "too_long",
    "withdraw_dispatch",
]
