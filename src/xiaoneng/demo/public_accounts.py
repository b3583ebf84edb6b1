"""The demo's public accounts (公众账号), through the citizens actions: a
citizen (个人, `citizen`) and the enterprise 张掖市祁连绿源农业科技有限公司
(法人, the existing `applicant`, signed in by its 经办人), whose credit code
links the green-channel dossier the demo agent files for it. Idempotent.
Identity numbers are fictional but carry valid GB 11643 check characters."""

from __future__ import annotations

from typing import Any

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.citizens import actions
from xiaoneng.citizens.models import AccountKind, PublicAccount
from xiaoneng.org.models import User

ENTERPRISE: dict[str, Any] = {
    "kind": AccountKind.ENTERPRISE,
    "person_name": "赵立新",
    "id_no": "620702197908160310",
    "phone": "13809360001",
    "enterprise_name": "张掖市祁连绿源农业科技有限公司",
    "credit_code": "91620702MA74Q8R2XB",
}
CITIZEN: dict[str, Any] = {
    "kind": AccountKind.PERSON,
    "person_name": "王小梅",
    "id_no": "620702198503121027",
    "phone": "13909360002",
}


def load_demo_public_accounts() -> int:
    """Returns how many accounts were added."""
    added = 0
    applicant = User.objects.filter(username="applicant").first()
    if applicant is not None and not PublicAccount.objects.filter(user=applicant).exists():
        actions.attach_public_profile(user=applicant, **ENTERPRISE)
        added += 1
    if not User.objects.filter(username="citizen").exists():
        actions.register_account(username="citizen", password=DEMO_PASSWORD, **CITIZEN)
        added += 1
    return added
