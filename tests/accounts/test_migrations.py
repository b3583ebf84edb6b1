"""Migration 0004 on a database that held accounts and tokens before it."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.accounts import actions
from xiaoneng.accounts.models import ApiToken
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org.models import User
from xiaoneng.system.models import Parameter

pytestmark = pytest.mark.django_db

backfill = importlib.import_module(
    "xiaoneng.accounts.migrations.0004_password_dates_and_parameters"
).forwards


def test_dates_for_chosen_passwords_and_none_for_the_demo_one(users: dict[str, User]) -> None:
    User.objects.filter(username="mayor").update(password=make_password(None))  # unusable
    chosen = users["leader"]
    chosen.set_password("Ganzhou#2026")
    chosen.save()
    User.objects.update(password_changed_at=None)  # as before the dates were kept
    backfill(apps, None)
    dated = set(
        User.objects.filter(password_changed_at__isnull=False).values_list("username", flat=True)
    )
    assert dated == {"leader"}
    assert User.objects.get(username="window").check_password(DEMO_PASSWORD)


def test_tokens_without_a_date_get_the_longest_life(users: dict[str, User]) -> None:
    record, _ = actions.create_api_token(actor=users["window"], name="旧")
    created = timezone.now() - timedelta(days=10)
    ApiToken.objects.filter(pk=record.pk).update(expires_at=None, created_at=created)
    backfill(apps, None)
    record.refresh_from_db()
    assert record.expires_at == created + timedelta(days=365)


def test_the_parameters_are_installed_for_older_databases(db: None) -> None:
    Parameter.objects.filter(key__startswith="auth.").delete()
    backfill(apps, None)
    assert Parameter.objects.filter(key__startswith="auth.").count() == 10
    assert Parameter.objects.get(key="auth.password_max_age_days").value == "90"
