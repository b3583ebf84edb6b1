"""Items of the catalogue through the actions: the due day from the
calendar, publication on time and late (the late one an anomaly), the daily
sweep (idempotent), interpretations linked to policy documents, repeal, and
the scope (a unit's item is not found for another unit; an account without
the permission is refused)."""

from __future__ import annotations

from datetime import date

import pytest
from openinfo_support import FORMED, publish, register

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.openinfo import actions
from xiaoneng.openinfo.models import ItemStatus
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 26)


def late_anomalies() -> list[Anomaly]:
    return list(Anomaly.objects.filter(kind="disclosure_late", subject_kind="disclosure_item"))


def test_the_due_day_is_twenty_working_days_across_national_day(users: dict[str, User]) -> None:
    row = register(users["depthead"])
    assert row.due_on == DUE
    assert row.department.code == "620700005"
    assert row.status == ItemStatus.PENDING
    assert row.number.startswith("GK2026")
    event = AuditEvent.objects.get(event_type="openinfo.item_registered")
    assert event.payload["due_on"] == "2026-10-26"


def test_published_on_the_due_day_is_on_time_after_it_late(users: dict[str, User]) -> None:
    head = users["depthead"]
    on_time = publish(head, register(head), DUE)
    assert (on_time.status, on_time.published_on, on_time.late) == ("published", DUE, False)
    assert late_anomalies() == []
    late = publish(head, register(head, title="迟到的信息"), date(2026, 10, 27))
    assert late.late is True
    (anomaly,) = late_anomalies()
    assert anomaly.subject_ref == late.pk
    assert anomaly.department_id == late.department_id
    with travel_to(date(2026, 10, 28)), pytest.raises(InvalidInput) as twice:
        actions.publish_item(actor=head, item_id=late.pk)
    assert twice.value.code == "openinfo_item_published"


def test_the_sweep_raises_each_overdue_item_once(users: dict[str, User]) -> None:
    head = users["depthead"]
    overdue = register(head, title="逾期未公开")
    register(head, title="未到期", formed_on=date(2026, 10, 20))
    with travel_to(DUE):
        assert actions.sweep_late_items() == {"overdue": 0, "raised": 0}
    with travel_to(date(2026, 10, 27)):
        assert actions.sweep_late_items() == {"overdue": 1, "raised": 1}
        assert actions.sweep_late_items() == {"overdue": 1, "raised": 0}
    with travel_to(date(2026, 11, 2)):
        assert actions.sweep_late_items() == {"overdue": 1, "raised": 0}
    (anomaly,) = late_anomalies()
    assert anomaly.subject_ref == overdue.pk
    # published late afterwards: still the one anomaly
    publish(head, overdue, date(2026, 11, 3))
    assert len(late_anomalies()) == 1
    assert AuditEvent.objects.filter(event_type="openinfo.items_swept").count() == 1


def test_an_interpretation_names_a_policy_document_of_its_unit(users: dict[str, User]) -> None:
    head, fagai = users["depthead"], users["fagai"]
    doc = register(
        head,
        category="policy",
        title="张掖市个体工商户登记管理办法",
        document_number="张工商发〔2026〕3号",
    )
    note = register(head, category="interpretation", title="《办法》政策解读", interprets_id=doc.pk)
    assert note.interprets_id == doc.pk
    with pytest.raises(InvalidInput) as other_unit:
        register(fagai, category="interpretation", title="解读", interprets_id=doc.pk)
    assert other_unit.value.code == "openinfo_interpretation_invalid"
    plans = register(head, title="规划")
    with pytest.raises(InvalidInput) as not_policy:
        register(head, category="interpretation", title="解读", interprets_id=plans.pk)
    assert not_policy.value.code == "openinfo_interpretation_invalid"
    with pytest.raises(InvalidInput) as not_interpretation:
        register(head, category="plans", title="规划二", interprets_id=doc.pk)
    assert not_interpretation.value.code == "openinfo_interprets_unexpected"


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"category": "nonsense"}, "openinfo_category_invalid"),
        ({"title": "  "}, "openinfo_title_required"),
        ({"body": ""}, "openinfo_body_required"),
        ({"formed_on": "2026-09-21"}, "openinfo_formed_on_invalid"),
        ({"formed_on": date(2026, 9, 22)}, "openinfo_formed_on_invalid"),  # tomorrow
    ],
)
def test_bad_input_is_refused_with_its_code(users: dict[str, User], over: dict, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(users["depthead"], on=FORMED, **over)
    assert refused.value.code == code


def test_repeal_only_a_published_policy_document(users: dict[str, User]) -> None:
    head = users["depthead"]
    doc = register(head, category="policy", title="办法")
    with travel_to(date(2026, 9, 25)), pytest.raises(InvalidInput):
        actions.repeal_item(actor=head, item_id=doc.pk)  # not yet published
    publish(head, doc, date(2026, 9, 28))
    with travel_to(date(2026, 11, 2)):
        row = actions.repeal_item(actor=head, item_id=doc.pk)
        assert row.repealed_on == date(2026, 11, 2)
        with pytest.raises(InvalidInput) as again:
            actions.repeal_item(actor=head, item_id=doc.pk)
    assert again.value.code == "openinfo_repeal_invalid"


def test_scope_another_unit_does_not_find_it_no_permission_is_refused(
    users: dict[str, User],
) -> None:
    row = register(users["depthead"])
    with travel_to(FORMED), pytest.raises(NotFound) as unseen:
        actions.publish_item(actor=users["fagai"], item_id=row.pk)
    assert unseen.value.code == "openinfo_item_not_found"
    with travel_to(FORMED), pytest.raises(PermissionDenied):
        actions.publish_item(actor=users["supervisor"], item_id=row.pk)
    with pytest.raises(PermissionDenied):
        register(users["fazhi"])
    # the government office (scope all) publishes any unit's item
    done = publish(users["zhengfuban"], row, FORMED)
    assert done.status == ItemStatus.PUBLISHED
    # and registers for a unit it names; a unit cannot name another
    other = register(users["zhengfuban"], department_id=users["fagai"].department_id)
    assert other.department_id == users["fagai"].department_id
    with pytest.raises(InvalidInput) as outside:
        register(users["depthead"], department_id=users["fagai"].department_id)
    assert outside.value.code == "openinfo_department_invalid"


def test_an_interpretation_waits_for_its_document(users: dict[str, User]) -> None:
    head = users["depthead"]
    doc = register(head, category="policy", title="办法")
    note = register(head, category="interpretation", title="《办法》政策解读", interprets_id=doc.pk)
    with travel_to(date(2026, 9, 24)), pytest.raises(InvalidInput) as early:
        actions.publish_item(actor=head, item_id=note.pk)
    assert early.value.code == "openinfo_interpretation_before_document"
    note.refresh_from_db()
    assert note.status == ItemStatus.PENDING
    publish(head, doc, date(2026, 9, 24))
    assert publish(head, note, date(2026, 9, 24)).status == ItemStatus.PUBLISHED


def test_a_change_restarts_the_clock_for_republication(users: dict[str, User]) -> None:
    """Art. 26 形成或者变更: a published item that changes is due again 20
    working days after its change day and waits to be published again; the
    day it was formed stays (the annual report counts by it)."""
    head = users["depthead"]
    row = publish(head, register(head), date(2026, 9, 28))
    with travel_to(date(2026, 11, 5)):
        revised = actions.revise_item(
            actor=head, item_id=row.pk, changed_on=date(2026, 11, 2), body="一、变更后的要点。"
        )
    assert revised.formed_on == FORMED
    assert revised.changed_on == date(2026, 11, 2)
    assert revised.due_on == date(2026, 11, 30)  # 20 working days after Mon 2 Nov
    assert (revised.status, revised.published_on, revised.late) == ("pending", None, False)
    assert revised.body == "一、变更后的要点。"
    assert revised.title == "2026年市场监管工作要点"  # not given: unchanged
    event = AuditEvent.objects.get(event_type="openinfo.item_revised")
    assert event.payload["before"]["published_on"] == "2026-09-28"
    assert event.payload["due_on"] == "2026-11-30"
    again = publish(head, revised, date(2026, 12, 1))
    assert (again.status, again.late) == ("published", True)  # republished a day late


@pytest.mark.parametrize(
    "changed_on", [date(2026, 9, 25), date(2026, 11, 6), "2026-11-02", "²", None]
)
def test_a_change_day_before_publication_or_in_the_future_is_refused(
    users: dict[str, User], changed_on: object
) -> None:
    head = users["depthead"]
    row = publish(head, register(head), date(2026, 9, 28))
    with travel_to(date(2026, 11, 5)), pytest.raises(InvalidInput) as refused:
        actions.revise_item(actor=head, item_id=row.pk, changed_on=changed_on)
    assert refused.value.code == "openinfo_changed_on_invalid"


def test_only_a_published_item_in_scope_is_revised_by_a_publisher(
    users: dict[str, User],
) -> None:
    head = users["depthead"]
    pending = register(head)
    with travel_to(date(2026, 9, 25)), pytest.raises(InvalidInput) as not_yet:
        actions.revise_item(actor=head, item_id=pending.pk, changed_on=date(2026, 9, 25))
    assert not_yet.value.code == "openinfo_revise_invalid"
    doc = publish(head, register(head, category="policy", title="办法"), date(2026, 9, 28))
    with travel_to(date(2026, 10, 9)):
        actions.repeal_item(actor=head, item_id=doc.pk)
        with pytest.raises(InvalidInput) as repealed:
            actions.revise_item(actor=head, item_id=doc.pk, changed_on=date(2026, 10, 9))
        assert repealed.value.code == "openinfo_revise_invalid"
        with pytest.raises(NotFound):
            actions.revise_item(actor=users["fagai"], item_id=pending.pk, changed_on=FORMED)
        with pytest.raises(PermissionDenied):
            actions.revise_item(actor=users["supervisor"], item_id=pending.pk, changed_on=FORMED)
