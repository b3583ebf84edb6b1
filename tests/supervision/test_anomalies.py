"""Domain rules §3, anomalies: each kind detected with the evidence that shows
it, on cases built through the actions with `travel_to` moving the day
(the National Day 2026 calendar as shipped: off 1–7 Oct, Mid-Autumn 25–27
Sep, make-up working days Sun 20 Sep and Sat 10 Oct). The anomalies of a
case "not handled in the system" need rows changed behind the actions' back:
that is what those tests do, and only they."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection

from worlds import accepted_case, received_case
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import SHANGHAI, travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.anomalies import RULE_OF, detect_anomalies
from xiaoneng.supervision.models import Anomaly, AnomalyKind, AnomalyStatus
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db

PARALLEL = "0100090000620700005"  # 企业设立联合审批: 市工商局 leads, 质监 and 公安 give opinions


def _detect(on: date) -> int:
    with travel_to(on):
        return detect_anomalies().created


def _one(case: Case, kind: AnomalyKind, step: str | None = None) -> Anomaly:
    qs = Anomaly.objects.filter(case=case, kind=kind)
    if step is not None:
        qs = qs.filter(step=step)
    assert qs.count() == 1, list(qs.values_list("kind", "step"))
    return qs.get()


def _kinds_of_events(case: Case, anomaly: Anomaly) -> list[str]:
    by_seq = dict(CaseEvent.objects.filter(case=case).values_list("seq", "kind"))
    return [by_seq[s] for s in anomaly.evidence["case_events"]]


def _audit_types(anomaly: Anomaly) -> list[str]:
    return list(
        AuditEvent.objects.filter(seq__in=anomaly.evidence["audit_events"])
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


def _facts(anomaly: Anomaly) -> dict[str, str]:
    return dict(anomaly.evidence["facts"])


# --- each kind, with its evidence ------------------------------------------------------


def test_an_overdue_case_is_recorded_once_with_its_evidence(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    # Accepted Thu 17 Sep; 10 working days: 18, 20 (make-up), 21–24, 28–30 Sep, 8 Oct.
    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    assert case.due_on == date(2026, 10, 8)
    assert _detect(date(2026, 10, 8)) == 0  # due today: not late yet
    assert _detect(date(2026, 10, 9)) == 1
    anomaly = _one(case, AnomalyKind.OVERDUE_CASE, "decision")
    assert anomaly.department.code == "620700005"
    assert anomaly.detected_on == date(2026, 10, 9)
    assert anomaly.occurred_on == date(2026, 10, 8)
    assert anomaly.status == AnomalyStatus.OPEN
    assert _kinds_of_events(case, anomaly) == ["received", "accepted"]
    assert _audit_types(anomaly) == ["case.received", "case.accepted"]
    assert _facts(anomaly)["办结期限"] == "2026年10月8日"
    assert "至今（2026年10月9日）未作出决定" in anomaly.summary
    # Idempotent: later runs, and the late decision itself, record nothing twice.
    assert _detect(date(2026, 10, 9)) == 0
    with travel_to(date(2026, 10, 12)):
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    assert _detect(date(2026, 10, 12)) == 0
    assert Anomaly.objects.filter(case=case).count() == 1
    # The department heads heard of it once; the run is on the audit chain.
    head = users["depthead"]
    assert Notification.objects.filter(recipient=head, kind="anomaly").count() == 1
    assert AuditEvent.objects.filter(event_type="supervision.anomalies_detected").count() == 1


def test_a_case_decided_late_is_overdue_too(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 10, 12)):  # Mon: Fri 9, Sat 10 (make-up) and Mon 12 Oct are late
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    assert _detect(date(2026, 10, 12)) == 1
    anomaly = _one(case, AnomalyKind.OVERDUE_CASE, "decision")
    assert _kinds_of_events(case, anomaly) == ["received", "accepted", "decided"]
    assert "2026年10月12日才作出决定，超期 3 个工作日" in anomaly.summary


def test_late_co_department_opinions_are_step_lateness(
    users: dict[str, User], catalog: None
) -> None:
    item = ApprovalItem.objects.get(code=PARALLEL)
    case = accepted_case(users["window"], item, date(2026, 9, 1))
    opinions = {o.department.code: o for o in CaseOpinion.objects.filter(case=case)}
    assert set(opinions) == {"620700024", "620700023"}  # 质监, 公安
    due = opinions["620700024"].due_on
    assert due == current_calendar().add_workdays(date(2026, 9, 1), 2)  # Thu 3 Sep
    late = current_calendar().add_workdays(due, 1)
    assert _detect(due) == 0
    with travel_to(late):
        case_actions.give_opinion(
            actor=users["zhijian"], case_id=case.pk, agrees=True, opinion="符合条件，同意"
        )
    _detect(late)
    zhijian = Department.objects.get(code="620700024")
    gongan = Department.objects.get(code="620700023")
    given = _one(case, AnomalyKind.LATE_STEP, f"opinion:{zhijian.pk}")
    missing = _one(case, AnomalyKind.LATE_STEP, f"opinion:{gongan.pk}")
    # The co-department is the one responsible, not the lead.
    assert given.department == zhijian
    assert missing.department == gongan
    assert "才出具" in given.summary
    assert "至今" in missing.summary
    assert "未出具" in missing.summary
    assert _kinds_of_events(case, given) == ["accepted"]
    assert "case.opinion_given" in _audit_types(given)
    assert "case.opinion_given" not in _audit_types(missing)
    assert _facts(given)["意见期限"] == f"{due.year}年{due.month}月{due.day}日"


def test_a_late_delivery_beyond_ten_working_days(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 2)):
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    # 10 working days after Wed 2 Sep: 3, 4, 7–11, 14, 15, 16 Sep.
    assert Case.objects.get(pk=case.pk).due_on == date(2026, 9, 16)
    assert _detect(date(2026, 9, 16)) == 0
    assert _detect(date(2026, 9, 17)) == 1  # still not delivered
    pending = _one(case, AnomalyKind.LATE_STEP, "delivery")
    assert "至今未送达" in pending.summary
    assert _kinds_of_events(case, pending) == ["decided"]


def test_a_delivery_made_late_is_found_after_the_fact(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 2)):
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    with travel_to(date(2026, 9, 18)):
        case_actions.deliver_case(actor=users["window"], case_id=case.pk)
    assert _detect(date(2026, 9, 18)) == 1
    anomaly = _one(case, AnomalyKind.LATE_STEP, "delivery")
    assert _kinds_of_events(case, anomaly) == ["decided", "delivered"]
    assert _audit_types(anomaly) == ["case.decided", "case.delivered"]
    assert _facts(anomaly) == {
        "决定日期": "2026年9月2日",
        "送达期限": "2026年9月16日",
        "送达日期": "2026年9月18日",
    }


def _accepted_after_supplement(
    users: dict[str, User], item: ApprovalItem, accepted_on: date
) -> Case:
    """Received Tue 1 Sep with a supplement notice, supplemented Wed 2 Sep
    (acceptance due Wed 9 Sep), accepted on `accepted_on`."""
    case = received_case(users["window"], item, date(2026, 9, 1))
    window = users["window"]
    with travel_to(date(2026, 9, 1)):
        case_actions.issue_supplement_notice(actor=window, case_id=case.pk, missing=["申请书"])
    with travel_to(date(2026, 9, 2)):
        case_actions.record_supplement(actor=window, case_id=case.pk)
    with travel_to(accepted_on):
        case_actions.accept_case(actor=window, case_id=case.pk)
    return case


def test_a_late_acceptance_after_supplement(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    # Acceptance due 5 working days after Wed 2 Sep: Wed 9 Sep. Accepted Thu 10 Sep.
    case = _accepted_after_supplement(users, promise_item, date(2026, 9, 10))
    assert _detect(date(2026, 9, 10)) == 1
    anomaly = _one(case, AnomalyKind.LATE_STEP, "acceptance")
    assert anomaly.occurred_on == date(2026, 9, 9)
    assert _kinds_of_events(case, anomaly) == ["supplement_notice", "supplemented", "accepted"]


def test_an_acceptance_on_the_last_day_is_no_anomaly(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    _accepted_after_supplement(users, promise_item, date(2026, 9, 9))
    assert _detect(date(2026, 9, 9)) == 0


def test_a_missed_one_time_notice_is_the_deemed_acceptance(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 1))  # notice due Tue 8 Sep
    with travel_to(date(2026, 9, 9)):
        assert case_actions.apply_deemed_acceptances() == 1
    assert _detect(date(2026, 9, 9)) == 1
    anomaly = _one(case, AnomalyKind.MISSED_NOTICE, "notice")
    assert _kinds_of_events(case, anomaly) == ["received"]
    assert _audit_types(anomaly) == ["case.received", "case.deemed_accepted"]
    deemed = AuditEvent.objects.get(
        seq__in=anomaly.evidence["audit_events"], event_type__endswith="deemed_accepted"
    )
    assert deemed.payload["violation"] == "missed_one_time_notice"
    assert _facts(anomaly)["告知期限"] == "2026年9月8日"


def test_a_late_notice_is_a_late_step_as_well_as_a_missed_notice(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 10)):  # nobody ran the sweep; the clock deems it at once
        case_actions.issue_supplement_notice(
            actor=users["window"], case_id=case.pk, missing=["申请书"]
        )
    assert Case.objects.get(pk=case.pk).deemed_accepted
    assert _detect(date(2026, 9, 10)) == 2
    late = _one(case, AnomalyKind.LATE_STEP, "notice")
    assert _kinds_of_events(case, late) == ["received", "supplement_notice"]
    missed = _one(case, AnomalyKind.MISSED_NOTICE, "notice")
    assert _kinds_of_events(case, missed) == ["received", "supplement_notice"]


def test_every_rule_applies_now_the_fee_catalog_exists() -> None:
    # The fee rule waited for the fee catalog (issue 10); no rule is a placeholder now.
    assert RULE_OF[AnomalyKind.FEE_OUTSIDE_CATALOG].applicable
    assert set(RULE_OF) == set(AnomalyKind.values)
    assert not [kind for kind, rule in RULE_OF.items() if not rule.applicable or rule.note]


def test_detection_is_a_periodic_job() -> None:
    job = next(p for p in PERIODIC if p.task.endswith("detect_anomalies"))
    assert job.resolve().name == "detect_anomalies"


# --- refused attempts -------------------------------------------------------------------


def test_a_second_notice_through_the_api_is_kept(
    users: dict[str, User], promise_item: ApprovalItem, api: Any
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 1))
    window = api("window")
    with travel_to(date(2026, 9, 2)):
        assert (
            window.post(f"/cases/{case.pk}/supplement-notice", {"missing": ["申请书"]}).status_code
            == 200
        )
        second = window.post(f"/cases/{case.pk}/supplement-notice", {"missing": ["再补一项"]})
    assert second.status_code == 409
    assert second.json()["code"] == "supplement_notice_already_issued"
    anomaly = _one(case, AnomalyKind.SECOND_NOTICE, "notice")
    assert anomaly.detected_on == date(2026, 9, 2)
    assert _kinds_of_events(case, anomaly) == ["supplement_notice"]
    attempt = AuditEvent.objects.get(seq__in=anomaly.evidence["audit_events"])
    assert attempt.event_type == "case.attempt_refused"
    assert attempt.object_id == case.tracking_no
    assert attempt.payload["code"] == "supplement_notice_already_issued"
    assert attempt.actor_id == users["window"].pk
    # The refused notice itself left nothing on the case.
    assert CaseEvent.objects.filter(case=case, kind="supplement_notice").count() == 1
    # A third attempt is added to the same anomaly's evidence.
    with travel_to(date(2026, 9, 3)):
        assert (
            window.post(f"/cases/{case.pk}/supplement-notice", {"missing": ["x"]}).status_code
            == 409
        )
    anomaly.refresh_from_db()
    assert Anomaly.objects.filter(case=case).count() == 1
    assert anomaly.evidence["attempts"] == 2
    assert len(anomaly.evidence["audit_events"]) == 2


def test_a_second_notice_through_the_web_step_is_kept(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 1))
    login("window")
    with travel_to(date(2026, 9, 1)):
        first = client.post(f"/cases/{case.pk}/do/supplement-notice/", {"other": "申请书未签字"})
        assert first.status_code == 302
        second = client.post(f"/cases/{case.pk}/do/supplement-notice/", {"other": "再补一项"})
    assert second.status_code == 409
    anomaly = _one(case, AnomalyKind.SECOND_NOTICE, "notice")
    assert _audit_types(anomaly) == ["case.attempt_refused"]
    assert Anomaly.objects.count() == 1


def test_a_refusal_without_reasons_is_kept_from_api_and_web(
    users: dict[str, User], promise_item: ApprovalItem, api: Any, client: Any, login: Any
) -> None:
    by_api = received_case(users["window"], promise_item, date(2026, 9, 1))
    by_web = received_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 1)):
        response = api("window").post(f"/cases/{by_api.pk}/refuse", {"reason": "  "})
        assert response.status_code == 422
        assert response.json()["code"] == "refusal_reason_required"
        login("window")
        assert client.post(f"/cases/{by_web.pk}/do/refuse/", {"reason": ""}).status_code == 422
    for case in (by_api, by_web):
        anomaly = _one(case, AnomalyKind.REFUSAL_WITHOUT_REASON, "refusal")
        assert _kinds_of_events(case, anomaly) == ["received"]
        assert _audit_types(anomaly) == ["case.attempt_refused"]
        assert Case.objects.get(pk=case.pk).status == "received"
    # Detection does not record them again.
    assert _detect(date(2026, 9, 1)) == 0


@pytest.mark.django_db(transaction=True)
def test_the_attempt_survives_the_rollback_of_a_real_transaction(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 1)):
        case_actions.issue_supplement_notice(actor=users["window"], case_id=case.pk, missing=["a"])
        with pytest.raises(case_actions.CaseConflict):
            case_actions.issue_supplement_notice(
                actor=users["window"], case_id=case.pk, missing=["b"]
            )
    assert Anomaly.objects.filter(case=case, kind=AnomalyKind.SECOND_NOTICE).count() == 1
    assert CaseEvent.objects.filter(case=case, kind="supplement_notice").count() == 1


# --- not handled in the system (rows changed behind the actions' back) ------------------


def _decided(users: dict[str, User], item: ApprovalItem) -> Case:
    case = accepted_case(users["window"], item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 2)):
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    return case


def test_cases_not_handled_in_the_system(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    no_acceptance = _decided(users, promise_item)
    CaseEvent.objects.filter(case=no_acceptance, kind="accepted").delete()

    disordered = _decided(users, promise_item)
    CaseEvent.objects.filter(case=disordered, kind="decided").update(on=date(2026, 8, 31))

    unaudited = _decided(users, promise_item)
    CaseEvent.objects.create(case=unaudited, seq=4, kind="delivered", on=date(2026, 9, 3))

    backdated = _decided(users, promise_item)
    entered = datetime(
        2026, 9, 15, 10, 0, tzinfo=SHANGHAI
    )  # decided "on 2 Sep", typed in on 15 Sep
    CaseEvent.objects.filter(case=backdated, kind="decided").update(at=entered)

    fine = _decided(users, promise_item)
    _detect(date(2026, 9, 16))
    found = {
        (a.case_id, a.step): a for a in Anomaly.objects.filter(kind=AnomalyKind.OUTSIDE_SYSTEM)
    }
    assert set(found) == {
        (no_acceptance.pk, "no_acceptance"),
        (disordered.pk, "out_of_order"),
        (unaudited.pk, "unaudited"),
        (backdated.pk, "backdated"),
    }
    assert _kinds_of_events(no_acceptance, found[no_acceptance.pk, "no_acceptance"]) == [
        "received",
        "decided",
    ]
    assert _kinds_of_events(disordered, found[disordered.pk, "out_of_order"]) == [
        "accepted",
        "decided",
    ]
    assert found[unaudited.pk, "unaudited"].evidence["case_events"] == [4]
    late = found[backdated.pk, "backdated"]
    assert _kinds_of_events(backdated, late) == ["decided"]
    assert _facts(late) == {"环节日期": "2026年9月2日", "录入日期": "2026年9月15日"}
    assert not Anomaly.objects.filter(case=fine).exists()
    # A clock moved back (entries "from the future") is not judged.
    assert _detect(date(2026, 9, 14)) == 0


# --- explanation, closing, scope, permissions ---------------------------------------------


@pytest.fixture
def overdue_pair(
    users: dict[str, User], promise_item: ApprovalItem, other_item: ApprovalItem
) -> tuple[Anomaly, Anomaly]:
    """An overdue case of 市工商局 and one of another department, detected."""
    ours = accepted_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 1)):
        theirs, _ = case_actions.submit_application(
            actor=users["admin"], item_code=other_item.code, applicant_name="张掖某公司"
        )
        case_actions.accept_case(actor=users["admin"], case_id=theirs.pk)
    _detect(date(2026, 11, 2))
    return (
        _one(ours, AnomalyKind.OVERDUE_CASE),
        _one(Case.objects.get(pk=theirs.pk), AnomalyKind.OVERDUE_CASE),
    )


def test_a_department_head_sees_only_their_departments_anomalies(
    overdue_pair: tuple[Anomaly, Anomaly], client: Any, login: Any, api: Any
) -> None:
    ours, theirs = overdue_pair
    login("depthead")
    page = client.get("/supervision/anomalies/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-anomaly="{ours.pk}"' in text
    assert f'data-anomaly="{theirs.pk}"' not in text
    assert client.get(f"/supervision/anomalies/{ours.pk}/").status_code == 200
    assert client.get(f"/supervision/anomalies/{theirs.pk}/").status_code == 404
    listed = api("depthead").get("/supervision/anomalies").json()
    assert [a["id"] for a in listed] == [ours.pk]
    login("supervisor")
    text = client.get("/supervision/anomalies/").content.decode()
    assert f'data-anomaly="{ours.pk}"' in text
    assert f'data-anomaly="{theirs.pk}"' in text


def test_the_department_explains_and_the_bureau_closes(
    overdue_pair: tuple[Anomaly, Anomaly], client: Any, login: Any, users: dict[str, User]
) -> None:
    ours, theirs = overdue_pair
    login("supervisor")
    # The bureau cannot close what was not explained, nor explain for the department.
    client.post(f"/supervision/anomalies/{ours.pk}/close/", {"note": "好"})
    ours.refresh_from_db()
    assert ours.status == AnomalyStatus.OPEN
    assert (
        client.post(f"/supervision/anomalies/{ours.pk}/explain/", {"explanation": "x"}).status_code
        == 403
    )
    login("depthead")
    assert (
        client.post(
            f"/supervision/anomalies/{theirs.pk}/explain/", {"explanation": "x"}
        ).status_code
        == 302
    )
    theirs.refresh_from_db()
    assert theirs.status == AnomalyStatus.OPEN  # out of scope: not found, nothing changed
    response = client.post(
        f"/supervision/anomalies/{ours.pk}/explain/", {"explanation": "专家评审材料迟交"}
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == AnomalyStatus.EXPLAINED
    assert ours.explained_by == users["depthead"]
    assert client.post(f"/supervision/anomalies/{ours.pk}/close/", {"note": "x"}).status_code == 403
    login("supervisor")
    assert (
        client.post(f"/supervision/anomalies/{ours.pk}/close/", {"note": "说明属实"}).status_code
        == 302
    )
    ours.refresh_from_db()
    assert ours.status == AnomalyStatus.CLOSED
    assert ours.closing_note == "说明属实"
    assert (
        AuditEvent.objects.filter(
            event_type__in=["supervision.anomaly_explained", "supervision.anomaly_closed"],
            object_id=str(ours.pk),
        ).count()
        == 2
    )
    page = client.get(f"/supervision/anomalies/{ours.pk}/").content.decode()
    assert "专家评审材料迟交" in page
    assert "说明属实" in page


def test_the_api_refuses_closing_before_an_explanation(
    overdue_pair: tuple[Anomaly, Anomaly], api: Any
) -> None:
    ours, _ = overdue_pair
    response = api("supervisor").post(f"/supervision/anomalies/{ours.pk}/close", {"note": ""})
    assert response.status_code == 409
    assert response.json()["code"] == "anomaly_not_explained"
    explained = api("depthead").post(
        f"/supervision/anomalies/{ours.pk}/explain", {"explanation": "已督促办理"}
    )
    assert explained.status_code == 200
    assert explained.json()["status"] == "explained"
    again = api("depthead").post(
        f"/supervision/anomalies/{ours.pk}/explain", {"explanation": "再说"}
    )
    assert again.json()["code"] == "anomaly_not_open"


@pytest.mark.parametrize("username", ["applicant", "window", "agent"])
def test_who_may_not_see_anomalies(
    overdue_pair: tuple[Anomaly, Anomaly], client: Any, login: Any, username: str
) -> None:
    ours, _ = overdue_pair
    login(username)
    assert client.get("/supervision/anomalies/").status_code == 403
    assert client.get(f"/supervision/anomalies/{ours.pk}/").status_code == 403
    assert client.get(f"/supervision/cases/{ours.case_id}/").status_code == 403


def test_the_detail_page_shows_the_evidence(
    overdue_pair: tuple[Anomaly, Anomaly], client: Any, login: Any
) -> None:
    ours, _ = overdue_pair
    login("supervisor")
    text = client.get(f"/supervision/anomalies/{ours.pk}/").content.decode()
    for seq in ours.evidence["case_events"]:
        assert f'data-event-seq="{seq}"' in text
    for seq in ours.evidence["audit_events"]:
        assert f'data-audit-seq="{seq}"' in text
    assert "办结期限" in text
    listing = client.get("/supervision/anomalies/", {"kind": "late_step"}).content.decode()
    assert f'data-anomaly="{ours.pk}"' not in listing
    listing = client.get(
        "/supervision/anomalies/",
        {"kind": "overdue_case", "detected_from": "2026-11-02", "detected_to": "2026-11-02"},
    ).content.decode()
    assert f'data-anomaly="{ours.pk}"' in listing
    listing = client.get("/supervision/anomalies/", {"detected_to": "2026-11-01"}).content.decode()
    assert f'data-anomaly="{ours.pk}"' not in listing
    assert 'data-rule="fee_outside_catalog"' in listing
    assert "暂不适用" not in listing


def test_an_evidence_row_removed_is_shown_missing(
    overdue_pair: tuple[Anomaly, Anomaly], client: Any, login: Any
) -> None:
    ours, _ = overdue_pair
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE case_id = %s AND seq = 2", [ours.case_id])
    login("supervisor")
    text = client.get(f"/supervision/anomalies/{ours.pk}/").content.decode()
    assert "该环节记录已不存在" in text
