"""Publishing, suspending, materials, optimistic concurrency, permissions and
the audit trail of the catalog's actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.catalog import actions, fees
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.specs import MaterialSpec
from xiaoneng.core.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., ApprovalItem]


def _events(code: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="item", object_id=code)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


# --- publishing --------------------------------------------------------------------


def test_publish_suspend_resume(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    assert item.status == ItemStatus.DRAFT
    assert item.published_at is None
    item = actions.publish_item(actor=admin, item=item, expected_version=1)
    assert (item.status, item.version) == (ItemStatus.PUBLISHED, 2)
    assert item.published_at is not None
    item = actions.suspend_item(actor=admin, item=item, reason="法规修订，暂停受理")
    assert (item.status, item.status_note, item.version) == (
        ItemStatus.SUSPENDED,
        "法规修订，暂停受理",
        3,
    )
    item = actions.publish_item(actor=admin, item=item.code)
    assert (item.status, item.status_note) == (ItemStatus.PUBLISHED, "")
    assert _events(item.code) == [
        "catalog.item_created",
        "catalog.item_published",
        "catalog.item_suspended",
        "catalog.item_published",
    ]


def test_transitions_not_in_the_table_are_refused(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    with pytest.raises(InvalidInput) as exc:
        actions.suspend_item(actor=admin, item=item, reason="x")  # a draft is not in force
    assert exc.value.code == "item_bad_transition"
    assert exc.value.detail == {"from": "draft", "to": "suspended"}
    actions.publish_item(actor=admin, item=item)
    with pytest.raises(InvalidInput) as exc:
        actions.publish_item(actor=admin, item=item)
    assert exc.value.code == "item_bad_transition"


def test_suspending_needs_a_reason(make_item: MakeItem, admin: User) -> None:
    item = actions.publish_item(actor=admin, item=make_item())
    with pytest.raises(InvalidInput) as exc:
        actions.suspend_item(actor=admin, item=item, reason="  ")
    assert exc.value.code == "item_suspend_reason_required"


def test_publishing_needs_a_required_material(make_item: MakeItem, admin: User) -> None:
    item = make_item(materials=[MaterialSpec(name="补充说明", required=False)])
    with pytest.raises(InvalidInput) as exc:
        actions.publish_item(actor=admin, item=item)
    assert exc.value.code == "item_materials_required"
    # A public service may be asked for orally (decision documented in rules.py).
    service = make_item(item_type="20", materials=[])
    assert actions.publish_item(actor=admin, item=service).status == ItemStatus.PUBLISHED


def test_a_published_item_keeps_its_materials(make_item: MakeItem, admin: User) -> None:
    item = actions.publish_item(actor=admin, item=make_item())
    with pytest.raises(InvalidInput) as exc:
        actions.set_materials(actor=admin, item=item, materials=[])
    assert exc.value.code == "item_materials_required"


def test_publishing_asks_the_fee_catalog(make_item: MakeItem, admin: User) -> None:
    item = make_item(charges_fee=True, fee_basis="某收费文件", fee_codes=["SF-1", "SF-2"])

    def checker(codes: list[str]) -> list[str]:
        return [c for c in codes if c != "SF-1"]

    fees.register(checker)
    try:
        with pytest.raises(InvalidInput) as exc:
            actions.publish_item(actor=admin, item=item)
    finally:
        fees.unregister(checker)
    assert (exc.value.code, exc.value.detail) == ("item_fee_code_unknown", ["SF-2"])


# --- materials ------------------------------------------------------------------------


def test_materials_are_replaced_in_order(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    item = actions.set_materials(
        actor=admin,
        item=item,
        expected_version=1,
        materials=[
            MaterialSpec(name="营业执照副本", issuer="工商行政管理部门", originals=0, copies=1),
            {"name": "申请书", "form": "3"},
            MaterialSpec(name="电子申请表", form="2", originals=0),
        ],
    )
    rows = list(item.materials.all())
    assert [(m.name, m.sort, m.form) for m in rows] == [
        ("营业执照副本", 0, "1"),
        ("申请书", 1, "3"),
        ("电子申请表", 2, "2"),
    ]
    assert item.version == 2
    assert _events(item.code)[-1] == "catalog.materials_set"


@pytest.mark.parametrize(
    ("materials", "code"),
    [
        ([{"name": " "}], "item_material_name_required"),
        ([{"name": "申请书"}, {"name": "申请书"}], "item_material_duplicate"),
        ([{"name": "申请书", "form": "9"}], "item_material_form_invalid"),
        ([{"name": "申请书", "originals": 0}], "item_material_copies_invalid"),
        ([{"name": "申请书", "copies": -1}], "item_material_copies_invalid"),
        ([{"name": "申请书", "colour": "red"}], "item_material_invalid"),
    ],
)
def test_bad_materials_have_stable_codes(
    make_item: MakeItem, admin: User, materials: list[dict[str, Any]], code: str
) -> None:
    item = make_item()
    with pytest.raises(InvalidInput) as exc:
        actions.set_materials(actor=admin, item=item, materials=materials)
    assert exc.value.code == code


# --- optimistic concurrency ------------------------------------------------------------


def test_a_stale_update_is_refused(make_item: MakeItem, admin: User) -> None:
    item = make_item(needs_site_survey=True, committed_limit_days=10)
    # Two editors read version 1; the first one saves.
    actions.update_item(actor=admin, item=item, expected_version=1, committed_limit_days=8)
    with pytest.raises(Conflict) as exc:
        actions.update_item(actor=admin, item=item, expected_version=1, committed_limit_days=12)
    assert exc.value.code == "item_version_conflict"
    assert exc.value.status == 409
    assert exc.value.detail == {"expected": 1, "current": 2}
    item.refresh_from_db()
    assert (item.committed_limit_days, item.version) == (8, 2)


def test_other_actions_check_the_version_when_given(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    actions.update_item(actor=admin, item=item, expected_version=1, name="新名称")
    with pytest.raises(Conflict):
        actions.publish_item(actor=admin, item=item, expected_version=1)
    with pytest.raises(Conflict):
        actions.set_materials(actor=admin, item=item, materials=[], expected_version=1)


def test_an_update_that_changes_nothing_writes_nothing(make_item: MakeItem, admin: User) -> None:
    item = make_item()
    before = AuditEvent.objects.count()
    same = actions.update_item(actor=admin, item=item, expected_version=1, name=item.name)
    assert same.version == 1
    assert AuditEvent.objects.count() == before


def test_the_code_is_unique_and_not_editable(make_item: MakeItem, admin: User) -> None:
    item = make_item(code="Z1")
    with pytest.raises(Conflict) as exc:
        make_item(code="Z1")
    assert exc.value.code == "item_code_taken"
    with pytest.raises(InvalidInput) as bad:
        actions.update_item(actor=admin, item=item, expected_version=1, code="Z2")
    assert bad.value.code == "item_unknown_field"


def test_an_unknown_item_is_not_found(admin: User) -> None:
    with pytest.raises(NotFound) as exc:
        actions.publish_item(actor=admin, item="NO-SUCH")
    assert exc.value.code == "item_not_found"


# --- permissions and scope ---------------------------------------------------------------


@pytest.mark.parametrize("username", ["depthead", "window", "reviewer", "supervisor", "applicant"])
def test_only_catalog_managers_write(
    make_item: MakeItem, users: dict[str, User], username: str
) -> None:
    with pytest.raises(PermissionDenied) as exc:
        make_item(actor=users[username])
    assert exc.value.detail == {"permission": "catalog.manage"}
    item = make_item()
    for call in (
        lambda: actions.publish_item(actor=users[username], item=item),
        lambda: actions.update_item(actor=users[username], item=item, expected_version=1),
        lambda: actions.set_materials(actor=users[username], item=item, materials=[]),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_anonymous_must_sign_in(make_item: MakeItem) -> None:
    with pytest.raises(NotAuthenticated):
        make_item(actor=None)


def test_a_manager_writes_only_within_the_data_scope(
    make_item: MakeItem,
    users: dict[str, User],
    depts: dict[str, Department],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No standard role grants catalog.manage with a narrow scope yet; the head
    # of 市工商局 (本部门及以下) stands in for one.
    monkeypatch.setattr(actions, "require", lambda actor, code: None)
    head = users["depthead"]
    own = make_item(actor=head)
    assert own.department.code == "620700005"
    with pytest.raises(PermissionDenied) as exc:
        make_item(actor=head, department=depts["620700013"])
    assert exc.value.code == "item_out_of_scope"
    assert not ApprovalItem.objects.filter(department=depts["620700013"]).exists()
    with pytest.raises(PermissionDenied):
        actions.update_item(
            actor=head, item=own, expected_version=1, department=depts["620700013"], window=None
        )


# --- audit --------------------------------------------------------------------------------


def test_every_change_is_one_audit_event(
    make_item: MakeItem, admin: User, depts: dict[str, Department]
) -> None:
    item = make_item(code="A1", needs_site_survey=True, committed_limit_days=10)
    created = AuditEvent.objects.get(object_type="item", object_id="A1")
    assert created.event_type == "catalog.item_created"
    assert created.actor == admin
    assert created.payload["legal_basis"] == item.legal_basis
    assert created.payload["materials"] == ["申请书"]
    actions.update_item(
        actor=admin,
        item=item,
        expected_version=1,
        committed_limit_days=7,
        window=depts["620700005W"],
    )
    updated = AuditEvent.objects.filter(object_id="A1").latest("seq")
    assert updated.event_type == "catalog.item_updated"
    assert updated.payload == {
        "version": 2,
        "changed": {
            "committed_limit_days": {"from": 10, "to": 7},
            "window": {"from": None, "to": "620700005W"},
        },
    }
