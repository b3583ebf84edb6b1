"""A rating page reads its case through a scoped selector: it never loads a
case its actor may not rate (issue 17, item 5)."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.core.errors import NotFound
from xiaoneng.org.models import User
from xiaoneng.ratings.selectors import own_case_to_rate

pytestmark = pytest.mark.django_db


def test_only_the_applicant_or_agent_reads_its_case_to_rate(
    delivered: Any, users: dict[str, User]
) -> None:
    case, _ = delivered(actor="applicant")
    assert own_case_to_rate(users["applicant"], case.pk) == case
    # Another applicant account, and window staff who see the case through
    # their department's scope but did not apply: not_found alike.
    for stranger in ("agent", "window"):
        with pytest.raises(NotFound) as refused:
            own_case_to_rate(users[stranger], case.pk)
        assert refused.value.code == "case_not_found"
    with pytest.raises(NotFound):
        own_case_to_rate(users["applicant"], case.pk + 10_000)


def test_the_rating_page_shows_no_case_its_actor_cannot_rate(delivered: Any, login: Any) -> None:
    case, _ = delivered(actor="applicant")
    stranger = login("agent")
    page = stranger.get(f"/ratings/case/{case.pk}/")
    assert page.status_code == 404
    assert case.tracking_no not in page.content.decode()
    posted = stranger.post(f"/ratings/case/{case.pk}/", {"level": "1"})
    assert posted.status_code == 404
    stranger.logout()
    own = login("applicant").get(f"/ratings/case/{case.pk}/")
    assert own.status_code == 200
    assert case.tracking_no in own.content.decode()
