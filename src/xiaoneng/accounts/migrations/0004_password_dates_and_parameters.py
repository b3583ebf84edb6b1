"""Sign-in hardening, for databases migrated before it:

- `User.password_changed_at` is the date of a password of the owner's
  choosing, empty while the account carries the demo password (kept so by
  accounts.validators from now on). Passwords already there get today's date,
  unless they are the demo password: one hash check per account, once
  (about 0.15 s per Argon2 account on the reference machine).
- API tokens made without an expiry date now expire `auth.token_max_days`
  after their creation.
- The new sign-in parameters (参数设置); a fresh database gets them from
  system 0003.
"""

from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password
from django.db import migrations
from django.utils import timezone

DEMO_PASSWORD = "Zhangye@2012"  # noqa: S105 - the published demo password, to recognise it
KEYS = (
    "auth.lockout_threshold",
    "auth.lockout_minutes",
    "auth.lockout_max_minutes",
    "auth.ip_failure_threshold",
    "auth.ip_block_minutes",
    "auth.password_min_length",
    "auth.password_min_classes",
    "auth.password_max_age_days",
    "auth.token_days",
    "auth.token_max_days",
)


def forwards(apps, schema_editor):
    from xiaoneng.system.params import REGISTRY

    Parameter = apps.get_model("system", "Parameter")
    for key in KEYS:
        spec = REGISTRY[key]
        param, created = Parameter.objects.get_or_create(
            key=key,
            defaults={"name": spec.name, "value": str(spec.default), "remark": spec.remark},
        )
        if not created and spec.remark and param.remark != spec.remark:
            param.name, param.remark = spec.name, spec.remark
            param.save(update_fields=["name", "remark"])

    now = timezone.now()
    User = apps.get_model("org", "User")
    for pk, password in User.objects.filter(password_changed_at__isnull=True).values_list(
        "pk", "password"
    ):
        if not password or password.startswith(UNUSABLE_PASSWORD_PREFIX):
            continue
        if not check_password(DEMO_PASSWORD, password):
            User.objects.filter(pk=pk).update(password_changed_at=now)

    raw = Parameter.objects.filter(key="auth.token_max_days").values_list("value", flat=True)
    days = int(raw.first() or REGISTRY["auth.token_max_days"].default)
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=days)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_login_throttle"),
        ("org", "0002_standard_roles"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
