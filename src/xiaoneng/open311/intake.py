"""POST requests: a complaint from a registered outside system.

Everything is checked before anything is written: the api_key (403), then
every field (400, all problems listed at once, as the spec's error list);
only a request that passes reaches `complaints.actions.submit_complaint`,
which writes the complaint, its first event and its audit entry in one
transaction. A refused request stores nothing.

Fields (GeoReport v2): service_code; a location — lat + long, or
address_string, or address_id (here: a unit's code, whose office address
is then the place); attribute[department_code] (required),
attribute[staff_name], attribute[case_number]; description (required,
≤ 4,000 characters as the spec suggests); first_name, last_name, phone,
email (the complainant: no name means anonymous, a phone then kept only
for the call-back; an email is kept as the address to reply to); media_url
(a link, kept in the text: the server never fetches it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict

from xiaoneng.complaints.models import Category

from .services import CASE_ATTRIBUTE, DEPARTMENT_ATTRIBUTE, STAFF_ATTRIBUTE, unit_map

DESCRIPTION_MAX = 4000
LIMITS = {
    "first_name": 50,
    "last_name": 50,
    "phone": 30,
    "email": 120,
    "address_string": 300,
    "address_id": 32,
    "media_url": 1000,
    "device_id": 100,
    "account_id": 100,
    "jurisdiction_id": 100,
    "service_code": 32,
}
ATTRIBUTE_LIMITS = {DEPARTMENT_ATTRIBUTE: 32, STAFF_ATTRIBUTE: 100, CASE_ATTRIBUTE: 32}
TITLE_MAX = 60
BODY_MAX = 64 * 1024  # bytes of one POST: 4,000 characters of Chinese are 12 KB


@dataclass
class Intake:
    """A checked request, ready for `submit_complaint`; `problems` lists
    what is wrong (in Chinese, one line each) when it is not."""

    problems: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


def _text(post: QueryDict, name: str, problems: list[str]) -> str:
    value = post.get(name, "").strip()
    limit = LIMITS.get(name)
    if limit is not None and len(value) > limit:
        problems.append(f"{name} 超过 {limit} 个字符")
        return ""
    return value


def _attributes(post: QueryDict, problems: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in post:
        if not key.startswith("attribute["):
            continue
        code = key[len("attribute[") : -1] if key.endswith("]") else ""
        if code not in ATTRIBUTE_LIMITS:
            problems.append(f"未定义的属性 {key}")
            continue
        value = post.get(key, "").strip()
        if len(value) > ATTRIBUTE_LIMITS[code]:
            problems.append(f"attribute[{code}] 超过 {ATTRIBUTE_LIMITS[code]} 个字符")
            continue
        found[code] = value
    return found


def _coordinate(raw: str, bound: int, name: str, problems: list[str]) -> Decimal | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append(f"{name} 不是数字")
        return None
    if not value.is_finite() or not -bound <= value <= bound:
        problems.append(f"{name} 超出范围（±{bound}）")
        return None
    return value.quantize(Decimal("0.000001"))


def _location(post: QueryDict, problems: list[str], out: dict[str, Any]) -> None:
    """lat + long, address_string or address_id: at least one (the spec)."""
    lat_raw, long_raw = post.get("lat", "").strip(), post.get("long", "").strip()
    if lat_raw or long_raw:
        if not (lat_raw and long_raw):
            problems.append("lat 与 long 须同时提供")
        else:
            out["lat"] = _coordinate(lat_raw, 90, "lat", problems)
            out["long"] = _coordinate(long_raw, 180, "long", problems)
    address = _text(post, "address_string", problems)
    address_id = _text(post, "address_id", problems)
    if address_id and not address:
        unit = unit_map().get(address_id)
        if unit is None:
            problems.append(f"address_id {address_id} 不是已知单位的机构编码")
        else:
            address = unit["address"] or unit["name"]
    out["address_string"] = address
    if not (lat_raw or long_raw or address or address_id):
        problems.append("须提供位置：lat 和 long、address_string 或 address_id 之一")


def _service(post: QueryDict, problems: list[str]) -> str:
    code = _text(post, "service_code", problems)
    if not code:
        problems.append("缺少 service_code")
    elif code not in Category.values:
        problems.append(f"service_code {code} 不存在")
    return code


def _unit(attributes: dict[str, str], problems: list[str]) -> dict[str, Any] | None:
    code = attributes.get(DEPARTMENT_ATTRIBUTE, "")
    if not code:
        problems.append(f"缺少必填属性 attribute[{DEPARTMENT_ATTRIBUTE}]（被投诉单位）")
        return None
    unit = unit_map().get(code)
    if unit is None or not unit["accused"]:
        unit = None
        problems.append(f"attribute[{DEPARTMENT_ATTRIBUTE}] {code} 不是可投诉的单位")
    return unit


def _description(post: QueryDict, problems: list[str]) -> str:
    text = post.get("description", "").strip()
    if not text:
        problems.append("缺少 description（投诉内容）")
    elif len(text) > DESCRIPTION_MAX:
        problems.append(f"description 超过 {DESCRIPTION_MAX} 个字符")
        return ""
    return text


def _media(post: QueryDict, problems: list[str]) -> str:
    url = _text(post, "media_url", problems)
    if url and not url.lower().startswith(("https://", "http://")):
        problems.append("media_url 须为 http 或 https 链接")
        return ""
    return url


def title_of(description: str) -> str:
    """The complaint's title: its first line, cut."""
    line = description.splitlines()[0].strip() if description else ""
    return line[:TITLE_MAX] + ("…" if len(line) > TITLE_MAX else "")


def check(post: QueryDict) -> Intake:
    """Every field of the POST checked; `fields` are submit_complaint's
    keyword arguments (less actor, channel and outside_system)."""
    problems: list[str] = []
    out: dict[str, Any] = {}
    service = _service(post, problems)
    attributes = _attributes(post, problems)
    unit = _unit(attributes, problems)
    _location(post, problems, out)
    description = _description(post, problems)
    media = _media(post, problems)
    name = (_text(post, "last_name", problems) + _text(post, "first_name", problems)).strip()
    phone = _text(post, "phone", problems)
    email = _text(post, "email", problems)
    for ignored in ("device_id", "account_id", "jurisdiction_id"):
        _text(post, ignored, problems)
    if problems or unit is None:
        return Intake(problems=problems)
    if media:
        description = f"{description}\n\n（附件链接：{media}）"
    out.update(
        category=service,
        department_id=unit["pk"],
        title=title_of(description),
        description=description,
        anonymous=not name,
        complainant_name=name,
        complainant_phone=phone,
        complainant_address=f"电子邮箱：{email}" if email else "",
        staff_name=attributes.get(STAFF_ATTRIBUTE, ""),
        case_number=attributes.get(CASE_ATTRIBUTE, ""),
    )
    return Intake(fields=out)
