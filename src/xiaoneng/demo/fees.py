"""The demo fee catalog (收费目录), entered through the fees app's actions by
the finance bureau's account, as the pricing and finance departments would:
a few real kinds of charges of the era on the demo catalog's items.

- 房屋登记费 as 发改价格〔2008〕924号 sets it: two fixed standards on
  房屋所有权登记, 住房 (SF-620700012-001, 80 元/件) and 非住房
  (SF-620700012-003, 550 元/件); a non-housing registration at 550 is on the
  standard, not above it;
- 房屋权属证书工本费 (SF-620700012-002, the same notice: each certificate
  beyond the first, 10 元/本);
- 营业执照副本工本费 (SF-620700005-011, 10 元/本) on 有限责任公司设立登记;
- 企业年度检验费 (SF-620700005-012, 50 元/户), named by no item and cancelled
  on a day of the demo year (年检 gives way to annual reports);
- 公共场所卫生监测费 (SF-620700020-001, a range 100–300 元/户, ILLUSTRATIVE:
  the range and its documents are invented in the style of the era) on
  公共场所卫生许可证核发: the lower bound is what the window charges unless
  a higher charge (a large venue, more points to monitor) is approved.

The document numbers other than 924号 are illustrative, in the style of the
era. `load_demo_fees(actor)` does nothing when the catalog has entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xiaoneng.core import timesource
from xiaoneng.fees.actions.catalog import cancel_fee, create_fee
from xiaoneng.fees.models import FeeItem
from xiaoneng.org.models import Department, User

from .catalog_data import ITEMS

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

HOUSING_924 = (
    "《国家发展改革委 财政部关于规范房屋登记费计费方式和收费标准等有关问题的通知》"
    "（发改价格〔2008〕924号）"
)
SINCE = date(2008, 5, 1)
CANCELLED_CODE = "SF-620700005-012"
HOUSING_CODE = "SF-620700012-001"  # 住房, 80 元/件
NON_HOUSING_CODE = "SF-620700012-003"  # 非住房, 550 元/件
RANGE_CODE = "SF-620700020-001"  # 公共场所卫生监测费, 100–300 元/户 (illustrative)


def _item_code(name: str) -> str:
    entry = next(e for e in ITEMS if e["name"] == name)
    return f"{entry['type']}{entry['no']:05d}000{entry['dept']}"


def fee_rows() -> list[dict[str, Any]]:
    """The entries' terms, as `fees.actions.catalog.create_fee` takes them."""
    house = _item_code("房屋所有权登记")
    company = _item_code("有限责任公司设立登记")
    venue = _item_code("公共场所卫生许可证核发")
    commerce = "《中华人民共和国公司登记管理条例》；《企业法人登记管理条例》"
    return [
        {
            "code": HOUSING_CODE,
            "name": "房屋登记费（住房）",
            "dept": "620700012",
            "legal_basis": "《中华人民共和国物权法》第二十二条；《房屋登记办法》",
            "price_doc": HOUSING_924,
            "finance_doc": "财政部、国家发展改革委《关于房屋登记费有关问题的通知》",
            "kind": "fixed",
            "lower": Decimal("80"),
            "unit": "件",
            "item_codes_": [house],
        },
        {
            "code": "SF-620700012-002",
            "name": "房屋权属证书工本费（每增加一本）",
            "dept": "620700012",
            "legal_basis": "《房屋登记办法》",
            "price_doc": HOUSING_924,
            "finance_doc": "财政部、国家发展改革委《关于房屋登记费有关问题的通知》",
            "kind": "fixed",
            "lower": Decimal("10"),
            "unit": "本",
            "item_codes_": [house],
        },
        {
            "code": NON_HOUSING_CODE,
            "name": "房屋登记费（非住房）",
            "dept": "620700012",
            "legal_basis": "《中华人民共和国物权法》第二十二条；《房屋登记办法》",
            "price_doc": HOUSING_924,
            "finance_doc": "财政部、国家发展改革委《关于房屋登记费有关问题的通知》",
            "kind": "fixed",
            "lower": Decimal("550"),
            "unit": "件",
            "item_codes_": [house],
        },
        {
            "code": "SF-620700005-011",
            "name": "营业执照副本工本费",
            "dept": "620700005",
            "legal_basis": commerce,
            "price_doc": "国家计委、财政部关于工商行政管理部门收费标准的通知",
            "finance_doc": "甘肃省财政厅行政事业性收费项目目录",
            "kind": "fixed",
            "lower": Decimal("10"),
            "unit": "本",
            "item_codes_": [company],
        },
        {
            "code": CANCELLED_CODE,
            "name": "企业年度检验费",
            "dept": "620700005",
            "legal_basis": commerce,
            "price_doc": "国家计委、财政部关于工商行政管理部门收费标准的通知",
            "finance_doc": "甘肃省财政厅行政事业性收费项目目录",
            "kind": "fixed",
            "lower": Decimal("50"),
            "unit": "户",
        },
        {
            "code": RANGE_CODE,
            "name": "公共场所卫生监测费",
            "dept": "620700020",
            "legal_basis": "《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》",
            "price_doc": "甘肃省物价局、财政厅关于卫生监督监测收费标准的通知",
            "finance_doc": "甘肃省财政厅行政事业性收费项目目录",
            "kind": "range",
            "lower": Decimal("100"),
            "upper": Decimal("300"),
            "unit": "户",
            "item_codes_": [venue],
        },
    ]


def cancellation_day(today: date) -> date:
    """A day of the demo year: the first of the month about five months back."""
    back = today - timedelta(days=150)
    return date(back.year, back.month, 1)


def load_demo_fees(actor: Actor) -> int:
    """Create the demo fee catalog (each entry its own transaction, as the
    desk would); the number created, 0 when the catalog has entries."""
    if FeeItem.objects.exists():
        return 0
    finance = User.objects.filter(username="caizheng").first() or actor
    depts = dict(Department.objects.values_list("code", "pk"))
    rows = fee_rows()
    for row in rows:
        fields = {k: v for k, v in row.items() if k not in ("code", "dept")}
        create_fee(
            actor=finance,
            code=row["code"],
            department_id=depts[row["dept"]],
            effective_from=SINCE,
            **fields,
        )
    cancel_fee(
        actor=finance,
        code=CANCELLED_CODE,
        cancelled_on=cancellation_day(timesource.today()),
        note="企业年度检验制度改为年度报告公示制度，停止征收",
    )
    return len(rows)
