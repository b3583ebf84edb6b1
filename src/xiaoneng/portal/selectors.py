"""Public reads of the portal. What they return is public by law (seed art. 7:
政策依据、审批程序、审批时限、审批结果及承办部门、承办人员), so they take no
actor; the decided cases are `cases.results` (proactive disclosure reads them
too), where an applicant's name leaves only through `masking.mask_name`."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from xiaoneng.cases import hotpath
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.text import query_digest
from xiaoneng.fees.models import Charge
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.org.selectors import public_departments


def tracked_case(tracking_no: str, query_code: str) -> Case | None:
    """办件查询: the case a tracking number and its query code name, or None
    for a wrong pair — in one statement that also reads what the page shows
    of its item and department (their names: `case.item`, `case.department`
    hold only those) and the stamp of its charges (`charge_count`,
    `charge_refunded`: a charge or refund does not touch the case's row). An
    unknown number and a wrong code cost the same: one SM3 digest, one
    look-up on the unique tracking number.

    The statement is written once per process (`_case_sql`): the ORM would
    build it again on every look-up, at several times the cost of running it."""
    params = [tracking_no.strip(), query_digest(query_code)]
    with connection.cursor() as cursor:
        cursor.execute(_case_sql(connection.vendor), params)
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(Case._meta.concrete_fields)
    case = hotpath.model_from_row(Case, None, row[:width], connection)
    item_name, dept_name, dept_short, count, refunded = row[width:]
    case.item = ApprovalItem.from_db(case._state.db, ["id", "name"], [case.item_id, item_name])
    case.department = Department.from_db(
        case._state.db, ["id", "name", "short_name"], [case.department_id, dept_name, dept_short]
    )
    case.charge_count, case.charge_refunded = count, str(refunded or 0)  # type: ignore[attr-defined]
    return case


def tracked_events(case: Case) -> list[CaseEvent]:
    """The case's steps in order, in one statement (written once, as
    `tracked_case`'s), kept as `case.events.all()` — the prefetch cache, as
    `prefetch_related` fills it — so that what reads them again (the issued
    documents) asks no more."""
    events = hotpath.events(case)
    kept = case.events.all()
    kept._result_cache = events  # what prefetch_related_objects stores
    kept._prefetch_done = True  # type: ignore[attr-defined]
    case._prefetched_objects_cache = {"events": kept}  # type: ignore[attr-defined]
    return events


@cache
def _case_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    case, item, dept, charge = (
        q(m._meta.db_table) for m in (Case, ApprovalItem, Department, Charge)
    )
    refunded = q(str(Charge._meta.get_field("refunded").column))
    of_case = f"FROM {charge} ch WHERE ch.{q('case_id')} = c.{q('id')}"
    return (
        f"SELECT {hotpath.select_list(Case, 'c', None)}, i.{q('name')} AS xn_item, "  # noqa: S608 - our own names
        f"d.{q('name')} AS xn_dept, d.{q('short_name')} AS xn_dept_short, "
        f"(SELECT COUNT(*) {of_case}) AS charge_count, "
        f"(SELECT SUM(ch.{refunded}) {of_case}) AS charge_refunded "
        f"FROM {case} c JOIN {item} i ON i.{q('id')} = c.{q('item_id')} "
        f"JOIN {dept} d ON d.{q('id')} = c.{q('department_id')} "
        f"WHERE c.{q('tracking_no')} = %s AND c.{q('query_digest')} = %s"
    )


def complaint_centre() -> Department | None:
    """The 效能投诉中心 (seed art. 12, 16), if the organisation has one."""
    return (
        public_departments()
        .filter(kind=DepartmentKind.DEPARTMENT, name__contains="效能投诉")
        .order_by("sort", "code")
        .first()
    )


def departments_with_items() -> QuerySet[Department]:
    from xiaoneng.catalog.models import ItemStatus

    return (
        public_departments()
        .filter(items__status=ItemStatus.PUBLISHED)
        .distinct()
        .order_by("sort", "code")
    )


def case_of_applicant(case_id: int) -> Case:
    """The case whose documents the applicant reads, with its events — only
    after `portal.tracked.may_read` proved the visitor holds its query code
    or owns it (that proof is the scope of this read). A case gone since is
    Http404."""
    case = (
        Case.objects.select_related("item", "department")
        .prefetch_related("events")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("办件不存在")
    return case
