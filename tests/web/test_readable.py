"""Stored records as people read them (web.readable, audit.presentation):
payload keys in Chinese, codes as words, dates in Chinese, and what an
audit event was about by name, never "rating #997"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from xiaoneng.audit.presentation import event_label, subject_of
from xiaoneng.web.readable import key_label, readable_rows, readable_value

pytestmark = pytest.mark.django_db


def test_a_payload_reads_as_labelled_rows() -> None:
    rows = readable_rows(
        {
            "due_on": "2026-12-04",
            "code": "order_due_in_past",
            "attempts": 2,
            "closed": False,
            "case_events": [1, 2],
            "facts": [["尝试操作", "受理"]],
        }
    )
    assert rows == [
        ("期限", "2026年12月4日"),
        ("原因", "答复期限不能早于今天"),
        ("尝试次数", "2"),
        ("其他", "否"),
        ("办件环节序号", "1、2"),
        ("尝试操作", "受理"),
    ]


def test_nothing_reads_as_a_code_or_json() -> None:
    assert readable_value({"status": "closed"}) == "状态：已办结"
    assert readable_value("urge", "kind").startswith("督办")
    assert readable_value("supervision.order_urge_issued") == "发出督办通知"
    assert readable_value(None) == "—"
    assert key_label("reply") == "答复"
    assert key_label("applicant_name") != "applicant_name"  # from the model's verbose name


def test_a_code_no_label_names_is_left_out_and_chinese_keys_stay() -> None:
    rows = readable_rows({"说明": "统计报表逾期未报送", "kind": "tongji_baobiao", "period": "10月"})
    assert rows == [("说明", "统计报表逾期未报送"), ("期间", "10月")]


def test_an_undeclared_event_is_other_not_its_code() -> None:
    assert event_label("score.ranking_published") == "发布月度排名"
    assert event_label("gone.kind_of_event") == "其他操作"


def test_what_an_event_was_about_by_name(users: dict[str, object]) -> None:
    window = users["window"]
    assert subject_of(SimpleNamespace(object_type="case", object_id="2026102700000035")) == (
        "办件 2026102700000035"
    )
    assert subject_of(SimpleNamespace(object_type="user", object_id=str(window.pk))) == (  # type: ignore[attr-defined]
        f"用户 {window.real_name}"  # type: ignore[attr-defined]
    )
    assert subject_of(SimpleNamespace(object_type="rating", object_id="997")) == "好差评 第 997 号"
    assert subject_of(SimpleNamespace(object_type="system", object_id="demo_history")) == "系统"
    assert subject_of(SimpleNamespace(object_type="frugality_year", object_id="2026")) == (
        "三公经费年度 2026"
    )
