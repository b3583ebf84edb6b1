"""The complaint actions: each step's permission (seeing is not acting),
the clock refusing impossible steps, the extension approved by the head,
merging duplicates with a record on both rows, the complainant's rating and
re-examination, intake checks that store nothing on bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.audit.models import AuditEvent
from xiaoneng.complaints import actions
from xiaoneng.complaints.models import Complaint, ComplaintAttachment, ComplaintEvent, Status
from xiaoneng.core.clock.stages import StageError
from xiaoneng.core.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

Filer = Callable[..., tuple[Complaint, str]]
CONCLUSION: dict[str, Any] = {
    "outcome": "substantiated",
    "findings": "经调取窗口录像，情况属实。",
    "handling_opinion": "对窗口工作人员诫勉谈话，在全局通报批评。",
    "reply_text": "您反映的问题经查属实，已作处理。",
}


def _accepted(
    file_complaint: Filer, users: dict[str, User], on: date = date(2026, 9, 14)
) -> Complaint:
    row, _ = file_complaint(on=on)
    with travel_to(on):
        return actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)


def test_each_step_needs_its_own_permission(
    file_complaint: Filer, users: dict[str, User], other_head: User
) -> None:
    row, _ = file_complaint()
    head, centre = users["depthead"], users["complaint"]
    with travel_to(date(2026, 9, 14)):
        # The accused department's head may explain, nothing else.
        for step in (
            lambda: actions.accept_complaint(actor=head, complaint_id=row.pk),
            lambda: actions.decline_complaint(actor=head, complaint_id=row.pk, reason="x"),
            lambda: actions.conclude_complaint(actor=head, complaint_id=row.pk, **CONCLUSION),
        ):
            with pytest.raises(PermissionDenied):
                step()
        with pytest.raises(NotAuthenticated):
            actions.accept_complaint(actor=None, complaint_id=row.pk)  # type: ignore[arg-type]
        actions.accept_complaint(actor=centre, complaint_id=row.pk)
        actions.request_explanation(actor=centre, complaint_id=row.pk, questions="请说明")
        # The centre's staff cannot explain for the department.
        with pytest.raises(PermissionDenied):
            actions.submit_explanation(actor=centre, complaint_id=row.pk, text="代为说明")
        # Another department's head: not found, as if it did not exist.
        with pytest.raises(NotFound) as hidden:
            actions.submit_explanation(actor=other_head, complaint_id=row.pk, text="不是我们")
        assert hidden.value.code == "complaint_not_found"
        # Staff may ask for an extension; only the head approves it.
        actions.request_extension(actor=centre, complaint_id=row.pk, days=10, reason="需现场核查")
        with pytest.raises(PermissionDenied):
            actions.approve_extension(actor=centre, complaint_id=row.pk)
        approved = actions.approve_extension(actor=users["complainthead"], complaint_id=row.pk)
    assert approved.extension_days == 10
    assert approved.conclude_due_on is not None
    assert approved.accepted_on is not None
    assert Complaint.objects.get(pk=row.pk).explained_on is None


def test_the_clock_refuses_impossible_steps(file_complaint: Filer, users: dict[str, User]) -> None:
    row, _ = file_complaint()
    centre = users["complaint"]
    with travel_to(date(2026, 9, 15)):
        with pytest.raises(Conflict) as early:
            actions.conclude_complaint(actor=centre, complaint_id=row.pk, **CONCLUSION)
        assert early.value.code == "complaint_wrong_status"
        actions.accept_complaint(actor=centre, complaint_id=row.pk)
        with pytest.raises(StageError) as twice:
            actions.accept_complaint(actor=centre, complaint_id=row.pk)
        assert twice.value.code == "not_allowed"
        with pytest.raises(InvalidInput) as too_long:
            actions.request_extension(actor=centre, complaint_id=row.pk, days=16, reason="x")
        assert too_long.value.code == "complaint_extension_days_invalid"
        actions.request_extension(actor=centre, complaint_id=row.pk, days=15, reason="复杂")
        with pytest.raises(Conflict) as pending:
            actions.request_extension(actor=centre, complaint_id=row.pk, days=5, reason="再延")
        assert pending.value.code == "complaint_extension_pending"
        actions.approve_extension(actor=users["complainthead"], complaint_id=row.pk)
        with pytest.raises(Conflict) as once:
            actions.request_extension(actor=centre, complaint_id=row.pk, days=5, reason="再延")
        assert once.value.code == "complaint_extension_granted"
        actions.conclude_complaint(actor=centre, complaint_id=row.pk, **CONCLUSION)
        with pytest.raises(Conflict) as closed:
            actions.decline_complaint(actor=centre, complaint_id=row.pk, reason="晚了")
        assert closed.value.code == "complaint_closed"
    kinds = list(ComplaintEvent.objects.filter(complaint=row).values_list("kind", flat=True))
    assert kinds == ["received", "accepted", "extension_requested", "extended", "concluded"]


def test_a_late_acceptance_is_flagged(file_complaint: Filer, users: dict[str, User]) -> None:
    row, _ = file_complaint(on=date(2026, 9, 28))
    assert row.accept_due_on == date(2026, 10, 10)
    with travel_to(date(2026, 10, 12)):
        late = actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
    assert late.late is True
    assert late.late_steps == "main:accepting"


def test_decline_and_transfer_close_with_their_record(
    file_complaint: Filer, users: dict[str, User]
) -> None:
    first, _ = file_complaint()
    second, _ = file_complaint()
    centre = users["complaint"]
    with travel_to(date(2026, 9, 15)):
        with pytest.raises(InvalidInput) as no_reason:
            actions.decline_complaint(actor=centre, complaint_id=first.pk, reason="  ")
        assert no_reason.value.code == "complaint_reason_required"
        declined = actions.decline_complaint(
            actor=centre, complaint_id=first.pk, reason="不属于效能投诉受理范围"
        )
        moved = actions.transfer_complaint(
            actor=centre, complaint_id=second.pk, to_body="市纪委监委", reason="涉及违纪问题"
        )
    assert (declined.status, declined.is_open, declined.closed_on) == (
        Status.DECLINED,
        False,
        date(2026, 9, 15),
    )
    assert moved.status == Status.TRANSFERRED
    assert moved.transferred_to == "市纪委监委"
    event = AuditEvent.objects.get(event_type="complaint.transferred", object_id=moved.number)
    assert event.payload["to_body"] == "市纪委监委"


def test_duplicates_are_merged_with_a_record_on_both(
    file_complaint: Filer, users: dict[str, User], bureau: Department
) -> None:
    kept = _accepted(file_complaint, users)
    duplicate, _ = file_complaint()
    stranger, _ = file_complaint(complainant_phone="13800000001", complainant_name="别人")
    centre = users["complaint"]
    with travel_to(date(2026, 9, 15)):
        with pytest.raises(Conflict) as not_same:
            actions.merge_complaint(
                actor=centre, complaint_id=stranger.pk, into_id=kept.pk, reason="同一事项"
            )
        assert not_same.value.code == "complaint_not_duplicate"
        with pytest.raises(InvalidInput):
            actions.merge_complaint(actor=centre, complaint_id=kept.pk, into_id=kept.pk, reason="x")
        merged = actions.merge_complaint(
            actor=centre, complaint_id=duplicate.pk, into_id=kept.pk, reason="同一投诉人重复投诉"
        )
    assert merged.status == Status.MERGED
    assert merged.merged_into_id == kept.pk
    assert not merged.is_open
    survivor = ComplaintEvent.objects.get(complaint=kept, kind="merged_in")
    assert survivor.payload == {"from": duplicate.number}
    assert list(kept.merged_complaints.all()) == [merged]
    assert Complaint.objects.get(pk=kept.pk).status == Status.HANDLING


def test_callback_rating_and_one_reexamination(
    file_complaint: Filer, users: dict[str, User]
) -> None:
    row, code = file_complaint()
    centre = users["complaint"]
    with travel_to(date(2026, 9, 14)):
        actions.accept_complaint(actor=centre, complaint_id=row.pk)
        concluded = actions.conclude_complaint(actor=centre, complaint_id=row.pk, **CONCLUSION)
    assert concluded.replied_on == date(2026, 9, 14)
    with travel_to(date(2026, 9, 15)):
        with pytest.raises(InvalidInput):
            actions.record_callback(actor=centre, complaint_id=row.pk, satisfaction=7, note="x")
        called = actions.record_callback(
            actor=centre, complaint_id=row.pk, satisfaction=2, note="电话回访，投诉人表示满意"
        )
        assert (called.satisfaction, called.satisfaction_source) == (2, "callback")
        with pytest.raises(NotFound):
            actions.rate_by_complainant(number=row.number, query_code="WRONGCODE1", satisfaction=1)
        rated = actions.rate_by_complainant(number=row.number, query_code=code, satisfaction=4)
        assert (rated.satisfaction, rated.satisfaction_source) == (4, "complainant")
        with pytest.raises(Conflict):
            actions.rate_by_complainant(number=row.number, query_code=code, satisfaction=1)
        again = actions.request_reexamination(number=row.number, query_code=code, reason="处理太轻")
    assert again.status == Status.REEXAMINING
    assert again.is_open
    # 16, 17, 18, (Sun 20 make-up), 21 … : 15 working days from 15 Sep.
    assert again.reexamination_due_on == date(2026, 10, 12)
    with travel_to(date(2026, 9, 16)):
        done = actions.conclude_reexamination(
            actor=centre,
            complaint_id=row.pk,
            outcome="partly",
            findings="复查：部分属实",
            reply_text="复查维持处理意见",
        )
        assert done.status == Status.REEXAMINED
        assert done.effective_outcome == "partly"
        with pytest.raises(Conflict) as used:
            actions.request_reexamination(number=row.number, query_code=code, reason="再次")
        assert used.value.code == "complaint_reexamination_used"


def test_reexamination_only_within_its_window(
    file_complaint: Filer, users: dict[str, User]
) -> None:
    row, code = file_complaint()
    with travel_to(date(2026, 9, 14)):
        actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
        actions.conclude_complaint(actor=users["complaint"], complaint_id=row.pk, **CONCLUSION)
    with travel_to(date(2026, 10, 30)), pytest.raises(Conflict) as late:
        actions.request_reexamination(number=row.number, query_code=code, reason="太晚")
    assert late.value.code == "complaint_reexamination_too_late"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"category": "unknown"}, "complaint_category_invalid"),
        ({"department_id": "x"}, "complaint_department_invalid"),
        ({"title": ""}, "complaint_title_required"),
        ({"description": "长" * 4001}, "complaint_text_too_long"),
        ({"complainant_name": ""}, "complaint_name_required"),
        ({"complainant_phone": "", "complainant_address": ""}, "complaint_contact_required"),
        ({"complainant_id_no": "身份证"}, "complaint_id_no_invalid"),
        ({"case_number": "NOPE"}, "complaint_case_unknown"),
        ({"lat": "abc", "long": "1"}, "complaint_location_invalid"),
        ({"channel": "fax"}, "complaint_channel_invalid"),
        (
            {"attachments": [SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")]},
            "upload_type_not_allowed",
        ),
    ],
)
def test_bad_input_stores_nothing(
    file_complaint: Filer, changes: dict[str, Any], code: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        file_complaint(**changes)
    assert refused.value.code == code
    assert Complaint.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_attachments_pass_the_house_checks(file_complaint: Filer) -> None:
    pdf = SimpleUploadedFile("证据.pdf", b"%PDF-1.4\n1 0 obj\n")
    row, _ = file_complaint(attachments=[pdf])
    stored = ComplaintAttachment.objects.get(complaint=row)
    assert (stored.filename, stored.content_type) == ("证据.pdf", "application/pdf")


def test_attachments_are_for_the_centre_only(
    file_complaint: Filer, client: Any, login: Any
) -> None:
    row, _ = file_complaint(attachments=[SimpleUploadedFile("证据.pdf", b"%PDF-1.4\n1 0 obj\n")])
    stored = ComplaintAttachment.objects.get(complaint=row)
    url = f"/complaints/desk/{row.pk}/attachments/{stored.pk}/"
    login("depthead")
    assert client.get(url).status_code == 403
    client.logout()
    login("complaint")
    assert url in client.get(f"/complaints/desk/{row.pk}/").content.decode()
    got = client.get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF-1.4")
    assert client.get(f"/complaints/desk/{row.pk}/attachments/{stored.pk + 99}/").status_code == 404


def test_anonymous_complaints_keep_no_name(file_complaint: Filer, users: dict[str, User]) -> None:
    with travel_to(date(2026, 9, 14)):
        row, code = actions.submit_complaint(
            actor=None,
            channel="hotline",  # the public form is always online
            category="delay",
            department_id=Department.objects.get(code="620700005").pk,
            title="拖拉",
            description="一个月没有答复",
            anonymous=True,
            complainant_name="不要存我",
        )
    assert row.channel == "online"
    assert row.complainant_name == ""
    assert len(code) == 10
    assert row.number == f"TS20260914{row.pk:06d}"


def test_api_keys_are_issued_and_revoked_by_the_head(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        actions.issue_api_key(actor=users["complaint"], name="12345 热线")
    system, plain = actions.issue_api_key(actor=users["complainthead"], name="12345 热线")
    assert actions.system_for_key(plain) == system
    assert actions.system_for_key(plain + "x") is None
    assert plain not in system.key_digest
    actions.revoke_api_key(actor=users["complainthead"], system_id=system.pk)
    assert actions.system_for_key(plain) is None
    with pytest.raises(Conflict):
        actions.revoke_api_key(actor=users["complainthead"], system_id=system.pk)


def test_no_explanation_once_the_complaint_is_closed(
    file_complaint: Filer, users: dict[str, User], api: Any
) -> None:
    row, _ = file_complaint()
    centre = users["complaint"]
    with travel_to(date(2026, 9, 14)):
        actions.accept_complaint(actor=centre, complaint_id=row.pk)
        actions.request_explanation(actor=centre, complaint_id=row.pk, questions="请说明")
        with pytest.raises(Conflict) as pending:
            actions.request_explanation(actor=centre, complaint_id=row.pk, questions="再说明")
        assert pending.value.code == "complaint_explanation_pending"
        actions.conclude_complaint(actor=centre, complaint_id=row.pk, **CONCLUSION)
        with pytest.raises(Conflict) as closed:
            actions.submit_explanation(actor=users["depthead"], complaint_id=row.pk, text="迟到")
        assert closed.value.code == "complaint_closed"
    with travel_to(date(2026, 10, 30)):
        shown = api("depthead").get(f"/complaints/{row.pk}").json()
    assert shown["light"] == "none"  # nothing runs for the department any more
    assert shown["explained_on"] is None
