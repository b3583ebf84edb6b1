"""The reporting calendar's actions: kinds kept by the government office,
dues opened once per kind, unit and period (holidays honoured), submissions
scoped to the unit, lateness at the end of the due day (Beijing time), the
resubmission rule. The demo kinds (政务信息 monthly N=5, 工作月报 monthly
N=3, 统计报表 quarterly N=10) come with `office_world`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import SHANGHAI, travel_to
from xiaoneng.core.workdays import deadline_end
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import reports as actions
from xiaoneng.office.models.reports import ReportDue, ReportKind
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

OPEN_DAY = date(2026, 10, 9)  # a Friday between 国庆 and the September dues
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
GONGSHANG = "620700005"
FAGAI = "620700002"


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def due(kind: str, unit: str, start: date) -> ReportDue:
    return ReportDue.objects.get(kind__code=kind, unit__code=unit, period_start=start)


def opened(day: date = OPEN_DAY) -> list[ReportDue]:
    with travel_to(day):
        return actions.open_dues(actor=None, today=day)


def kind_args(**over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "code": "anquan_shengchan",
        "name": "安全生产情况",
        "cadence": "monthly",
        "due_workdays": 2,
        "unit_ids": [dept(GONGSHANG).pk, dept("620722").pk],
        "requirement": "每月报送",
    }
    args.update(over)
    return args


# --- dues --------------------------------------------------------------------------------


def test_dues_open_once_per_kind_unit_and_period(office_world: dict[str, User]) -> None:
    first = opened()
    units = ReportKind.objects.get(code="zhengwu_xinxi").units.count()
    assert units >= 20  # every municipal department but 市政府办, and the six counties
    # three kinds × (the period just ended + the current one) × units
    assert len(first) == 3 * 2 * units == ReportDue.objects.count()
    assert opened() == []  # idempotent
    assert opened(OPEN_DAY + timedelta(days=1)) == []
    assert ReportDue.objects.count() == len(first)
    september = due("zhengwu_xinxi", GONGSHANG, date(2026, 9, 1))
    assert (september.period_end, september.period_label) == (date(2026, 9, 30), "2026年9月")
    assert september.due_on == date(2026, 10, 13)  # 国庆 honoured (see the clock's test)
    assert due("gongzuo_yuebao", GONGSHANG, date(2026, 9, 1)).due_on == date(2026, 10, 10)
    assert due("tongji_baobiao", "620722", date(2026, 7, 1)).due_on == date(2026, 10, 20)
    assert due("tongji_baobiao", "620722", date(2026, 10, 1)).period_label == "2026年第4季度"
    assert not ReportDue.objects.filter(unit__code="620700001").exists()  # the receiver


def test_the_units_office_is_told_once_per_run(office_world: dict[str, User]) -> None:
    opened()
    office, head = office_world["office"], office_world["depthead"]
    for user in (office, head):
        told = Notification.objects.filter(recipient=user, kind=actions.NOTICE_OPENED)
        assert told.count() == 1
        assert "等 6 项" in told.get().title
    assert Notification.objects.filter(
        recipient=office_world["minle"], kind=actions.NOTICE_OPENED
    ).exists()
    opened()
    assert Notification.objects.filter(recipient=office, kind=actions.NOTICE_OPENED).count() == 1


def test_a_due_already_past_is_never_opened(office_world: dict[str, User]) -> None:
    """On 10月14日 September's 政务信息 (13日) and 工作月报 (10日) are past:
    only the statistics of the third quarter (20日) and the current periods open."""
    opened(date(2026, 10, 14))
    kinds = set(
        ReportDue.objects.filter(period_start__lt=date(2026, 10, 1)).values_list(
            "kind__code", flat=True
        )
    )
    assert kinds == {"tongji_baobiao"}


def test_only_the_government_office_opens_dues_from_the_desk(
    office_world: dict[str, User],
) -> None:
    with travel_to(OPEN_DAY), pytest.raises(PermissionDenied):
        actions.open_dues(actor=office_world["office"], today=OPEN_DAY)
    with travel_to(OPEN_DAY):
        assert actions.open_dues(actor=office_world["zhengfuban"], today=OPEN_DAY)
    assert AuditEvent.objects.filter(event_type="office.report_dues_opened").count() == 1


def test_a_stopped_kind_opens_no_more_dues(office_world: dict[str, User]) -> None:
    kind = ReportKind.objects.get(code="gongzuo_yuebao")
    actions.set_kind_active(actor=office_world["zhengfuban"], kind_id=kind.pk, active=False)
    opened()
    assert not ReportDue.objects.filter(kind=kind).exists()
    with pytest.raises(Conflict) as exc:
        actions.set_kind_active(actor=office_world["zhengfuban"], kind_id=kind.pk, active=False)
    assert exc.value.code == "office_report_kind_unchanged"


# --- submit ------------------------------------------------------------------------------


def submit(user: User, row: ReportDue, day: date, **over: Any) -> ReportDue:
    fields: dict[str, Any] = {"title": "九月政务信息", "content": "市工商局九月工作动态。"}
    fields.update(over)
    with travel_to(day):
        return actions.submit_report(actor=user, due_id=row.pk, **fields)


def test_the_unit_submits_its_own_due_only(office_world: dict[str, User]) -> None:
    opened()
    mine = due("zhengwu_xinxi", GONGSHANG, date(2026, 9, 1))
    theirs = due("zhengwu_xinxi", FAGAI, date(2026, 9, 1))
    with pytest.raises(NotFound) as exc:
        submit(office_world["office"], theirs, OPEN_DAY)
    assert exc.value.code == "office_report_due_not_found"
    with pytest.raises(PermissionDenied):
        submit(office_world["zhengfuban"], mine, OPEN_DAY)  # receives, does not submit
    with pytest.raises(PermissionDenied):
        submit(office_world["supervisor"], mine, OPEN_DAY)
    done = submit(office_world["office"], mine, OPEN_DAY)
    assert (done.submitted_by, done.late, done.version) == (office_world["office"], False, 1)
    assert submit(office_world["fagai"], theirs, OPEN_DAY).late is False
    assert AuditEvent.objects.filter(event_type="office.report_submitted").count() == 2


def test_late_is_after_the_end_of_the_due_day_in_beijing() -> None:
    day = date(2026, 10, 13)
    end = deadline_end(day)
    assert end == datetime(2026, 10, 14, tzinfo=SHANGHAI)
    assert not actions.is_late(end - timedelta(microseconds=1), day)
    assert actions.is_late(end, day)
    # 23:59:59 in Beijing is on time; 16:00 UTC is already the next day there
    assert not actions.is_late(datetime(2026, 10, 13, 23, 59, 59, tzinfo=SHANGHAI), day)
    assert not actions.is_late(datetime(2026, 10, 13, 15, 59, tzinfo=UTC), day)
    assert actions.is_late(datetime(2026, 10, 13, 16, 0, tzinfo=UTC), day)


def test_lateness_at_the_day_boundary(office_world: dict[str, User]) -> None:
    opened()
    on_time = due("zhengwu_xinxi", GONGSHANG, date(2026, 9, 1))
    late = due("gongzuo_yuebao", GONGSHANG, date(2026, 9, 1))
    assert submit(office_world["office"], on_time, on_time.due_on).late is False
    row = submit(office_world["office"], late, late.due_on + timedelta(days=1))
    assert row.late is True
    from xiaoneng.supervision.models import Anomaly

    finding = Anomaly.objects.get(kind="report_late", subject_ref=late.pk)
    assert finding.department_id == dept(GONGSHANG).pk
    assert "10月10日" in finding.evidence["说明"]


def test_resubmission_replaces_before_the_due_day_and_is_refused_after(
    office_world: dict[str, User],
) -> None:
    opened()
    row = due("zhengwu_xinxi", GONGSHANG, date(2026, 9, 1))
    submit(office_world["office"], row, OPEN_DAY)
    again = submit(
        office_world["depthead"], row, row.due_on, title="九月政务信息（修订）", content="修订稿"
    )
    assert (again.version, again.title, again.content, again.late) == (
        2,
        "九月政务信息（修订）",
        "修订稿",
        False,
    )
    assert AuditEvent.objects.filter(event_type="office.report_resubmitted").count() == 1
    with pytest.raises(Conflict) as exc:
        submit(office_world["office"], row, row.due_on + timedelta(days=1), content="迟到的修改")
    assert exc.value.code == "office_report_closed"
    row.refresh_from_db()
    assert (row.version, row.content) == (2, "修订稿")


def test_files_are_stored_with_the_submission(office_world: dict[str, User]) -> None:
    opened()
    row = due("tongji_baobiao", GONGSHANG, date(2026, 7, 1))
    upload = SimpleUploadedFile("三季度报表.pdf", PDF, content_type="application/pdf")
    done = submit(office_world["office"], row, OPEN_DAY, content="", files=[upload])
    stored = list(done.files.all())
    assert [f.filename for f in stored] == ["三季度报表.pdf"]
    assert stored[0].content_type == "application/pdf"
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(InvalidInput) as exc:
        submit(office_world["office"], row, OPEN_DAY, files=[bad])
    assert exc.value.code == "upload_type_not_allowed"


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"title": "  "}, "office_report_title_required"),
        ({"title": "x" * 201}, "office_report_title_required"),
        ({"content": ""}, "office_report_content_required"),
        ({"content": 5}, "office_report_content_invalid"),
    ],
)
def test_bad_submissions_are_refused_with_codes(
    office_world: dict[str, User], over: dict[str, Any], code: str
) -> None:
    opened()
    row = due("zhengwu_xinxi", GONGSHANG, date(2026, 9, 1))
    with pytest.raises(InvalidInput) as exc:
        submit(office_world["office"], row, OPEN_DAY, **over)
    assert exc.value.code == code
    row.refresh_from_db()
    assert row.submitted_at is None


def test_the_current_period_is_submittable_but_not_before_it_starts(
    office_world: dict[str, User],
) -> None:
    opened()
    october = due("zhengwu_xinxi", GONGSHANG, date(2026, 10, 1))
    with pytest.raises(Conflict) as exc:
        submit(office_world["office"], october, date(2026, 9, 30))
    assert exc.value.code == "office_report_not_open"
    assert submit(office_world["office"], october, OPEN_DAY).submitted_at is not None


# --- kinds -------------------------------------------------------------------------------


def test_the_government_office_sets_up_and_edits_a_kind(office_world: dict[str, User]) -> None:
    gov = office_world["zhengfuban"]
    kind = actions.create_kind(actor=gov, **kind_args())
    assert kind.receiver.code == "620700001"  # 市政府办 by default
    assert set(kind.units.values_list("code", flat=True)) == {GONGSHANG, "620722"}
    with pytest.raises(PermissionDenied):
        actions.create_kind(actor=office_world["office"], **kind_args(code="other"))
    with pytest.raises(Conflict) as exc:
        actions.create_kind(actor=gov, **kind_args())
    assert exc.value.code == "office_report_code_taken"
    edit = kind_args(name="安全生产月报", due_workdays=4, unit_ids=[dept(FAGAI).pk])
    edit.pop("code")
    changed = actions.update_kind(actor=gov, kind_id=kind.pk, **edit)
    assert (changed.name, changed.due_workdays) == ("安全生产月报", 4)
    assert list(changed.units.values_list("code", flat=True)) == [FAGAI]
    opened()
    edit["cadence"] = "quarterly"
    with pytest.raises(Conflict) as exc:
        actions.update_kind(actor=gov, kind_id=kind.pk, **edit)
    assert exc.value.code == "office_report_kind_in_use"
    with pytest.raises(NotFound) as missing:
        actions.update_kind(actor=gov, kind_id=999999, **edit)
    assert missing.value.code == "office_report_kind_not_found"


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"code": "Bad Code"}, "office_report_code_invalid"),
        ({"code": ""}, "office_report_code_invalid"),
        ({"name": ""}, "office_report_name_required"),
        ({"cadence": "daily"}, "office_report_cadence_invalid"),
        ({"due_workdays": 0}, "office_report_workdays_invalid"),
        ({"due_workdays": "abc"}, "office_report_workdays_invalid"),
        ({"due_workdays": 61}, "office_report_workdays_invalid"),
        ({"unit_ids": []}, "office_report_units_invalid"),
        ({"unit_ids": [999999]}, "office_report_units_invalid"),
        ({"unit_ids": "1,2"}, "office_report_units_invalid"),
        ({"receiver_id": 999999}, "office_report_receiver_invalid"),
    ],
)
def test_bad_kinds_are_refused_with_codes(
    office_world: dict[str, User], over: dict[str, Any], code: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.create_kind(actor=office_world["zhengfuban"], **kind_args(**over))
    assert exc.value.code == code
    assert not ReportKind.objects.filter(code="anquan_shengchan").exists()
