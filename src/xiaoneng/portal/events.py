"""Browsing by life event (主题服务) and by who applies (个人办事 / 法人办事).

Who applies comes from the item's 服务对象 (GB/T 39046 Appendix A: 1 自然人,
2 企业法人, …). The life events are the portal's own table: an item belongs
to an event when its 服务主题 (`service_topic`, GB/T 39046) names the event,
or — for catalogs that leave 服务主题 empty, as the demo does — when its name
carries one of the event's words. The words are those of the demo catalog of
Zhangye; an administrator fills 服务主题 to place an item exactly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .search import IndexedItem

NATURAL_PERSON = "1"
LEGAL_PERSON = "2"

AUDIENCES = {
    "person": ("个人办事", {NATURAL_PERSON}),
    "business": ("法人办事", {"2", "3", "4", "5", "6", "9"}),
}


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    name: str
    blurb: str
    icon: str
    words: tuple[str, ...]

    def matches(self, name: str, topic: str) -> bool:
        topics = {t for t in re.split(r"[、,，;；/\s]+", topic or "") if t}
        if topics:
            return self.name in topics
        return any(word in name for word in self.words)


LIFE_EVENTS: tuple[LifeEvent, ...] = (
    LifeEvent(
        "business",
        "开办企业",
        "名称核准、设立登记、联合审批与开业许可",
        "building",
        (
            "名称预先核准",
            "设立登记",
            "企业设立",
            "组织机构代码",
            "旅行社设立",
            "餐饮服务许可",
            "药品经营许可",
            "卫生许可",
            "营业前消防安全检查",
            "上网服务营业场所",
            "娱乐场所经营",
            "危险化学品经营",
            "道路旅客运输经营",
        ),
    ),
    LifeEvent(
        "construction",
        "建设项目",
        "立项、规划、用地、环评、施工许可与竣工验收",
        "flag",
        (
            "投资项目",
            "技术改造项目",
            "节能评估",
            "建设项目",
            "建设用地",
            "建设工程",
            "规划条件",
            "施工许可",
            "竣工",
            "水土保持",
            "取水许可",
        ),
    ),
    LifeEvent(
        "property",
        "房产土地",
        "商品房预售、房屋登记、开发资质与土地使用",
        "home",
        ("商品房", "房屋", "房地产", "国有建设用地", "采矿权"),
    ),
    LifeEvent(
        "society",
        "医疗教育社团",
        "医疗机构、民办学校与社会团体",
        "users",
        ("医疗机构", "学校", "社会团体"),
    ),
    LifeEvent(
        "safety",
        "安全生产",
        "特种设备、危险化学品与消防",
        "shield",
        ("特种设备", "危险化学品", "消防"),
    ),
    LifeEvent(
        "farming",
        "农林水利",
        "种子、林木采伐、取水与水土保持",
        "pin",
        ("种子", "林木", "取水", "水土保持"),
    ),
    LifeEvent(
        "personal",
        "个人事务",
        "个体经营、个人住房与个人办理的事项",
        "user",
        ("个体工商户", "房屋所有权登记", "林木采伐"),
    ),
)
EVENTS_BY_SLUG = {event.slug: event for event in LIFE_EVENTS}


def event_codes(event: LifeEvent, items: Iterable[IndexedItem]) -> list[str]:
    """Codes of the indexed items that belong to the event."""
    return [i.code for i in items if event.matches(i.name, i.topic)]


def audience_codes(audience: str, items: Iterable[IndexedItem]) -> list[str]:
    """Codes of the items whose 服务对象 include the audience."""
    wanted = AUDIENCES[audience][1]
    return [i.code for i in items if wanted.intersection(i.objects)]
