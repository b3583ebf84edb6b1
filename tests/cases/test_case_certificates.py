"""The applicant's certificate at intake: 居民身份证 by GB 11643's check
digit, 统一社会信用代码 by GB 32100's, the number sealed and found by its
digest; the 经办人/代理人 with their identity number."""

from __future__ import annotations

import pytest
from django.db import connection

from xiaoneng.cases import actions
from xiaoneng.cases.certificates import certificate_digest, checked_certificate
from xiaoneng.cases.models import Case
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.inputs import credit_code_problem, id_number_problem
from xiaoneng.org.models import User

INSTANT = "0100001000620700005"
PERSON = "62070219800101001X"  # check digit X, born 1 Jan 1980
ENTERPRISE = "91620700MA72XKXX81"


def test_the_sample_numbers_are_valid() -> None:
    assert id_number_problem(PERSON) is None
    assert credit_code_problem(ENTERPRISE) is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"id_type": "resident_id", "id_no": "620702198001010011"}, "applicant_id_no_invalid"),
        ({"id_type": "credit_code", "id_no": "91620700MA72XKXX82"}, "applicant_id_no_invalid"),
        ({"id_type": "driving_licence", "id_no": "123"}, "applicant_id_type_invalid"),
        ({"id_no": PERSON}, "applicant_id_type_invalid"),
        ({"id_type": "passport"}, "applicant_id_no_invalid"),
        ({"handler_kind": "proxy", "handler_id_no": PERSON}, "handler_name_required"),
        ({"handler_kind": "handler", "handler_name": "李四"}, "handler_id_no_invalid"),
        (
            {
                "handler_kind": "proxy",
                "handler_name": "李四",
                "handler_id_no": "620702198001010011",
            },
            "handler_id_no_invalid",
        ),
        ({"handler_name": "李四"}, "handler_kind_invalid"),
    ],
)
def test_bad_certificates_are_refused_with_a_code(kwargs: dict[str, str], code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        checked_certificate(**kwargs)
    assert err.value.code == code


def test_numbers_are_normalised_before_the_digest() -> None:
    typed = checked_certificate(id_type="resident_id", id_no=" 62070219800101001x ")
    assert typed.id_no == PERSON
    assert typed.fields()["applicant_id_digest"] == certificate_digest(PERSON)
    assert certificate_digest("") == ""
    # A passport is taken as typed (no national check digit to apply).
    assert checked_certificate(id_type="passport", id_no="e1234 5678").id_no == "E12345678"


@pytest.mark.django_db
def test_intake_stores_the_certificate_sealed_and_findable(
    users: dict[str, User], catalog: None
) -> None:
    case, _ = actions.submit_application(
        actor=users["window"],
        item_code=INSTANT,
        applicant_name="张三",
        applicant_id_type="resident_id",
        applicant_id_no=PERSON,
        applicant_address="张掖市甘州区县府街1号",
        handler_kind="proxy",
        handler_name="李四",
        handler_id_no="62070219900202002X",
    )
    case = Case.objects.get(pk=case.pk)
    assert (case.applicant_id_type, case.applicant_id_no) == ("resident_id", PERSON)
    assert case.applicant_address == "张掖市甘州区县府街1号"
    assert (case.handler_kind, case.handler_name) == ("proxy", "李四")
    assert Case.objects.filter(applicant_id_digest=certificate_digest(PERSON)).get() == case
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_id_no, applicant_address, handler_id_no FROM cases_case WHERE id=%s",
            [case.pk],
        )
        stored = cursor.fetchone()
    assert PERSON not in stored[0]
    assert "县府街" not in stored[1]
    assert "62070219900202002X" not in stored[2]


@pytest.mark.django_db
def test_a_bad_number_files_nothing(users: dict[str, User], catalog: None) -> None:
    before = Case.objects.count()
    with pytest.raises(InvalidInput):
        actions.submit_application(
            actor=users["window"],
            item_code=INSTANT,
            applicant_name="张三",
            applicant_id_type="resident_id",
            applicant_id_no="620702198001010011",
        )
    assert Case.objects.count() == before
