"""The dossier's contact phone sealed at rest (system/pii.py; migrations
projects 0003 + 0004): the raw column holds SM4-GCM ciphertext, the pages and
the API that take and show the phone still work, the data migration seals
the plain rows already stored and its reverse opens them again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import FieldError
from django.db import connection
from django.test import Client

from xiaoneng.cases.models import Case
from xiaoneng.org.models import User
from xiaoneng.projects import actions
from xiaoneng.projects.models import ProjectDossier
from xiaoneng.system import pii

pytestmark = pytest.mark.django_db

PHONE = "0936-8210001"
TABLE = "projects_projectdossier"
FORM = {
    "name": "张掖黑河湿地文化旅游综合体",
    "project_code": "2026-620702-87-01-000311",
    "enterprise_name": "张掖湿地文旅发展有限公司",
    "credit_code": "916207002244123451",
    "project_type": "construction",
    "industry": "tourism",
    "county_code": "620702",
    "investment": "4200",
    "summary": "游客服务中心",
}
BODY = {**FORM, "project_code": "2026-620702-38-02-000009", "investment": 8600}


def _raw(pk: int, table: str = TABLE, column: str = "contact_phone") -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])  # noqa: S608
        (value,) = cursor.fetchone()
    return str(value)


def _write_raw(pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET contact_phone = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_the_table_holds_ciphertext_and_the_model_the_phone(open_project: Any) -> None:
    dossier = open_project(contact_phone=f" {PHONE} ")
    stored = _raw(dossier.pk)
    assert stored.startswith("sm4gcm:")
    assert PHONE not in stored
    assert ProjectDossier.objects.get(pk=dossier.pk).contact_phone == PHONE
    assert ProjectDossier.objects.values_list("contact_phone", flat=True).get(pk=dossier.pk) == (
        PHONE
    )


def test_no_phone_stores_nothing_and_the_phone_is_not_searchable(open_project: Any) -> None:
    dossier = open_project()
    assert _raw(dossier.pk) == ""
    assert ProjectDossier.objects.filter(pk=dossier.pk, contact_phone="").exists()
    with pytest.raises(FieldError, match="digest"):
        ProjectDossier.objects.filter(contact_phone=PHONE)


def test_the_form_takes_the_phone_and_the_page_shows_it(
    login: Any, client: Client, channel: dict[str, User]
) -> None:
    login("admin")
    response = client.post("/projects/new/", {**FORM, "contact_phone": PHONE})
    assert response.status_code == 302, response.content[:2000]
    dossier = ProjectDossier.objects.get(project_code=FORM["project_code"])
    assert _raw(dossier.pk).startswith("sm4gcm:")
    detail = client.get(response["Location"]).content.decode()
    assert PHONE in detail


def test_the_api_takes_the_phone_sealed(api: Any, channel: dict[str, User]) -> None:
    response = api("admin").post("/projects", {**BODY, "contact_phone": PHONE})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert _raw(pk).startswith("sm4gcm:")
    assert ProjectDossier.objects.get(pk=pk).contact_phone == PHONE


def test_the_agents_application_carries_the_phone_sealed(
    channel: dict[str, User], open_project: Any
) -> None:
    dossier = open_project(contact_phone=PHONE)
    case, _ = actions.apply_in_dossier(
        actor=channel["agent"], dossier_id=dossier.pk, item_code="0100008000620700002"
    )
    assert _raw(case.pk, "cases_case", "applicant_phone").startswith("sm4gcm:")
    assert Case.objects.get(pk=case.pk).applicant_phone == PHONE


def test_the_data_migration_seals_plain_rows_and_its_reverse_opens_them(
    open_project: Any,
) -> None:
    dossier = open_project(contact_phone=PHONE)
    _write_raw(dossier.pk, PHONE)  # as stored before 0003
    assert ProjectDossier.objects.get(pk=dossier.pk).contact_phone == PHONE  # still read
    stamp = ProjectDossier.objects.values_list("updated_at").get(pk=dossier.pk)
    operation = pii.seal_existing("projects", "ProjectDossier", "contact_phone")
    editor = SimpleNamespace(connection=connection)

    operation.code(django_apps, editor)
    sealed = _raw(dossier.pk)
    assert sealed.startswith("sm4gcm:")
    assert ProjectDossier.objects.get(pk=dossier.pk).contact_phone == PHONE
    assert ProjectDossier.objects.values_list("updated_at").get(pk=dossier.pk) == stamp
    operation.code(django_apps, editor)  # twice: a sealed row is left alone
    assert _raw(dossier.pk) == sealed

    operation.reverse_code(django_apps, editor)
    assert _raw(dossier.pk) == PHONE


@pytest.mark.django_db(transaction=True)
def test_the_projects_migrations_seal_and_unseal_for_real(open_project: Any) -> None:
    from django.db.migrations.executor import MigrationExecutor

    dossier = open_project(contact_phone=PHONE)
    assert _raw(dossier.pk).startswith("sm4gcm:")
    MigrationExecutor(connection).migrate([("projects", "0002_grant_permissions")])
    assert _raw(dossier.pk) == PHONE  # the reverse opened it

    MigrationExecutor(connection).migrate([("projects", "0004_seal_existing_contact_phones")])

    sealed = _raw(dossier.pk)
    assert sealed.startswith("sm4gcm:")
    assert PHONE not in sealed
    assert ProjectDossier.objects.get(pk=dossier.pk).contact_phone == PHONE
