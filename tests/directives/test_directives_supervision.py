"""Round trips through supervision: the urging of a task is answered by the
unit on the orders desk and closed by the 督查室 (directive.manage, not
supervision.manage); request attachments are read by the units concerned
only; the scheduler's task runs the sweep."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from directives_support import PDF_BYTES
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions
from xiaoneng.directives.selectors import file_for
from xiaoneng.directives.tasks import directive_cards_sweep
from xiaoneng.supervision.actions import orders
from xiaoneng.supervision.models import SubjectCard, SupervisionOrder

DAY = date(2026, 3, 4)


def test_an_urging_is_answered_by_the_unit_and_closed_by_the_inspectors(world: World) -> None:
    with travel_to(DAY):
        actions.urge_task(
            actor=world.users["inspector"],
            task_id=world.gongshang_task.pk,
            message="请于3月10日前报送进展",
            due_on="2026-03-10",
        )
        order = SupervisionOrder.objects.get(subject_kind="directive_task")
        assert order.due_on == date(2026, 3, 10)
        orders.reply_order(actor=world.users["depthead"], order_id=order.pk, reply="已加快推进")
        with pytest.raises(PermissionDenied):  # the 监察局 did not issue it
            orders.close_order(actor=world.users["supervisor"], order_id=order.pk)
        orders.close_order(actor=world.users["inspector"], order_id=order.pk, note="好")
    assert SupervisionOrder.objects.get(pk=order.pk).status == "closed"


def test_no_urging_of_a_task_already_reported(world: World) -> None:
    with travel_to(DAY):
        actions.submit_report(
            actor=world.users["depthead"],
            task_id=world.gongshang_task.pk,
            report="完成",
            is_final=True,
        )
        with pytest.raises(Conflict) as caught:
            actions.urge_task(
                actor=world.users["inspector"], task_id=world.gongshang_task.pk, message="快"
            )
    assert caught.value.code == "directive_task_not_running"


def test_request_files_are_read_by_the_units_concerned_only(world: World) -> None:
    with travel_to(DAY):
        row = actions.submit_request(
            actor=world.users["minle"],
            to_department_id=world.gongshang.pk,
            kind="general",
            title="关于附件的请示",
            content="见附件",
            files=[SimpleUploadedFile("方案.pdf", PDF_BYTES)],
        )
        with pytest.raises(InvalidInput) as caught:
            actions.answer_request(
                actor=world.users["depthead"],
                request_id=row.pk,
                answer="见附件",
                files=[SimpleUploadedFile("a.pdf", b"")],
            )
        assert caught.value.code == "upload_empty"
    stored = row.files.get()
    assert stored.filename == "方案.pdf"
    for name in ("minle", "depthead", "inspector"):
        assert file_for(world.users[name], "request", stored.pk) == stored
    with pytest.raises(NotFound) as hidden:
        file_for(world.users["fagai"], "request", stored.pk)
    assert hidden.value.code == "directive_file_not_found"


def test_the_scheduled_sweep_cards_overdue_tasks(world: World, settings: Any) -> None:
    with travel_to(date(2026, 3, 16)):
        result = directive_cards_sweep.call()
    assert result["directive_task"]["yellow"] == 2
    assert SubjectCard.objects.filter(subject_kind="directive_task", colour="yellow").count() == 2
