"""Electronic application materials (申请材料电子件): who may attach one to a
case and while it is in which state, and opening a stored file. The write
is `cases.actions.attach_material`; the scoped reads are in
`cases.selectors`.

Who may attach: the case's own applicant (case.apply) or its agent, and
window staff (case.intake) whose data scope holds the case's department —
only while the case is open and before the decision. Anyone else who cannot
see the case gets not_found, as for every case read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage

from xiaoneng.core.errors import NotFound

from .authority import may_act
from .models import Case, CaseAttachment, CaseStatus

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# The applicant may still add materials; the decision is taken on what is there.
ATTACHABLE = (
    CaseStatus.RECEIVED,
    CaseStatus.SUPPLEMENTING,
    CaseStatus.SUPPLEMENTED,
    CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED,
)


def may_attach(actor: Actor, case: Case) -> bool:
    """The function permission and the relation to this case (not its status)."""
    return may_act(actor, case, "attach")


def open_attachment(attachment: CaseAttachment) -> Any:
    """The stored file, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(attachment.stored_path, "rb")
    except FileNotFoundError:
        raise NotFound("附件文件已不存在", code="attachment_file_missing") from None
