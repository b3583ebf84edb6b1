"""The trading platform's standing data for the demo city: who regulates each
kind (管办分离), the centre's rooms, the parties (an agency and the bidders,
their demo accounts linked) and the expert pool (with one declared tie).

`load_trading_world()` is idempotent (rows are found by their natural keys)
and writes rows directly: they are the setting of the trading projects, which
go through the actions (`demo/trading_projects.py`). Credit codes carry GB
32100's check character and identity numbers GB 11643's."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.inputs import ID_CHECK, ID_WEIGHTS
from xiaoneng.org.models import Department, User
from xiaoneng.projects.codes import credit_check_char
from xiaoneng.system.pii import pii_digest
from xiaoneng.trading.models import (
    Expert,
    ExpertTie,
    Kind,
    Party,
    Regulation,
    Speciality,
    TieKind,
    Venue,
    VenueKind,
)

REGULATORS: dict[str, str] = {
    Kind.CONSTRUCTION: "620700012",  # 市住建局
    Kind.PROCUREMENT: "620700010",  # 市财政局
    Kind.LAND: "620700011",  # 市国土资源局
    Kind.PROPERTY: "620700035",  # 市国资委
}

VENUES: list[tuple[str, str, int]] = [
    ("第一开标室", VenueKind.OPENING, 60),
    ("第二开标室", VenueKind.OPENING, 40),
    ("第一评标室", VenueKind.EVALUATION, 9),
    ("第二评标室", VenueKind.EVALUATION, 9),
    ("第三评标室", VenueKind.EVALUATION, 7),
]

# name, organisation-code part (9 characters), bidder, agency, legal representative,
# contact, demo account
PARTIES: list[tuple[str, str, bool, bool, str, str, str | None]] = [
    ("甘肃明诚招标代理有限公司", "MA71K2X30", False, True, "赵明诚", "刘洋", "daili"),
    ("张掖市路桥建设有限责任公司", "224501739", True, False, "曹建国", "曹磊", "toubiao1"),
    ("甘肃祁连建工集团有限公司", "MA72B8QF1", True, False, "田志勇", "田芳", "toubiao2"),
    ("张掖市交通建设工程有限公司", "710931457", True, False, "孟庆林", "孟晓", None),
    ("甘肃陇原路桥工程有限公司", "MA73C4HK6", True, False, "白永福", "白雪", None),
    ("张掖市丹霞建筑安装工程有限公司", "MA74D9LM2", True, False, "马文军", "马丽", None),
    ("甘肃智慧校园科技有限公司", "MA75E1NP8", True, False, "魏东", "魏小娟", None),
    ("兰州教学仪器设备有限公司", "224783015", True, False, "韩宝山", "韩梅", None),
    ("张掖市黑河置业有限公司", "MA76F3QR4", True, False, "沈国华", "沈洁", None),
    ("甘肃河西投资发展有限公司", "MA77G5TU0", True, False, "吕志远", "吕静", None),
    ("张掖市甘州区农业发展有限公司", "MA78H7WX5", True, False, "常青", "常乐", None),
]

# name, employer, specialities, title, demo account (the employer of the
# third one bids: the draw excludes him from those rounds)
S = Speciality
EXPERTS: list[tuple[str, str, list[str], str, str | None]] = [
    ("许文博", "兰州交通大学", [S.ROAD, S.COST], "教授级高级工程师", "zhuanjia1"),
    ("潘立群", "甘肃省交通规划勘察设计院", [S.ROAD], "高级工程师", None),
    ("曹建平", "张掖市路桥建设有限责任公司", [S.ROAD], "高级工程师", None),
    ("任晓东", "甘肃省公路管理局", [S.ROAD], "高级工程师", None),
    ("范志华", "张掖市建筑设计院", [S.BUILDING, S.ROAD], "高级工程师", None),
    ("杜海燕", "河西学院", [S.COST, S.FINANCE], "副教授", None),
    ("方晓军", "甘肃正衡工程造价咨询有限公司", [S.COST], "注册造价工程师", None),
    ("袁丽萍", "张掖市会计师事务所", [S.FINANCE], "注册会计师", None),
    ("邹国强", "甘肃省水利水电勘测设计研究院", [S.WATER, S.ROAD], "正高级工程师", None),
    ("蒋文斌", "兰州理工大学", [S.BUILDING], "教授", None),
    ("钟雪梅", "甘肃省教育装备中心", [S.EQUIPMENT], "高级实验师", None),
    ("龚振宇", "兰州大学信息科学与工程学院", [S.IT, S.EQUIPMENT], "副教授", None),
    ("石磊", "甘肃省电子政务中心", [S.IT], "高级工程师", None),
    ("贺兰芳", "张掖市第一中学", [S.EQUIPMENT], "高级教师", None),
    ("谭志明", "甘肃天元律师事务所", [S.LAW], "律师", None),
    ("毛晓云", "甘肃华信土地估价有限公司", [S.LAND], "土地估价师", None),
    ("万家宁", "甘肃中正资产评估有限公司", [S.ASSET, S.FINANCE], "资产评估师", None),
    ("段永红", "张掖市农业科学研究院", [S.LAND], "研究员", None),
    ("雷鸣", "兰州财经大学", [S.FINANCE, S.ASSET], "教授", None),
    ("苏婉清", "甘肃建投工程咨询有限公司", [S.COST, S.BUILDING], "高级工程师", None),
    ("丁宏伟", "甘肃省交通科学研究院", [S.ROAD], "高级工程师", None),
    ("严少华", "酒泉市公路局", [S.ROAD], "高级工程师", None),
    ("侯振东", "武威市交通建设工程质量监督站", [S.ROAD, S.COST], "高级工程师", None),
]


def credit_code(org: str) -> str:
    """A unified social credit code for an enterprise (91) registered in 张掖市 (620700)."""
    first17 = f"91620700{org}"
    return first17 + credit_check_char(first17)


def identity_number(n: int) -> str:
    """A citizen identity number of 甘州区 (620702), born in the 1970s, with its check character."""
    first17 = f"620702{1965 + n % 20}{1 + n % 12:02d}{1 + n % 28:02d}{100 + n:03d}"
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def load_trading_world() -> dict[str, int]:
    """Regulators, venues, parties and experts; accounts linked where the demo has them."""
    for kind, code in REGULATORS.items():
        Regulation.objects.update_or_create(
            kind=kind, defaults={"department": Department.objects.get(code=code)}
        )
    for name, kind, capacity in VENUES:
        Venue.objects.get_or_create(name=name, defaults={"kind": kind, "capacity": capacity})
    users = {u.username: u for u in User.objects.filter(username__in=_accounts())}
    parties: dict[str, Party] = {}
    for name, org, bidder, agency, legal, contact, account in PARTIES:
        party, _ = Party.objects.get_or_create(
            credit_code=credit_code(org),
            defaults={
                "name": name,
                "is_bidder": bidder,
                "is_agency": agency,
                "legal_representative": legal,
                "contact_name": contact,
                "contact_phone": f"1389360{len(parties):04d}",
                "address": "甘肃省张掖市甘州区",
            },
        )
        parties[name] = party
        if account in users:
            party.members.add(users[account])
    for n, (name, employer, specialities, title, account) in enumerate(EXPERTS, start=1):
        number = identity_number(n)
        Expert.objects.get_or_create(
            id_digest=pii_digest(number),
            defaults={
                "name": name,
                "id_no": number,
                "phone": f"1399360{n:04d}",
                "employer": employer,
                "employer_party": parties.get(employer),
                "specialities": [str(s) for s in specialities],
                "title": title,
                "user": users.get(account) if account else None,
            },
        )
    # 潘立群 worked for 甘肃祁连建工集团 until 2025: excluded from its rounds until 2028.
    pan = Expert.objects.get(name="潘立群")
    ExpertTie.objects.get_or_create(
        expert=pan,
        party=parties["甘肃祁连建工集团有限公司"],
        defaults={
            "relation": TieKind.EMPLOYMENT,
            "started_on": date(2019, 3, 1),
            "ended_on": date(2025, 6, 30),
            "note": "曾任该公司总工程师",
        },
    )
    return {
        "regulations": Regulation.objects.count(),
        "venues": Venue.objects.count(),
        "parties": Party.objects.count(),
        "experts": Expert.objects.count(),
    }


def _accounts() -> list[str]:
    return [p[6] for p in PARTIES if p[6]] + [e[4] for e in EXPERTS if e[4]]
