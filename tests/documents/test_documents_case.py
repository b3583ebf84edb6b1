"""Documents of real cases, built through the actions: each exists once its
event does, says what its event says, and regenerates to the same bytes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from documents_support import ACCEPTED_ON, APPLICANT, RECEIVED_ON, on, pages, pdf_text

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

SUSPENDED_ON = date(2026, 2, 24)
EXTENDED_ON = date(2026, 3, 2)
DECIDED_ON = date(2026, 3, 10)


def _get(api: Any, who: str, path: str) -> Any:
    return api(who).get(path)


def _pdf(response: Any) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _flat(pdf: bytes) -> str:
    return pdf_text(pdf).replace("\n", "")


def test_no_acceptance_voucher_before_acceptance(api: Any, received: Case) -> None:
    client = api("window")
    assert client.get(f"/cases/{received.pk}/documents").json() == []
    response = client.get(f"/cases/{received.pk}/documents/acceptance")
    assert response.status_code == 404
    assert response.json()["code"] == "document_not_issued"
    assert "尚未受理" in response.json()["message"]
    unknown = client.get(f"/cases/{received.pk}/documents/certificate")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "document_kind_unknown")


def test_the_acceptance_voucher(api: Any, accepted: Case) -> None:
    client = api("window")
    [listed] = client.get(f"/cases/{accepted.pk}/documents").json()
    assert listed["kind"] == "acceptance"
    assert listed["title"] == "受理通知书"
    assert listed["dated"] == ACCEPTED_ON.isoformat()
    assert listed["number"].startswith("张工商受〔2026〕")
    response = client.get(listed["url"])
    pdf = _pdf(response)
    assert "inline" in response["Content-Disposition"]
    text = _flat(pdf)
    for expected in (
        "张掖市工商行政管理局",
        listed["number"],
        "受理通知书",
        f"{APPLICANT}：",
        f"办件编号：{accepted.tracking_no}",
        "第三十二条第一款第（五）项",
        "10个工作日内作出决定",
        "2026年2月13日",  # 成文日期 = the day of acceptance
        "（电子印章位置）",
    ):
        assert expected in text, expected
    # Regenerated later, by someone else: the same bytes.
    again = _pdf(api("applicant").get(listed["url"]))
    assert again == pdf
    assert len(pages(pdf)) == 1


def test_refusal_names_the_reason_and_the_competent_authority(
    api: Any, users: dict[str, User], received: Case
) -> None:
    assert api("window").get(f"/cases/{received.pk}/documents/refusal").json()["code"] == (
        "document_not_issued"
    )
    on(
        RECEIVED_ON,
        actions.refuse_case,
        actor=users["window"],
        case_id=received.pk,
        reason="申请事项为建设用地审批，不属于本机关职权范围",
        competent_authority="张掖市国土资源局",
    )
    text = _flat(_pdf(api("window").get(f"/cases/{received.pk}/documents/refusal")))
    assert "不予受理决定书" in text
    assert "建设用地审批，不属于本机关职权范围" in text
    assert "请向张掖市国土资源局申请" in text
    assert "第三十二条第一款第（二）项" in text
    assert "向张掖市人民政府申请行政复议" in text
    assert "2026年2月10日" in text
    assert api("window").get(f"/cases/{received.pk}/documents/acceptance").status_code == 404


def test_the_one_time_notice_lists_every_material(
    api: Any, users: dict[str, User], received: Case
) -> None:
    missing = ["设立登记申请书原件", "法定代表人身份证明复印件", "住所使用证明"]
    on(
        RECEIVED_ON,
        actions.issue_supplement_notice,
        actor=users["window"],
        case_id=received.pk,
        missing=missing,
    )
    text = _flat(_pdf(api("applicant").get(f"/cases/{received.pk}/documents/supplement-notice")))
    assert "补正材料一次性告知书" in text
    for i, material in enumerate(missing, start=1):
        assert f"{i}．{material}。" in text
    assert "第三十二条第一款第（四）项" in text


def test_suspension_extension_and_decision(
    api: Any, users: dict[str, User], accepted: Case
) -> None:
    pk = accepted.pk
    on(
        SUSPENDED_ON,
        actions.suspend_case,
        actor=users["reviewer"],
        case_id=pk,
        procedure="expert_review",
        expected_days=15,
        reason="外资准入专家论证",
    )
    on(SUSPENDED_ON.replace(day=26), actions.resume_case, actor=users["reviewer"], case_id=pk)
    on(
        EXTENDED_ON,
        actions.request_extension,
        actor=users["reviewer"],
        case_id=pk,
        days=5,
        reason="申请材料涉及多个外资股东，需逐一核实",
    )
    on(EXTENDED_ON, actions.approve_extension, actor=users["depthead"], case_id=pk)
    client = api("reviewer")
    kinds = [d["kind"] for d in client.get(f"/cases/{pk}/documents").json()]
    assert kinds == ["acceptance", "suspension", "extension"]

    suspension = _flat(_pdf(client.get(f"/cases/{pk}/documents/suspension")))
    assert "特别程序告知书" in suspension
    assert "专家评审（外资准入专家论证）" in suspension
    assert "预计所需时间为15日" in suspension
    assert "第四十五条" in suspension
    assert "2026年2月24日" in suspension

    extension = _flat(_pdf(client.get(f"/cases/{pk}/documents/extension")))
    assert "延长审批期限告知书" in extension
    assert "因申请材料涉及多个外资股东，需逐一核实" in extension
    assert "延长5个工作日" in extension
    assert "第四十二条第一款" in extension

    assert client.get(f"/cases/{pk}/documents/approval").json()["code"] == "document_not_issued"
    on(
        DECIDED_ON,
        actions.decide_case,
        actor=users["depthead"],
        case_id=pk,
        decision="denied",
        reason="外方股东资格证明未经认证",
    )
    denial = _flat(_pdf(client.get(f"/cases/{pk}/documents/denial")))
    assert "不予行政许可决定书" in denial
    assert "外方股东资格证明未经认证，不符合法定条件、标准" in denial
    assert "第三十八条第二款" in denial
    assert "2026年3月10日" in denial
    assert client.get(f"/cases/{pk}/documents/approval").status_code == 404


def test_the_approval_decision(api: Any, users: dict[str, User], accepted: Case) -> None:
    on(
        DECIDED_ON,
        actions.decide_case,
        actor=users["depthead"],
        case_id=accepted.pk,
        decision="approved",
    )
    text = _flat(_pdf(api("applicant").get(f"/cases/{accepted.pk}/documents/approval")))
    assert "准予行政许可决定书" in text
    assert (
        "《中华人民共和国公司登记管理条例》第五十四条和《中华人民共和国行政许可法》第三十八条第一款"
        in text
    )
    assert "本机关已于2026年2月13日受理" in text
    assert "2026年3月10日" in text


def test_a_second_suspension_is_its_own_document(
    api: Any, users: dict[str, User], accepted: Case
) -> None:
    pk = accepted.pk
    for start, procedure in ((SUSPENDED_ON, "expert_review"), (EXTENDED_ON, "testing")):
        on(
            start,
            actions.suspend_case,
            actor=users["reviewer"],
            case_id=pk,
            procedure=procedure,
            expected_days=10,
        )
        on(
            start.replace(day=start.day + 1),
            actions.resume_case,
            actor=users["reviewer"],
            case_id=pk,
        )
    client = api("reviewer")
    listed = client.get(f"/cases/{pk}/documents").json()
    assert [d["kind"] for d in listed] == ["acceptance", "suspension", "suspension-2"]
    assert listed[1]["number"] != listed[2]["number"]
    second = _flat(_pdf(client.get(f"/cases/{pk}/documents/suspension-2")))
    assert "需要检测" in second
    assert "2026年3月2日" in second
    assert client.get(f"/cases/{pk}/documents/suspension-3").json()["code"] == "document_not_issued"
