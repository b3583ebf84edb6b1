"""Schemathesis over the whole OpenAPI document: every operation the API
serves at run time (routers added later included), called in-process through
the WSGI application with several roles' bearer tokens and anonymously, on the
demo city with cases in several states. No answer may be a 500, and every
documented answer must match its response schema.

The run is bounded and deterministic (derandomised Hypothesis, no example
database); each call runs in a savepoint that is rolled back, so one example
never changes the world the next one sees (a revoked token, a decided case)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from xiaoneng.accounts import actions as account_actions
from xiaoneng.accounts.models import ApiToken
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.actions import attach_material
from xiaoneng.cases.models import Case, CaseAttachment
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.catalog.selectors import published_items
from xiaoneng.config.wsgi import application
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.org.authority import unit_of
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

# Calls in all, shared out over operations × roles (at least MIN_EXAMPLES
# each): the run stays within about a minute on two cores however many
# routers there are. XIAONENG_FUZZ_BUDGET raises it for a deeper run.
BUDGET = int(os.environ.get("XIAONENG_FUZZ_BUDGET", "2000"))
MIN_EXAMPLES, MAX_EXAMPLES = 4, 25
# Roles calling with a bearer token; None calls anonymously.
ROLES = ("window", "depthead", "agent", "supervisor", None)
CHECKS = [not_a_server_error, response_schema_conformance]

INSTANT = "0100001000620700005"  # 企业名称预先核准 (市工商局)
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Django's test client does the same: a request that starts or ends must
    not close the test's connection (and with it the transaction holding the
    world)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(users: dict[str, User], settings: Any, tmp_path: Path) -> dict[str, str]:
    """Cases in several states with materials, and a bearer token per fuzzing role."""
    settings.MEDIA_ROOT = tmp_path / "media"
    window = users["window"]
    load_demo_catalog(users["admin"])
    promise_item = published_items(department=unit_of(window), instant=False).first()
    assert promise_item is not None
    with travel_to(date(2026, 3, 2)):
        for name in ("祁连绿源有限公司", "丹霞文旅有限公司", "黑河水务有限公司"):
            case, _ = case_actions.submit_application(
                actor=window, item_code=promise_item.code, applicant_name=name
            )
        case_actions.accept_case(actor=window, case_id=case.pk)
        noticed, _ = case_actions.submit_application(
            actor=window, item_code=promise_item.code, applicant_name="张掖市民"
        )
        case_actions.issue_supplement_notice(actor=window, case_id=noticed.pk, missing=["身份证明"])
        instant, _ = case_actions.submit_application(
            actor=window, item_code=INSTANT, applicant_name="甘州个体户"
        )
        case_actions.accept_case(actor=window, case_id=instant.pk)
        own, _ = case_actions.submit_application(
            actor=users["applicant"], item_code=INSTANT, applicant_name="申请人自己"
        )
        represented, _ = case_actions.submit_application(
            actor=users["agent"], item_code=promise_item.code, applicant_name="帮办企业"
        )
    for actor, target in ((users["applicant"], own), (users["agent"], represented)):
        attach_material(actor=actor, case_id=target.pk, file=SimpleUploadedFile("申请书.pdf", PDF))
    tokens = {}
    for role in ROLES:
        if role is not None:
            _, secret = account_actions.create_api_token(actor=users[role], name="fuzz")
            tokens[role] = secret
    return tokens


def closing(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """The application, its response read and closed at once: schemathesis'
    WSGI transport reads a response but never closes it, which would leave a
    download's file open (a real WSGI server closes it)."""
    response = application(environ, start_response)
    try:
        return [b"".join(response)]
    finally:
        close = getattr(response, "close", None)
        if close is not None:
            close()


def _operations(schema: Any) -> list[Any]:
    operations = []
    for result in schema.get_all_operations():
        operations.append(result.ok())  # an operation the schema cannot describe fails here
    return operations


Known = dict[frozenset[str], list[dict[str, Any]]]


def _strategy(operation: Any, known: Known) -> Any:
    """Positive and negative examples; where the path parameters name things
    the world holds (a case, a case's attachment, a token, an item), also
    examples on real ones, so the actions behind the operation run rather
    than answer not_found."""
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    real = known.get(frozenset(p.name for p in operation.path_parameters))
    if real:
        strategies.append(
            st.sampled_from(real).flatmap(
                lambda values: operation.as_strategy(
                    generation_mode=GenerationMode.POSITIVE, path_parameters=values
                )
            )
        )
    return st.one_of(*strategies)


def _fuzz(
    operation: Any,
    headers: dict[str, str],
    known: Known,
    examples: int,
    failures: list[str],
    statuses: Counter[tuple[str, str, int]],
    label: str,
) -> None:
    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, known))
    def run(case: Any) -> None:
        response = _rolled_back(case, headers)
        statuses[(label, operation.label, response.status_code)] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # one report names every failing operation
        failures.append(f"[{label}] {operation.label}: {exc}")
    _read_real_rows(operation, headers, known, failures, statuses, label)


def _rolled_back(case: Any, headers: dict[str, str]) -> Any:
    """The call in a bare savepoint, rolled back: not an atomic block, which
    the durable top-level actions refuse to run in."""
    start = transaction.savepoint()
    try:
        return case.call(headers=headers)
    finally:
        transaction.savepoint_rollback(start)


def _read_real_rows(
    operation: Any,
    headers: dict[str, str],
    known: Known,
    failures: list[str],
    statuses: Counter[tuple[str, str, int]],
    label: str,
) -> None:
    """One GET on a real row, whatever the draws were: however small the
    share of the budget, the reads of existing objects are exercised."""
    real = known.get(frozenset(p.name for p in operation.path_parameters))
    if operation.method.upper() != "GET" or not real:
        return
    case = operation.Case(path_parameters=real[0])
    try:
        response = _rolled_back(case, headers)
        statuses[(label, operation.label, response.status_code)] += 1
        case.validate_response(response, checks=CHECKS)
    except (Exception, BaseExceptionGroup) as exc:
        failures.append(f"[{label}] {operation.label} on {real[0]}: {exc}")


def test_no_operation_answers_a_server_error(
    world: dict[str, str], in_process_requests: None
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", closing)
    operations = _operations(schema)
    paths = {op.path for op in operations}
    assert "/api/v1/cases/{case_id}" in paths
    assert "/api/v1/cases/{case_id}/attachments" in paths
    attachments = CaseAttachment.objects.values_list("case_id", "pk")
    known: Known = {
        frozenset({"case_id"}): [
            {"case_id": pk} for pk in Case.objects.values_list("pk", flat=True)
        ],
        frozenset({"case_id", "attachment_id"}): [
            {"case_id": case_id, "attachment_id": pk} for case_id, pk in attachments
        ],
        frozenset({"token_id"}): [
            {"token_id": pk} for pk in ApiToken.objects.values_list("pk", flat=True)
        ],
        frozenset({"code"}): [
            {"code": code} for code in ApprovalItem.objects.values_list("code", flat=True)[:20]
        ],
    }
    failures: list[str] = []
    statuses: Counter[tuple[str, str, int]] = Counter()
    examples = max(MIN_EXAMPLES, min(MAX_EXAMPLES, BUDGET // (len(operations) * len(ROLES))))
    for role in ROLES:
        headers = {"Authorization": f"Bearer {world[role]}"} if role else {}
        for operation in operations:
            _fuzz(operation, headers, known, examples, failures, statuses, role or "anonymous")
    assert not failures, "\n\n".join(failures)
    # The tokens worked and the real ids were used: the calls reached the actions.
    answered = {op for role, op, status in statuses if role != "anonymous" and status < 300}
    assert "GET /api/v1/cases/{case_id}" in answered
    assert "GET /api/v1/cases/{case_id}/attachments/{attachment_id}" in answered
