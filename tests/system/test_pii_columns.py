"""Sealed columns in the database (system/pii.py on the product's tables):
what a raw SQL read sees, the data migrations that sealed the plain rows
already stored, `xiaoneng pii reseal` after a rotation. Runs on SQLite and,
with DATABASE_URL, PostgreSQL."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core import sealing
from xiaoneng.core.timesource import travel_to
from xiaoneng.disclosure import actions as disclosure_actions
from xiaoneng.disclosure.models import DisclosureRequest
from xiaoneng.org.models import Department, User
from xiaoneng.system import pii

pytestmark = pytest.mark.django_db

PHONE = "13909361234"


@pytest.fixture
def ring(settings: Any, tmp_path: Path) -> Path:
    settings.PII_KEY = ""
    settings.PII_KEYRING = tmp_path / "keys" / "pii.keyring"
    pii._cache.clear()
    return Path(settings.PII_KEYRING)


def _raw(table: str, column: str, pk: int) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])  # noqa: S608
        (value,) = cursor.fetchone()
    return str(value)


def _write_raw(table: str, column: str, pk: int, value: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def _schema_editor() -> Any:
    return SimpleNamespace(connection=connection)


@pytest.fixture
def case(ring: Path, users: dict[str, User], promise_item: ApprovalItem) -> Case:
    with travel_to(date(2026, 3, 2)):
        row, _ = case_actions.submit_application(
            actor=users["window"],
            item_code=promise_item.code,
            applicant_name="张三",
            applicant_phone=PHONE,
        )
    return row


def test_the_case_table_holds_ciphertext_and_the_model_the_phone(case: Case) -> None:
    stored = _raw("cases_case", "applicant_phone", case.pk)
    assert stored.startswith("sm4gcm:")
    assert PHONE not in stored
    assert sealing.key_id_of(stored) == pii.load_keyring().current_id
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE
    assert Case.objects.values_list("applicant_phone", flat=True).get(pk=case.pk) == PHONE


def test_a_case_without_a_phone_stores_nothing(
    ring: Path, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    with travel_to(date(2026, 3, 2)):
        row, _ = case_actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="张三"
        )
    assert _raw("cases_case", "applicant_phone", row.pk) == ""
    assert Case.objects.filter(pk=row.pk, applicant_phone="").exists()


def test_the_phone_cannot_be_searched_by_content(case: Case) -> None:
    with pytest.raises(FieldError, match="digest"):
        Case.objects.filter(applicant_phone=PHONE)
    with pytest.raises(FieldError):
        Case.objects.filter(applicant_phone__icontains="1390")


def test_the_data_migration_seals_plain_rows_and_its_reverse_opens_them(case: Case) -> None:
    _write_raw("cases_case", "applicant_phone", case.pk, PHONE)  # as stored before 0007
    stamp = Case.objects.values_list("updated_at", "version").get(pk=case.pk)
    operation = pii.seal_existing("cases", "Case", "applicant_phone")

    operation.code(django_apps, _schema_editor())
    sealed = _raw("cases_case", "applicant_phone", case.pk)
    assert sealed.startswith("sm4gcm:")
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE
    assert Case.objects.values_list("updated_at", "version").get(pk=case.pk) == stamp

    operation.code(django_apps, _schema_editor())  # twice: sealed rows are left alone
    assert _raw("cases_case", "applicant_phone", case.pk) == sealed

    operation.reverse_code(django_apps, _schema_editor())
    assert _raw("cases_case", "applicant_phone", case.pk) == PHONE


def test_a_plain_row_left_over_is_still_read(case: Case) -> None:
    _write_raw("cases_case", "applicant_phone", case.pk, PHONE)
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE


def test_reseal_moves_every_value_to_the_current_key(case: Case) -> None:
    old = _raw("cases_case", "applicant_phone", case.pk)
    old_id = sealing.key_id_of(old)
    stamp = Case.objects.values_list("updated_at", "version").get(pk=case.pk)
    new_id = pii.rotate_key()
    assert pii.count_by_key().get(old_id) == 1

    out = StringIO()
    call_command("pii", "reseal", "--batch", "1", stdout=out)

    now = _raw("cases_case", "applicant_phone", case.pk)
    assert sealing.key_id_of(now) == new_id
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE
    assert Case.objects.values_list("updated_at", "version").get(pk=case.pk) == stamp
    assert "cases.Case.applicant_phone：重新加密 1 条" in out.getvalue()
    assert pii.count_by_key().get(old_id) is None
    # Once resealed, a second run has nothing to do.
    assert pii.reseal()["cases.Case.applicant_phone"] == 0


def test_the_keys_command_counts_values_per_key_and_names_plain_ones(case: Case) -> None:
    other, _ = case_actions.submit_application(
        actor=User.objects.get(username="window"),
        item_code=case.item.code,
        applicant_name="李四",
        applicant_phone="0936-8210000",
    )
    _write_raw("cases_case", "applicant_phone", other.pk, "0936-8210000")
    out = StringIO()
    call_command("pii", "keys", stdout=out)
    text = out.getvalue()
    assert f"{pii.load_keyring().current_id}  当前、摘要根" in text
    assert "加密 1 条" in text
    assert "尚未加密：1 条" in text


def test_a_value_sealed_under_a_lost_key_is_a_503_not_a_leak(case: Case, ring: Path) -> None:
    ring.unlink()
    pii._cache.clear()
    with pytest.raises(sealing.SealError) as caught:
        Case.objects.get(pk=case.pk)
    assert caught.value.status == 503


@pytest.mark.django_db(transaction=True)
def test_the_cases_migrations_seal_and_unseal_for_real(case: Case) -> None:
    from django.db.migrations.executor import MigrationExecutor

    assert _raw("cases_case", "applicant_phone", case.pk).startswith("sm4gcm:")
    MigrationExecutor(connection).migrate([("cases", "0006_case_stored_clock")])
    assert _raw("cases_case", "applicant_phone", case.pk) == PHONE  # the reverse opened it

    MigrationExecutor(connection).migrate([("cases", "0008_seal_existing_applicant_phones")])

    sealed = _raw("cases_case", "applicant_phone", case.pk)
    # The later migrations too: the next tests (and the servers of
    # tests/deploy, which migrate a copy of this database) expect the whole schema.
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())
    assert sealed.startswith("sm4gcm:")
    assert PHONE not in sealed
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE


# --- Disclosure requests: ID number, phone, e-mail, postal address ------------

REQUESTER = {
    "requester_id_no": "62070219900101123X",
    "phone": "0936-1234567",
    "email": "zhang.san@example.cn",
    "address": "甘肃省张掖市甘州区县府街 1 号 😀",
}


@pytest.fixture
def request_row(ring: Path, users: dict[str, User]) -> DisclosureRequest:
    bureau = Department.objects.get(code="620700005")
    with travel_to(date(2026, 9, 14)):
        row, _ = disclosure_actions.submit_request(
            actor=users["reviewer"],
            department_id=bureau.pk,
            requester_name="张三丰",
            description="2025年度企业登记统计数据",
            channel="in_person",
            requester_id_no=REQUESTER["requester_id_no"],
            phone=REQUESTER["phone"],
            email=REQUESTER["email"],
            address=REQUESTER["address"],
        )
    return row


def test_the_disclosure_table_holds_ciphertext_and_the_model_the_text(
    request_row: DisclosureRequest,
) -> None:
    table = DisclosureRequest._meta.db_table
    for name, text in REQUESTER.items():
        stored = _raw(table, name, request_row.pk)
        assert stored.startswith("sm4gcm:"), name
        assert text not in stored
    fresh = DisclosureRequest.objects.get(pk=request_row.pk)
    assert {name: getattr(fresh, name) for name in REQUESTER} == REQUESTER


def test_the_disclosure_data_migration_seals_and_its_reverse_opens(
    request_row: DisclosureRequest,
) -> None:
    table = DisclosureRequest._meta.db_table
    for name, text in REQUESTER.items():
        _write_raw(table, name, request_row.pk, text)
    stamp = DisclosureRequest.objects.values_list("updated_at").get(pk=request_row.pk)
    operation = pii.seal_existing("disclosure", "DisclosureRequest", *REQUESTER)

    operation.code(django_apps, _schema_editor())
    assert all(_raw(table, n, request_row.pk).startswith("sm4gcm:") for n in REQUESTER)
    fresh = DisclosureRequest.objects.get(pk=request_row.pk)
    assert {name: getattr(fresh, name) for name in REQUESTER} == REQUESTER
    assert DisclosureRequest.objects.values_list("updated_at").get(pk=request_row.pk) == stamp

    operation.reverse_code(django_apps, _schema_editor())
    assert {n: _raw(table, n, request_row.pk) for n in REQUESTER} == REQUESTER


@pytest.mark.django_db(transaction=True)
def test_the_disclosure_migrations_seal_and_unseal_for_real(
    request_row: DisclosureRequest,
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    table = DisclosureRequest._meta.db_table
    MigrationExecutor(connection).migrate([("disclosure", "0002_grant_permissions")])
    assert {n: _raw(table, n, request_row.pk) for n in REQUESTER} == REQUESTER

    MigrationExecutor(connection).migrate([("disclosure", "0004_seal_existing_requester_contacts")])

    assert all(_raw(table, n, request_row.pk).startswith("sm4gcm:") for n in REQUESTER)
    latest = MigrationExecutor(connection)  # the later migrations too: the model has their columns
    latest.migrate(latest.loader.graph.leaf_nodes("disclosure"))
    fresh = DisclosureRequest.objects.get(pk=request_row.pk)
    assert {name: getattr(fresh, name) for name in REQUESTER} == REQUESTER


def test_the_operation_log_keeps_no_personal_data_of_a_request(
    ring: Path, demo_city: None, client: Any
) -> None:
    from xiaoneng.system.models import OperationLog

    bureau = Department.objects.get(code="620700005")
    body = {
        "department_id": bureau.pk,
        "requester_name": "张三丰",
        "description": "2025年度企业登记统计数据",
        **REQUESTER,
    }
    response = client.post("/api/v1/disclosure/requests", body, content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    params = OperationLog.objects.filter(url__contains="/disclosure/requests").latest("id").params
    assert "2025年度企业登记统计数据" in params  # the log is written, with the rest
    for text in REQUESTER.values():
        assert text not in params


def test_a_row_the_application_changes_during_a_rewrite_keeps_its_new_value(case: Case) -> None:
    def change_meanwhile(value: str) -> str:
        Case.objects.filter(pk=case.pk).update(applicant_phone="0936-8000000")
        return pii.seal("stale")

    count = pii.rewrite_column(
        table="cases_case", column="applicant_phone", change=change_meanwhile
    )
    assert count == 0
    assert Case.objects.get(pk=case.pk).applicant_phone == "0936-8000000"


def test_reseal_also_seals_a_value_left_plain(case: Case) -> None:
    _write_raw("cases_case", "applicant_phone", case.pk, PHONE)
    assert pii.reseal()["cases.Case.applicant_phone"] == 1
    assert _raw("cases_case", "applicant_phone", case.pk).startswith("sm4gcm:")
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE


@settings(deadline=None, max_examples=25, suppress_health_check=list(HealthCheck))
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_characters="\x00"),
            st.sampled_from("张掖市甘州区县府街１号😀🇨🇳"),
        ),
        min_size=1,
        max_size=120,
    )
)
def test_any_text_survives_the_column_on_this_database(
    request_row: DisclosureRequest, text: str
) -> None:
    DisclosureRequest.objects.filter(pk=request_row.pk).update(address=text)
    stored = _raw(DisclosureRequest._meta.db_table, "address", request_row.pk)
    assert stored.startswith("sm4gcm:")
    assert DisclosureRequest.objects.get(pk=request_row.pk).address == text


# --- Users: the phone on an account (org 0012, 0013) -------------------------

STAFF_PHONE = "13893601234"


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {str(name) for (name,) in cursor.fetchall()}


def test_a_users_phone_is_sealed_and_found_whole_on_the_user_admin_page(
    ring: Path, login: Any
) -> None:
    client = login("admin")
    window = User.objects.get(username="window")
    window.phone = STAFF_PHONE
    window.save(update_fields=["phone"])

    stored = _raw("org_user", "phone", window.pk)
    assert stored.startswith("sm4gcm:")
    assert STAFF_PHONE not in stored
    assert User.objects.get(pk=window.pk).phone == STAFF_PHONE
    assert ("org.User", "phone", "org_user", "phone") in pii.sealed_columns()

    found = client.get("/system/users/", {"phone": STAFF_PHONE}).content.decode()
    assert "手机号码（完整）" in found
    assert "138****1234" in found  # the one account, its phone masked in the list
    assert f"/system/users/{window.pk}/" in found
    part = client.get("/system/users/", {"phone": STAFF_PHONE[:7]}).content.decode()
    assert f"/system/users/{window.pk}/" not in part  # a part finds nothing: sealed
    with pytest.raises(FieldError):
        User.objects.filter(phone__contains=STAFF_PHONE[:7])


@pytest.mark.django_db(transaction=True)
def test_the_org_migrations_seal_the_users_phones_and_keep_the_triggers(
    ring: Path, users: dict[str, User]
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    stamp = import_module("xiaoneng.org.migrations.0010_authority_stamp")
    window = users["window"]
    window.phone = STAFF_PHONE
    window.save(update_fields=["phone"])

    MigrationExecutor(connection).migrate([("org", "0011_user_must_change_password")])
    assert _raw("org_user", "phone", window.pk) == STAFF_PHONE  # the reverse opened it
    assert set(stamp.trigger_names()) <= _triggers()

    MigrationExecutor(connection).migrate([("org", "0013_seal_existing_user_phones")])
    sealed = _raw("org_user", "phone", window.pk)
    latest = MigrationExecutor(connection)  # the whole schema for the next tests
    latest.migrate(latest.loader.graph.leaf_nodes())

    assert sealed.startswith("sm4gcm:")
    assert STAFF_PHONE not in sealed
    assert set(stamp.trigger_names()) <= _triggers()
    row = User.objects.get(pk=window.pk)
    assert row.phone == STAFF_PHONE
    assert row.phone_digest == pii.pii_digest(STAFF_PHONE)
