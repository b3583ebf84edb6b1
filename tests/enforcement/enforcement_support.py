"""Shared values of the enforcement tests (importable under a name no other
directory uses). The demo city's accounts: zhifa and zhifa2 (certified
officers of 市工商局), depthead (its head), fazhi (legal office),
caizheng (finance), supervisor (监察局). `world()` lays down the body's
enforcement list, one item's benchmarks and the two certificates as rows:
they are the setting of these tests, not what they test (the authority
tests create them through the actions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xiaoneng.enforcement.models import Benchmark, Certificate, Grade, Item
from xiaoneng.org.models import Department, User

BODY = "620700005"  # 市工商局
CERT_FROM = date(2024, 1, 1)
CERT_UNTIL = date(2028, 12, 31)

BENCHMARKS = {
    Grade.MITIGATED: ("违法经营额较小，主动消除危害后果", "0", "5000"),
    Grade.LIGHTER: ("首次被查处，积极配合调查", "5000", "20000"),
    Grade.GENERAL: ("无从轻从重情节", "20000", "50000"),
    Grade.HEAVIER: ("拒不改正或造成严重后果", "50000", "100000"),
}


def world(users: dict[str, User]) -> Item:
    """The 无照经营 item of 市工商局 with its four benchmark grades, and valid
    certificates for zhifa and zhifa2."""
    body = Department.objects.get(code=BODY)
    item = Item.objects.create(
        body=body,
        code="GS-CF-001",
        name="未取得营业执照擅自从事经营活动",
        legal_basis="《无证无照经营查处办法》第二条",
        penalty_basis="《无证无照经营查处办法》第十三条",
        penalties=["warning", "fine", "confiscate"],
        fine_min=Decimal("0"),
        fine_max=Decimal("100000"),
        first_offence_exempt=True,
        exempt_conditions="初次违法、危害后果轻微并在责令改正期限内办理营业执照的，不予行政处罚。",
        published_on=date(2026, 1, 5),
        created_by=users["depthead"],
    )
    for grade, (circumstances, low, high) in BENCHMARKS.items():
        Benchmark.objects.create(
            item=item,
            grade=grade,
            circumstances=circumstances,
            fine_min=Decimal(low),
            fine_max=Decimal(high),
        )
    for n, name in enumerate(("zhifa", "zhifa2"), start=1):
        Certificate.objects.create(
            officer=users[name],
            body=body,
            number=f"62070020240000{n}",
            field="市场监管",
            issued_on=CERT_FROM,
            valid_until=CERT_UNTIL,
            issued_by=users["fazhi"],
        )
    return item
