"""GET services and GET services/{code}: the complaint categories (domain
rules §5) as GeoReport service definitions, with the attributes a
complaint needs: the unit complained about (required, one of the units),
the staff member and the approval case (optional)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from xiaoneng.complaints.actions import accused_units
from xiaoneng.complaints.models import Category
from xiaoneng.org.models import Department

# group: the kind of conduct; description: what the category covers.
GROUPS: dict[str, tuple[str, str]] = {
    Category.INACTION: ("工作作风", "对依法应当履行的职责不履行、拖延履行"),
    Category.MISCONDUCT: ("依法行政", "超越职权、违反法定程序或者滥用职权办事"),
    Category.DELAY: ("工作作风", "办事拖拉，超过承诺或者法定时限办理"),
    Category.BUCK_PASSING: ("工作作风", "部门之间、工作人员之间推诿扯皮，不按首问负责制办理"),
    Category.OBSTRUCTION: ("服务态度", "对符合条件的事项设置障碍、故意刁难"),
    Category.RUDENESS: ("服务态度", "对办事群众态度蛮横、冷硬"),
    Category.BRIBERY: ("廉洁自律", "办事吃拿卡要、索取或者收受财物"),
    Category.LEVY: ("廉洁自律", "向企业和群众乱摊派"),
    Category.FEES: ("廉洁自律", "超出标准或者无依据收费"),
    Category.FINES: ("廉洁自律", "无依据或者超出幅度罚款"),
    Category.ABSENCE: ("工作纪律", "工作时间擅离职守、脱岗离岗"),
    Category.IDLING: ("工作纪律", "工作时间打牌下棋、上网聊天、玩游戏"),
    Category.EXECUTION: ("工作作风", "对上级决策部署执行不力"),
    Category.OTHER: ("其他", "其他影响行政效能的行为"),
}

DEPARTMENT_ATTRIBUTE = "department_code"
STAFF_ATTRIBUTE = "staff_name"
CASE_ATTRIBUTE = "case_number"
UNITS_KEY = "xn:open311:units"
UNITS_SECONDS = 30


def service_list() -> list[dict[str, Any]]:
    """GET services: every category, each with its definition (metadata)."""
    return [
        {
            "service_code": code,
            "service_name": label,
            "description": GROUPS[code][1],
            "metadata": True,
            "type": "realtime",
            "keywords": f"效能投诉,{GROUPS[code][0]},{label}",
            "group": GROUPS[code][0],
        }
        for code, label in Category.choices
    ]


def units() -> list[tuple[str, str]]:
    """(code, name) of the units a complaint can be about (被投诉单位: the
    government, its departments and counties; a window's bureau answers for
    it), in the organisation's order."""
    return [(u["code"], u["name"]) for u in unit_map().values() if u["accused"]]


def unit_map() -> dict[str, dict[str, Any]]:
    """Every active unit by code: {pk, code, name, address, accused}. Kept
    `UNITS_SECONDS` in the cache: the intake's checks read it on every POST,
    and the action checks the unit again against the database."""
    found: dict[str, dict[str, Any]] | None = cache.get(UNITS_KEY)
    if found is not None:
        return found
    columns = ("pk", "code", "name", "address")
    accused = list(accused_units().values(*columns))
    others = Department.objects.filter(active=True).exclude(pk__in=[u["pk"] for u in accused])
    found = {u["code"]: {**u, "accused": True} for u in accused}
    found.update({u["code"]: {**u, "accused": False} for u in others.values(*columns)})
    cache.set(UNITS_KEY, found, UNITS_SECONDS)
    return found


def service_definition(code: str) -> dict[str, Any]:
    """GET services/{code}: the attributes, in the order a form shows them."""
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": DEPARTMENT_ATTRIBUTE,
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "被投诉单位的机构编码",
                "order": 1,
                "description": "被投诉单位",
                "values": [{"key": key, "name": name} for key, name in units()],
            },
            {
                "variable": True,
                "code": STAFF_ATTRIBUTE,
                "datatype": "string",
                "required": False,
                "datatype_description": "知道姓名的，填写被投诉工作人员姓名（不超过 100 字）",
                "order": 2,
                "description": "被投诉工作人员",
            },
            {
                "variable": True,
                "code": CASE_ATTRIBUTE,
                "datatype": "string",
                "required": False,
                "datatype_description": "涉及审批办件的，填写办件编号",
                "order": 3,
                "description": "涉及办件编号",
            },
        ],
    }


def known(code: str) -> bool:
    return code in Category.values
