"""The demo city's enforcement lists (执法事项清单) as Zhangye's bodies kept
them around 2012, loaded through the authority actions: 市工商局, 市环保局,
市交通运输局 and 市城管执法局, each item with the legal basis in force then
and four-grade benchmarks (裁量基准), the lists published; certificates for
the officers — zhifa and zhifa2 of 市工商局, and two new officer accounts per
other body (huanbao1/2, jiaotong1/2, chengguan1/2).

`load_demo_enforcement(admin)` is idempotent: an item whose code exists, an
account that exists and an officer who holds a valid certificate of the body
are left as they are. The statutory ranges are the laws' (a range that the
law states as a multiple of turnover or cost is given as the fixed range the
same article sets when that cannot be computed, or as the body's published
ceiling, said in the circumstances)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.core import timesource
from xiaoneng.enforcement.actions import authority as actions
from xiaoneng.enforcement.actions import certificates as certificate_actions
from xiaoneng.enforcement.common import valid_certificate
from xiaoneng.enforcement.models import Item
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

GS, HB, JT, CG = "620700005", "620700013", "620700014", "620700034"

# (min, max, circumstances) for 减轻, 从轻, 一般, 从重
Grades = tuple[tuple[str, str, str], ...]


def _item(
    code: str,
    name: str,
    legal_basis: str,
    penalty_basis: str,
    penalties: list[str],
    fine: tuple[str, str],
    grades: Grades,
    exempt: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "legal_basis": legal_basis,
        "penalty_basis": penalty_basis,
        "penalties": penalties,
        "fine_min": fine[0],
        "fine_max": fine[1],
        "first_offence_exempt": bool(exempt),
        "exempt_conditions": exempt,
        "grades": grades,
    }


LISTS: dict[str, list[dict[str, Any]]] = {
    GS: [
        _item(
            "GS-CF-001",
            "未取得营业执照擅自从事经营活动（无照经营）",
            "《无照经营查处取缔办法》（国务院令第370号）第四条",
            "《无照经营查处取缔办法》第十四条第一款：依法予以取缔，没收违法所得；"
            "尚不够刑事处罚的，并处2万元以下的罚款；无照经营行为规模较大、社会危害严重的，"
            "并处2万元以上20万元以下的罚款",
            ["fine", "confiscate"],
            ("0", "200000"),
            (
                ("0", "1000", "经营规模很小、主动停止经营并积极办理营业执照"),
                ("1000", "5000", "初次被查处，积极配合调查，违法所得较少"),
                ("5000", "20000", "无从轻、从重情节"),
                ("20000", "200000", "规模较大、社会危害严重，或者拒不停止经营"),
            ),
            "初次无照经营、经营规模较小、危害后果轻微，并在责令改正期限内办理营业执照或者停止经营的，"
            "不予行政处罚。",
        ),
        _item(
            "GS-CF-002",
            "利用广告或者其他方法对商品作引人误解的虚假宣传",
            "《中华人民共和国反不正当竞争法》（1993年）第九条第一款",
            "《中华人民共和国反不正当竞争法》第二十四条第一款：责令停止违法行为，消除影响，"
            "可以根据情节处以1万元以上20万元以下的罚款",
            ["fine"],
            ("10000", "200000"),
            (
                ("5000", "10000", "主动消除影响、未造成实际损害，依法减轻处罚"),
                ("10000", "50000", "宣传范围小、持续时间短，及时改正"),
                ("50000", "100000", "无从轻、从重情节"),
                ("100000", "200000", "宣传范围广、持续时间长，或者造成消费者财产损失"),
            ),
            "初次违法、宣传范围限于本经营场所、未造成损害后果并及时改正的，不予行政处罚。",
        ),
        _item(
            "GS-CF-003",
            "侵犯注册商标专用权",
            "《中华人民共和国商标法》（2001年）第五十二条",
            "《中华人民共和国商标法》第五十三条，《中华人民共和国商标法实施条例》（2002年）"
            "第五十二条：罚款数额为非法经营额3倍以下；非法经营额无法计算的，罚款数额为10万元以下",
            ["fine", "confiscate"],
            ("0", "100000"),
            (
                ("0", "5000", "能证明商品是合法取得并说明提供者，非法经营额很小"),
                ("5000", "20000", "初次侵权，侵权商品数量少、及时停止销售"),
                ("20000", "50000", "无从轻、从重情节"),
                ("50000", "100000", "侵权时间长、数量大，或者涉及驰名商标"),
            ),
        ),
    ],
    HB: [
        _item(
            "HB-CF-001",
            "向大气排放污染物超过国家和地方规定的排放标准",
            "《中华人民共和国大气污染防治法》（2000年）第十三条",
            "《中华人民共和国大气污染防治法》第四十八条：应当限期治理，并处1万元以上10万元以下罚款",
            ["fine", "restrict"],
            ("10000", "100000"),
            (
                ("5000", "10000", "超标倍数很小、主动停产整改并消除影响，依法减轻处罚"),
                ("10000", "30000", "超标0.5倍以下，及时采取措施"),
                ("30000", "60000", "超标0.5倍以上1倍以下"),
                ("60000", "100000", "超标1倍以上，或者拒不改正、造成污染事故"),
            ),
        ),
        _item(
            "HB-CF-002",
            "建设项目环境影响评价文件未经批准擅自开工建设（未批先建）",
            "《中华人民共和国环境影响评价法》（2002年）第二十五条",
            "《中华人民共和国环境影响评价法》第三十一条第一款：责令停止建设，限期补办手续；"
            "逾期不补办手续的，可以处5万元以上20万元以下的罚款",
            ["fine", "restrict"],
            ("50000", "200000"),
            (
                ("20000", "50000", "主动停止建设并在期限内补办手续，依法减轻处罚"),
                ("50000", "80000", "项目投资额较小、尚未投入生产"),
                ("80000", "150000", "无从轻、从重情节"),
                ("150000", "200000", "已投入生产且造成环境污染，或者拒不停止建设"),
            ),
        ),
    ],
    JT: [
        _item(
            "JT-CF-001",
            "未取得道路运输经营许可擅自从事道路旅客运输经营（非法营运）",
            "《中华人民共和国道路运输条例》（2004年）第十条",
            "《中华人民共和国道路运输条例》第六十四条：责令停止经营；有违法所得的，没收违法所得，"
            "处违法所得2倍以上10倍以下的罚款；没有违法所得或者违法所得不足2万元的，"
            "处3万元以上10万元以下的罚款",
            ["fine", "confiscate"],
            ("30000", "100000"),
            (
                ("10000", "30000", "初次被查、主动停止经营并配合调查，依法减轻处罚"),
                ("30000", "50000", "载客人数少、运营时间短"),
                ("50000", "80000", "无从轻、从重情节"),
                ("80000", "100000", "多次非法营运、拒不接受检查，或者造成安全事故"),
            ),
        ),
        _item(
            "JT-CF-002",
            "车辆在公路上擅自超限行驶",
            "《中华人民共和国公路法》（2004年修正）第五十条",
            "《中华人民共和国公路法》第七十六条第（五）项：责令停止违法行为，可以处3万元以下的罚款",
            ["fine"],
            ("0", "30000"),
            (
                ("0", "500", "超限幅度很小并主动卸载"),
                ("500", "5000", "超限30%以下，主动卸载"),
                ("5000", "15000", "超限30%以上100%以下"),
                ("15000", "30000", "超限100%以上，或者拒不卸载、损坏公路"),
            ),
        ),
    ],
    CG: [
        _item(
            "CG-CF-001",
            "擅自占用城市道路从事经营（占道经营）",
            "《城市道路管理条例》第二十七条第（七）项、第三十一条（相对集中行政处罚权）",
            "《城市道路管理条例》第四十二条：责令限期改正，可以处以2万元以下的罚款",
            ["warning", "fine"],
            ("0", "20000"),
            (
                ("0", "50", "流动摊点，经劝导立即撤离"),
                ("50", "200", "初次占道，经责令及时改正"),
                ("200", "1000", "无从轻、从重情节"),
                ("1000", "20000", "占道面积大、影响交通，或者经责令拒不改正"),
            ),
            "初次占道经营、未影响交通和市容、经责令当场改正的，不予行政处罚，予以教育。",
        ),
        _item(
            "CG-CF-002",
            "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张贴宣传品（乱贴乱画）",
            "《城市市容和环境卫生管理条例》第十七条第一款（相对集中行政处罚权）",
            "《城市市容和环境卫生管理条例》第三十四条第（二）项：责令纠正违法行为、采取补救措施，"
            "可以并处警告、罚款",
            ["warning", "fine"],
            ("0", "1000"),
            (
                ("0", "20", "数量很少并当场清除"),
                ("20", "50", "10处以下，限期清除"),
                ("50", "200", "10处以上50处以下"),
                ("200", "1000", "50处以上，或者拒不清除"),
            ),
            "初次张贴、数量较少并当场清除的，不予行政处罚，予以教育。",
        ),
        _item(
            "CG-CF-003",
            "未取得建设工程规划许可证进行建设（违法建设）",
            "《中华人民共和国城乡规划法》（2008年）第四十条第一款（相对集中行政处罚权）",
            "《中华人民共和国城乡规划法》第六十四条：尚可采取改正措施消除对规划实施的影响的，"
            "限期改正，处建设工程造价5%以上10%以下的罚款；无法采取改正措施消除影响的，限期拆除，"
            "不能拆除的，没收实物或者违法收入，可以并处建设工程造价10%以下的罚款",
            ["fine", "confiscate", "restrict"],
            ("0", "1000000"),
            (
                ("0", "5000", "自行拆除、恢复原状（按工程造价计算，低于5%的依法减轻）"),
                ("5000", "50000", "尚可改正，及时补办手续（工程造价5%至7%）"),
                ("50000", "200000", "尚可改正（工程造价7%至10%）"),
                (
                    "200000",
                    "1000000",
                    "无法改正、不能拆除，或者拒不停止建设（工程造价10%以下并处没收）",
                ),
            ),
        ),
    ],
}

# username, name, body, title; zhifa and zhifa2 come with the demo city.
OFFICERS: list[tuple[str, str, str, str]] = [
    ("zhifa", "韩立军", GS, ""),
    ("zhifa2", "宋佳", GS, ""),
    ("huanbao1", "马建军", HB, "环境监察支队副支队长"),
    ("huanbao2", "赵婷", HB, "环境监察员"),
    ("jiaotong1", "李国栋", JT, "运输管理处稽查科科长"),
    ("jiaotong2", "王芳", JT, "稽查员"),
    ("chengguan1", "张永胜", CG, "执法大队大队长"),
    ("chengguan2", "刘丽娟", CG, "执法队员"),
]
FIELDS = {GS: "工商行政管理", HB: "环境保护", JT: "交通运输", CG: "城市管理综合执法"}
GRADES = ("mitigated", "lighter", "general", "heavier")


def _officer(admin: User, username: str, name: str, body: Department, title: str) -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    role = Role.objects.get(code="enforcement_officer")
    with transaction.atomic():
        return org_actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name=name,
            department=body,
            roles=[role],
            title=title,
        )


def _list(admin: User, body: Department, specs: list[dict[str, Any]]) -> int:
    made = 0
    for spec in specs:
        if Item.objects.filter(code=spec["code"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k != "grades"}
        row = actions.create_item(actor=admin, body_id=body.pk, **fields)
        benchmarks = [
            {"grade": g, "fine_min": low, "fine_max": high, "circumstances": text}
            for g, (low, high, text) in zip(GRADES, spec["grades"], strict=True)
        ]
        actions.set_benchmarks(actor=admin, item_id=row.pk, benchmarks=benchmarks)
        made += 1
    if Item.objects.filter(body=body, active=True, published_on=None).exists():
        actions.publish_list(actor=admin, body_id=body.pk)
    return made


def _certificates(admin: User, bodies: dict[str, Department]) -> int:
    """A certificate for each officer without a valid one of the body, valid
    from two years back to three years on (the history plays the past year)."""
    legal = User.objects.filter(username="fazhi", is_active=True).first() or admin
    today = timesource.today()
    issued, until = date(today.year - 2, 1, 1), date(today.year + 3, 12, 31)
    made = 0
    for n, (username, name, code, title) in enumerate(OFFICERS, start=1):
        body = bodies[code]
        officer = _officer(admin, username, name, body, title)
        if valid_certificate(officer, body.pk, today) is not None:
            continue
        certificate_actions.issue_certificate(
            actor=legal,
            officer_id=officer.pk,
            body_id=body.pk,
            number=f"{code}{issued.year}{n:04d}",
            field=FIELDS[code],
            issued_on=issued,
            valid_until=until,
        )
        made += 1
    return made


def load_demo_enforcement(admin: User) -> dict[str, int]:
    """The four bodies' lists, benchmarks and officers' certificates; counts of
    what was created (nothing when it is all there, or the city is missing)."""
    bodies = {d.code: d for d in Department.objects.filter(code__in=LISTS)}
    if len(bodies) < len(LISTS):
        return {"items": 0, "certificates": 0}
    items = sum(_list(admin, bodies[code], specs) for code, specs in LISTS.items())
    return {"items": items, "certificates": _certificates(admin, bodies)}
