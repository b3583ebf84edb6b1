"""The demo's standing data for leave: a colleague of `minle` (马永福) in
民乐县人民政府. A principal leader names who acts meanwhile, another person
of the same unit, and the demo city holds no one else in 民乐县 — without
this person `minle` could not ask leave at all. He holds no role (he acts,
he does not use the platform's desks) and is no demo account of the login
page. Idempotent; nothing when the demo city is not loaded."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, User

COUNTY = "620722"  # 民乐县人民政府
ACTING = ("minle2", "李建国", "民乐县人民政府副县长")


def load() -> None:
    username, name, title = ACTING
    county = Department.objects.filter(code=COUNTY).first()
    admin = User.objects.filter(username="admin").first()
    if county is None or admin is None or User.objects.filter(username=username).exists():
        return
    with transaction.atomic():
        org_actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name=name,
            department=county,
            title=title,
        )
