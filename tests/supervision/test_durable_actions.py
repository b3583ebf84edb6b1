"""Top-level actions are durable (issue 17, item 6): views, API handlers and
tasks call them outside any transaction, so each commits on its own; one
called inside another transaction is refused before it writes anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from xiaoneng.accounts import actions as account_actions
from xiaoneng.cases import actions as case_actions
from xiaoneng.disclosure import actions as disclosure_actions
from xiaoneng.ratings import actions as rating_actions
from xiaoneng.scores import actions as score_actions
from xiaoneng.supervision import actions as supervision_actions
from xiaoneng.supervision.anomalies import detect_anomalies
from xiaoneng.supervision.models import SupervisionCard

pytestmark = pytest.mark.django_db

DURABLE: list[Callable[..., Any]] = [
    supervision_actions.issue_cards,
    supervision_actions.notify_warnings,
    supervision_actions.reply_card,
    supervision_actions.issue_order,
    supervision_actions.close_anomaly,
    detect_anomalies,
    case_actions.attach_material,
    disclosure_actions.submit_request,
    rating_actions.rate_visit,
    score_actions.publish_ranking,
    account_actions.change_password,
]


@pytest.mark.parametrize("action", DURABLE, ids=lambda fn: f"{fn.__module__}.{fn.__name__}")
def test_a_top_level_action_refuses_an_enclosing_transaction(action: Callable[..., Any]) -> None:
    # The durable block is entered before the action reads its arguments.
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        action()


def test_a_top_level_action_runs_on_its_own(demo_city: None) -> None:
    """Outside another block (the test's own transaction aside) it runs."""
    run = supervision_actions.issue_cards()
    assert run.yellow == SupervisionCard.objects.count()


def test_a_step_of_a_larger_write_still_nests(demo_city: None) -> None:
    """Case actions (and the online rating) keep a plain atomic: the history
    generator plays a day's steps in one transaction."""
    with transaction.atomic():
        assert case_actions.apply_deemed_acceptances() == 0
