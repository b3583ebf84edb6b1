"""What the check actions share: the locked rows (permission and scope
checked on the locked row), text and choice checks, stored evidence."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from xiaoneng.cases import uploads
from xiaoneng.checks.models import KNOWN_TO_UNIT, CheckPlan, Finding, FindingEvidence
from xiaoneng.checks.selectors import MANAGE, RECTIFY
from xiaoneng.checks.vocabulary import finding_not_found, plan_not_found
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import as_int, require_text
from xiaoneng.org.authority import covers_department, require

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# Photos and scans per finding.
EVIDENCE_MAX = 20

# Texts are cut at 4,000 characters unless told.
text = functools.partial(require_text, limit=4000)


def locked_plan(actor: Actor, plan_id: int) -> tuple[User, CheckPlan]:
    """The bureau's user and the plan, locked; plans exist only for `check.manage`."""
    user = require(actor, MANAGE)
    row = CheckPlan.objects.select_for_update(of=("self",)).filter(pk=as_int(plan_id) or 0).first()
    if row is None:
        raise plan_not_found()
    return user, row


def locked_finding(actor: Actor, finding_id: int, permission: str = MANAGE) -> tuple[User, Finding]:
    """The user and the finding, locked. The bureau reaches every finding; a
    checked unit only its own, once notified (before, it does not exist for it)."""
    user = require(actor, permission)
    row = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("department", "plan")
        .filter(pk=as_int(finding_id) or 0)
        .first()
    )
    if row is None:
        raise finding_not_found()
    if permission == RECTIFY and (
        row.status not in KNOWN_TO_UNIT or not covers_department(user, row.department_id)
    ):
        raise finding_not_found()
    return user, row


def check_files(files: Any) -> list[uploads.CheckedFile]:
    """Every file checked by the house's upload checks before anything is stored."""
    limit = uploads.limits()
    checked = [uploads.check_file(f, limit=limit) for f in files or ()]
    if len(checked) > EVIDENCE_MAX:
        raise InvalidInput(
            f"每个问题最多上传 {EVIDENCE_MAX} 份证据材料",
            code="check_evidence_quota",
            detail={"max_files": EVIDENCE_MAX},
        )
    return checked


def store_evidence(
    finding: Finding, checked: uploads.CheckedFile, user: User, caption: str = ""
) -> FindingEvidence:
    """Store one checked file with its row (`uploads.store_checked`)."""
    (row,) = uploads.store_checked(
        FindingEvidence,
        [checked],
        f"checks/{finding.pk}",
        finding=finding,
        caption=(caption or "").strip()[:200],
        uploaded_by=user,
    )
    return row


def evidence_payload(rows: list[FindingEvidence]) -> list[dict[str, Any]]:
    return [{"id": e.pk, "filename": e.filename, "size": e.size, "sm3": e.sm3} for e in rows]
