"""An id no 64-bit column can hold is not found, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


def test_a_huge_id_is_not_found_on_the_page_its_step_or_the_api(login: Any) -> None:
    client = login("depthead")
    assert client.get(f"/inspections/{HUGE}/").status_code == 404
    for step in ("cancel", "approve", "merge"):
        response = client.post(f"/inspections/{HUGE}/{step}/", {"reason": "x", "into": HUGE})
        assert response.status_code in (302, 404), step
    response = client.post(
        f"/api/v1/inspections/{HUGE}/cancel", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404, response.content[:300]
