from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.org.models import User
from xiaoneng.system import actions
from xiaoneng.system.models import DictType, OperationLog
from xiaoneng.system.params import get_param

pytestmark = pytest.mark.django_db


def test_a_parameter_change_is_audited_and_takes_effect(users: dict[str, User]) -> None:
    assert get_param("auth.lockout_threshold") == 5
    actions.set_parameter(actor=users["admin"], key="auth.lockout_threshold", value="3")
    assert get_param("auth.lockout_threshold") == 3
    event = AuditEvent.objects.get(event_type="system.parameter_changed")
    assert event.payload == {"key": "auth.lockout_threshold", "old": "5", "new": "3"}


def test_the_lockout_follows_the_parameter(users: dict[str, User], client: Client) -> None:
    actions.set_parameter(actor=users["admin"], key="auth.lockout_threshold", value="3")
    codes = [
        client.post("/accounts/login/", {"username": "window", "password": "bad-pass"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 423]


@pytest.mark.parametrize(
    ("value", "code"), [("abc", "param_not_integer"), ("100000", "param_out_of_range")]
)
def test_bad_parameter_values_are_refused(users: dict[str, User], value: str, code: str) -> None:
    with pytest.raises(InvalidInput) as info:
        actions.set_parameter(actor=users["admin"], key="auth.lockout_minutes", value=value)
    assert info.value.code == code


def test_only_admins_set_parameters(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        actions.set_parameter(actor=users["supervisor"], key="auth.lockout_minutes", value="5")


def test_the_national_code_sets_are_installed(db: Any) -> None:
    satisfaction = DictType.objects.get(code="satisfaction")
    assert [i.label for i in satisfaction.items.all()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]


def test_a_state_changing_request_is_logged_with_secrets_masked(login: Any, client: Client) -> None:
    login("reviewer")
    client.post("/accounts/tokens/", {"name": "对接", "days": "30", "password": "hunter22"})
    log = OperationLog.objects.get(url="/accounts/tokens/")
    assert log.title == "API 令牌"
    assert log.business_type == "grant"
    assert log.operator_name == "李静"
    assert log.department_name == "市工商局企业注册科"
    assert "hunter22" not in log.params
    assert "对接" in log.params
    assert log.success


def test_a_citizens_query_code_is_never_logged(client: Client, demo_city: None) -> None:
    """An anonymous form's `code` is a query code (ratings, complaints and
    disclosure look-ups): kept only as a digest anywhere, so masked here."""
    client.post("/ratings/", {"no": "20260101000001", "code": "QZ7K-9XTM"})
    client.post("/complaints/track/", {"no": "TS-2026-0001", "code": "QZ7K-9XTM"})
    logged = OperationLog.objects.filter(url__in=["/ratings/", "/complaints/track/"])
    assert logged.count() == 2
    for log in logged:
        assert "QZ7K-9XTM" not in log.params
        assert "20260101000001" in log.params or "TS-2026-0001" in log.params


def test_the_admin_pages_follow_the_product_permissions(login: Any, client: Client) -> None:
    login("admin")
    for url in (
        "/admin/accounts/loginlog/",
        "/admin/system/operationlog/",
        "/admin/accounts/onlinesession/",
        "/admin/system/parameter/",
        "/admin/system/dicttype/",
        "/admin/audit/auditevent/",
    ):
        assert client.get(url).status_code == 200, url
