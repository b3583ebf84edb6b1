"""Who and what the enforcement history (`enforcement_days`) is about: the
parties — citizens with valid identity numbers (GB 11643) and enterprises
with valid unified social credit codes (GB 32100), each drawn once, so no
party but the story's one enterprise is penalised twice — and, for every
item of the demo lists (`demo/enforcement.py`), what a 2012-style Zhangye
violation of it looks like: the facts, where, the inquiry record and the
grades a general-procedure case is decided in."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xiaoneng.core.inputs import ID_CHECK, ID_WEIGHTS
from xiaoneng.projects.codes import credit_check_char

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = (
    "建军",
    "秀兰",
    "国福",
    "玉梅",
    "永刚",
    "金花",
    "德胜",
    "春燕",
    "志明",
    "兰英",
    "学文",
    "晓红",
    "天福",
    "海霞",
    "振国",
    "彩霞",
)
# 甘州区, 肃南县, 民乐县, 临泽县, 高台县, 山丹县
COUNTIES = ("620702", "620721", "620722", "620723", "620724", "620725")
STREETS = ("县府街", "南关街", "西街", "青年东街", "北环路", "东街", "马神庙街", "甘泉路")
NAMES = ("祁连", "丹霞", "黑河", "甘泉", "焉支", "金张掖", "湿地", "玉水", "弱水", "大佛寺", "鑫源")
SECOND = ("恒通", "宏达", "顺发", "兴盛", "德隆", "瑞丰", "永昌", "福源")
# (latitude, longitude) of 甘州城区, where most on-site records are taken
CENTRE = (Decimal("38.932400"), Decimal("100.451200"))


def id_number(county: str, born: date, serial: int) -> str:
    """A citizen identity number with its check character (GB 11643—1999)."""
    body = f"{county}{born:%Y%m%d}{serial:03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def credit_code(n: int) -> str:
    """A unified social credit code of a company registered in 甘州区 (GB 32100)."""
    body = f"91620702MA72{n:05d}"
    return body + credit_check_char(body)


class Cast:
    """Draws each party once (deterministic for the seed)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people = rng.sample(
            [s + g for s in SURNAMES for g in GIVEN], k=len(SURNAMES) * len(GIVEN)
        )
        self.firms: set[str] = set()
        self.drawn = 0

    def person(self) -> dict[str, str]:
        self.drawn += 1
        rng = self.rng
        born = date(rng.randint(1958, 1994), rng.randint(1, 12), rng.randint(1, 28))
        return {
            "party_kind": "person",
            "party_name": self.people[self.drawn],
            "party_id_no": id_number(rng.choice(COUNTIES), born, rng.randint(10, 999)),
            "party_phone": f"139{rng.randint(0, 99_999_999):08d}",
            "party_address": f"张掖市甘州区{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        }

    def firm(self, trade: str) -> dict[str, str]:
        self.drawn += 1
        name = f"张掖市{self.rng.choice(NAMES)}{trade}有限公司"
        while name in self.firms:  # one firm, one name
            name = f"张掖市{self.rng.choice(NAMES)}{self.rng.choice(SECOND)}{trade}有限公司"
        self.firms.add(name)
        return {
            "party_kind": "organisation",
            "party_name": name,
            "party_code": credit_code(self.drawn),
            "party_address": f"张掖市甘州区{self.rng.choice(STREETS)}{self.rng.randint(1, 300)}号",
        }

    def location(self) -> tuple[str, str]:
        lat, lon = CENTRE
        jitter = Decimal(self.rng.randint(-9000, 9000)) / 1_000_000
        return str(lat + jitter), str(lon - jitter)


@dataclass(frozen=True)
class Violation:
    """How a case of an item reads. `facts` and `places` are drawn from;
    `trades` names a firm (an organisation party) — none: a citizen;
    `grades` are those the general walks decide in (citizens' fines below
    the hearing threshold unless the item's minimum is above it)."""

    code: str
    facts: tuple[str, ...]
    places: tuple[str, ...]
    onsite: str
    inquiry: str
    grades: tuple[str, ...]
    trades: tuple[str, ...] = ()


VIOLATIONS: dict[str, Violation] = {
    v.code: v
    for v in (
        Violation(
            "GS-CF-001",
            (
                "未取得营业执照，在该处从事服装零售",
                "未取得营业执照，在该处开设手机维修店",
                "未取得营业执照，在该处经营烟酒副食",
                "未取得营业执照，在该处从事五金建材销售",
            ),
            ("甘州区县府街", "甘州区南关农贸市场", "甘州区西街", "甘州区北环路"),
            "现场检查：店铺正在营业，店内未悬挂营业执照，当事人不能出示营业执照",
            "询问笔录：当事人承认自开业以来未办理营业执照，违法经营额约二万元",
            ("mitigated", "lighter"),
        ),
        Violation(
            "GS-CF-002",
            (
                "在店堂海报和宣传单中宣称其销售的保健食品“根治糖尿病”，与实际不符",
                "在门店宣传展板上宣称其销售的净水器“可治疗肾结石”，与实际不符",
                "在宣传单中宣称其销售的羽绒服含绒量90%，经检验实际为52%",
                "在店内横幅上标称其销售的瓷砖为“国家免检产品”，该称号已于2008年取消",
            ),
            ("甘州区东街", "甘州区青年东街", "甘州区马神庙街"),
            "现场检查：提取宣传单、海报样本，拍照固定店内宣传展板",
            "询问笔录：当事人负责人承认宣传内容未经核实，宣传单印制三千份，已发放二千余份",
            ("lighter",),
            ("商贸", "保健品", "建材"),
        ),
        Violation(
            "GS-CF-003",
            (
                "销售侵犯“五粮液”注册商标专用权的白酒共48瓶",
                "销售侵犯“耐克”注册商标专用权的运动鞋共60双",
                "销售侵犯“伊利”注册商标专用权的乳制品共120箱",
            ),
            ("甘州区南关街", "甘州区东街"),
            "现场检查：查扣涉嫌侵权商品，商标权利人代表到场辨认",
            "询问笔录：当事人不能提供进货凭证和合法来源证明",
            ("lighter",),
            ("商贸", "百货"),
        ),
        Violation(
            "HB-CF-001",
            (
                "燃煤锅炉外排烟气中烟尘浓度为142mg/m³，超过《锅炉大气污染物排放标准》"
                "规定限值0.42倍",
                "隧道窑外排废气中二氧化硫浓度为1260mg/m³，超过排放限值0.48倍",
                "回转窑外排废气中颗粒物浓度为186mg/m³，超过排放限值0.24倍",
            ),
            ("甘州区工业园区", "甘州区新墩镇", "甘州区党寨镇"),
            "现场检查：委托市环境监测站现场采样监测，监测报告附卷",
            "询问笔录：当事人负责人承认除尘设施未正常运行",
            ("lighter",),
            ("热力", "建材", "砖业"),
        ),
        Violation(
            "HB-CF-002",
            (
                "建设年出栏五千头生猪养殖场，环境影响评价文件未经批准即开工建设",
                "建设年产二万吨玉米制种加工项目，环境影响评价文件未经批准即开工建设",
            ),
            ("甘州区沙井镇", "甘州区乌江镇"),
            "现场检查：项目主体工程已基本完工，未见环境影响评价批复文件",
            "询问笔录：当事人承认环评文件尚在编制，已责令停止建设",
            ("lighter",),
            ("牧业", "种业"),
        ),
        Violation(
            "JT-CF-001",
            (
                "驾驶小型轿车，未取得道路运输经营许可，在张掖火车站招揽乘客往返民乐县，每人收费30元",
                "驾驶小型普通客车，未取得道路运输经营许可，从事张掖至临泽县城的旅客运输，每人收费15元",
            ),
            ("张掖火车站广场", "张掖汽车南站", "国道227线甘州区段"),
            "现场检查：车内载客4人，乘客证实按人收费",
            "询问笔录：当事人承认从事非法营运约二个月",
            ("mitigated", "lighter"),
        ),
        Violation(
            "JT-CF-002",
            (
                "所属重型半挂牵引车在国道312线载货行驶，经检测车货总重55吨，超过限值10%",
                "所属重型自卸货车在省道213线载运砂石，经检测车货总重42吨，超过限值35%",
            ),
            ("国道312线张掖超限检测站", "省道213线甘州区段"),
            "现场检查：车辆经不停车检测及复磅，检测单附卷",
            "询问笔录：驾驶人承认受当事人指派运输，已卸载至限值以内",
            ("lighter", "general"),
            ("物流", "运输"),
        ),
        Violation(
            "CG-CF-001",
            (
                "在店门前人行道摆放桌椅和烧烤炉经营，占用城市道路约30平方米",
                "在店门前人行道堆放货物和展架经营，占用城市道路约20平方米",
            ),
            ("甘州区明清街", "甘州区南关街", "甘州区甘泉路"),
            "现场检查：拍照测量占道面积，当场责令改正",
            "询问笔录：当事人承认经劝导后仍多次占道经营",
            ("general",),
            ("餐饮", "商贸"),
        ),
        Violation(
            "CG-CF-002",
            (
                "在居民楼道及电线杆上张贴“开锁、疏通管道”小广告",
                "在公交站亭和墙面张贴房屋出租小广告",
            ),
            ("甘州区县府街", "甘州区西街", "甘州区北环路"),
            "现场检查：拍照固定张贴位置，当场责令清除",
            "询问笔录：当事人承认张贴小广告",
            ("lighter",),
        ),
        Violation(
            "CG-CF-003",
            (
                "未取得建设工程规划许可证，在厂区内建设彩钢结构库房约600平方米",
                "未取得建设工程规划许可证，在厂区内加建砖混结构办公用房约120平方米",
            ),
            ("甘州区城北工业园", "甘州区北环路"),
            "现场检查：测量建筑面积，尚可采取改正措施消除对规划实施的影响",
            "询问笔录：当事人承认未办理规划许可，工程造价约四十万元",
            ("lighter",),
            ("物流", "商贸"),
        ),
    )
}
