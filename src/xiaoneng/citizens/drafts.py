"""A draft is done with once its application is submitted: the online apply
page (cases.views.applicant, below this app) sends `application_submitted`
and the draft it was resumed from is deleted here."""

from __future__ import annotations

from typing import Any

DRAFT_SESSION_KEY = "cases.apply_draft"  # set by 继续填写, read by the apply page


def _submitted(sender: Any, *, request: Any, case: Any, **kwargs: Any) -> None:
    from .models import ApplicationDraft

    draft_id = request.session.pop(DRAFT_SESSION_KEY, {}).get("id")
    if draft_id:
        ApplicationDraft.objects.filter(pk=draft_id, account__user=request.user).delete()


def connect() -> None:
    from xiaoneng.cases.views.applicant import application_submitted

    application_submitted.connect(_submitted, dispatch_uid="citizens.drafts")
