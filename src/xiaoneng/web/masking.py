"""Masking of applicants' names on public pages (办件查询, 审批结果公示).

Staff names and departments are public (seed art. 7: 公布承办部门、承办人员);
the applicant is shown only as much as lets them recognise their own case:

- an organisation keeps its leading place and the first characters of its
  trade name, and its legal form: 张掖市祁连绿源农业科技有限公司 → 张掖市祁连****有限公司;
- a person keeps the first and last character: 张三丰 → 张*丰, 张三 → 张*.
"""

from __future__ import annotations

import re

MASK = "*"
ORG_MASK = MASK * 4

# Legal forms and organisation words that end an organisation's name, longest first.
ORG_SUFFIXES = tuple(
    sorted(
        (
            "股份有限公司",
            "有限责任公司",
            "有限公司",
            "集团公司",
            "分公司",
            "公司",
            "合作社",
            "个体工商户",
            "合伙企业",
            "事务所",
            "研究院",
            "委员会",
            "协会",
            "商会",
            "学会",
            "基金会",
            "学校",
            "医院",
            "诊所",
            "中心",
            "集团",
            "企业",
            "工厂",
            "厂",
            "店",
            "馆",
            "部",
            "站",
            "社",
            "行",
            "园",
            "场",
        ),
        key=len,
        reverse=True,
    )
)
# Place names that lead an organisation's name: kept whole.
PLACE_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}省)?(?:[\u4e00-\u9fff]{1,4}(?:自治州|市|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,6}?(?:自治县|县|区|旗))?"
)
ORG_WORDS = ("公司", "合作社", "企业", "集团", "中心", "协会", "学校", "医院", "事务所")
PERSON_MAX = 4  # names of people longer than this are treated as organisations
KEEP_TRADE = 2  # characters of the trade name kept


def _is_organisation(name: str) -> bool:
    return len(name) > PERSON_MAX or any(word in name for word in ORG_WORDS)


def mask_person(name: str) -> str:
    if len(name) <= 1:
        return MASK
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_organisation(name: str) -> str:
    suffix = next((s for s in ORG_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")
    body = name[: len(name) - len(suffix)]
    place = PLACE_RE.match(body)
    lead = place.group(0) if place else ""
    if len(lead) >= len(body):  # a name that is all place (张掖市公司): keep the place only
        lead = body[: max(1, len(body) // 2)]
    trade = body[len(lead) :]
    kept = trade[:KEEP_TRADE] if len(trade) > KEEP_TRADE else trade[:1]
    return f"{lead}{kept}{ORG_MASK}{suffix}"


def mask_name(name: str) -> str:
    """The public form of an applicant's name: never the whole of it."""
    name = "".join((name or "").split())
    if not name:
        return ""
    if _is_organisation(name):
        return mask_organisation(name)
    return mask_person(name)


def mask_id_no(value: str) -> str:
    """A citizen identity number with its birth date and serial hidden: 6207**********1234."""
    return (
        f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else "*" * len(value)
    )


def mask_phone(value: str) -> str:
    """A phone number with its middle hidden: 138****5678."""
    digits = value.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "*" * len(digits)
