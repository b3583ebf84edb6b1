"""好差评 in the portal's style: five faces over real radio inputs, the
chosen level and criteria back after a refused submit, and a 评价编号 on the
thank-you page with which the rater follows the rectification."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from portal_world import ON

from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.ratings import actions
from xiaoneng.ratings.models import Rating

pytestmark = pytest.mark.django_db


def _rate(client: Client, case: Case, code: str, **fields: Any) -> str:
    with travel_to(ON):
        body = {"no": case.tracking_no, "code": code, **fields}
        return client.post("/ratings/", body).content.decode()


def test_five_faces_as_radio_inputs(client: Client, decided: tuple[Case, str]) -> None:
    case, code = decided
    html = _rate(client, case, code)
    radios = re.findall(r'<input class="rt-level-input" type="radio" id="r-level-(\d)"', html)
    assert radios == ["1", "2", "3", "4", "5"]
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f'<span class="rt-face-label">{label}</span>' in html
    assert 'style="' not in html.split("data-levels", 1)[1].split("</fieldset>", 1)[0]


def test_the_choice_survives_a_refused_submit(client: Client, decided: tuple[Case, str]) -> None:
    case, code = decided
    html = _rate(client, case, code, level="4", comment="")  # a bad rating needs a reason
    assert "差评请勾选存在问题的评价指标或填写评价意见" in html
    assert 'id="r-level-4" name="level" value="4" required checked' in html
    assert html.count(" checked") == 1
    again = _rate(client, case, code, level="5", criteria=["efficiency"], comment="")
    assert "评价已提交" in again
    assert not Rating.objects.filter(case=case, level=4).exists()


def test_the_reference_follows_the_rectification(
    client: Client, decided: tuple[Case, str], users: dict[str, User]
) -> None:
    case, code = decided
    html = _rate(client, case, code, level="5", criteria=["efficiency"], comment="排队太久")
    reference = re.search(r"data-reference>(PJ\d+)<", html)
    assert reference is not None
    ref = reference.group(1)
    assert f"/ratings/follow/?ref={ref}" in html
    rating = Rating.objects.get(case=case)
    assert ref.endswith(f"{rating.pk:06d}")
    # Without the code, or with another, nothing shows.
    wrong = client.post("/ratings/follow/", {"ref": ref, "code": "000000"}).content.decode()
    assert "评价编号或查询码不正确" in wrong
    assert "data-followed" not in wrong
    page = client.post("/ratings/follow/", {"ref": ref, "code": code}).content.decode()
    assert "data-followed" in page
    assert "整改中" in page
    assert "办事效率" in page
    rectification = rating.rectification
    with travel_to(ON):
        actions.record_measures(
            actor=users["depthead"], rectification_id=rectification.pk, measures="增设自助取号机"
        )
    page = client.post("/ratings/follow/", {"ref": ref, "code": code}).content.decode()
    assert "增设自助取号机" in page
    assert "已整改待回访" in page
