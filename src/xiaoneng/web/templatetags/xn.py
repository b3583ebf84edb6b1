"""Template helpers of the shell: Chinese dates (2026年3月5日, 星期四) in
Asia/Shanghai, calendar-day kinds, icons, status tags. `{% load xn %}`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

from xiaoneng.audit import presentation
from xiaoneng.core.text import cn_date as chinese_date
from xiaoneng.web import exports, readable

register = template.Library()

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
SHORT_WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


SEED = "张政发〔2012〕20号"

# What the seed document asks of each role, quoted (art. numbers in brackets).
ROLE_GUIDANCE: dict[str, list[tuple[str, str]]] = {
    "window": [
        ("一次性告知", "材料不齐全的，当场一次性告知需要补正的全部内容（第2条）。"),
        (
            "窗口办结",
            "不需要现场勘察、集体讨论、专家论证、社会听证的一般性审批事项，"
            "窗口受理后直接办结（第3条）。",
        ),
        ("电子监察", "审批事项全部纳入电子监察系统，全程跟踪、实时监控（第3条）。"),
    ],
    "reviewer": [
        ("限时办结", "在承诺时限内提出审查意见，坚决杜绝推诿扯皮、敷衍塞责（第2、8条）。"),
        ("并联审批", "同一事项涉及两个以上部门的，实行联合办理或并联审批（第3条）。"),
    ],
    "dept_head": [
        ("充分授权", "对服务窗口办理事项充分授权，一般性审批事项窗口直接办结（第3条）。"),
        ("牵头联审", "企业设立项目由市工商局牵头，力争审批用时最短、成本最低、效率最高（第2条）。"),
        ("责任追究", "办事拖拉、推诿扯皮、故意刁难的，根据责任轻重予以问责（第16条）。"),
    ],
    "leader": [
        ("检查评比", "检查评比观摩活动未经市政府分管领导同意一律不得安排（第5条）。"),
        ("文电会议", "市直部门确需向县区政府行文、召开专业性会议的，须经分管领导同意（第11条）。"),
        ("一线工作", "突发事件发生时，分管领导第一时间赶赴现场、履行职责（第9条）。"),
    ],
    "mayor": [
        ("会议审批", "以市政府名义召开的会议，经分管领导审核，报市长审批（第11条）。"),
        ("目标管理", "主要目标和重点任务层层分解，责任主体、标准、时限、奖惩四明确（第14条）。"),
        ("晒成绩单", "坚持晒“成绩单”、晾“排行榜”，定期公示、接受监督（第15条）。"),
    ],
    "supervisor": [
        ("全程监控", "行政审批事项纳入电子监察系统，全程跟踪、实时监控（第3条）。"),
        ("效能监督", "加强对行政决策、执行、监督等环节效能问题的监督检查（第15条）。"),
        ("明察暗访", "采取明察暗访、重点检查、公开曝光、跟踪问效等措施严肃查处（第12条）。"),
    ],
    "complaint": [
        ("畅通渠道", "畅通举报投诉渠道，认真查处机关作风、行政效能方面的突出问题（第16条）。"),
        ("严肃查处", "对只占位不作为、不遵章守纪、影响政府形象的人和事严肃查处（第12条）。"),
    ],
    "inspector": [
        ("督促检查", "加强对目标管理责任的督促检查，确保各项目标任务落到实处（第15条）。"),
        ("考核节奏", "落实月通报、季评比、半年检查考核、年终兑现奖惩制度（第15条）。"),
        ("四个明确", "干什么事、谁去干、什么时间干到什么程度（第14条）。"),
    ],
    "agent": [
        ("帮办代办", "重大招商引资、重大产业和省市重点项目实行帮办、代办制（第2条）。"),
        ("全程服务", "代办项目立项、审批、报建和建设过程所需各类手续（第2条）。"),
    ],
    "admin": [
        ("工作日历", "期限按工作日计算，节假日安排以国务院办公厅通知为准，及时导入。"),
        ("岗位公示", "依法公布审批程序、时限、结果及承办部门、承办人员（第7条）。"),
        ("审计留痕", "每项操作写入不可篡改的审计链，定期校验。"),
    ],
    "applicant": [
        ("一次性告知", "材料不齐全的，窗口应一次性告知需要补正的全部内容（第2条）。"),
        ("效能投诉", "遇到推诿扯皮、故意刁难、吃拿卡要，可拨打 12345 或向效能投诉中心投诉。"),
    ],
}


def _as_date(value: Any) -> date | None:
    """A date in Asia/Shanghai: aware datetimes are converted, naive ones
    are taken as already local, dates pass through."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(SHANGHAI)
        day: date = value.date()
        return day
    if isinstance(value, date):
        return value
    return None


def _as_local(value: datetime) -> datetime:
    return value.astimezone(SHANGHAI) if timezone.is_aware(value) else value


@register.filter
def cn_date(value: Any) -> str:
    """2026年3月5日 (GB/T 9704 style: Arabic numerals, no leading zeros)."""
    d = _as_date(value)
    return "" if d is None else chinese_date(d)


@register.filter
def cn_month_day(value: Any) -> str:
    """3月5日."""
    d = _as_date(value)
    return f"{d.month}月{d.day}日" if d else ""


@register.filter
def cn_weekday(value: Any) -> str:
    """星期四."""
    d = _as_date(value)
    return WEEKDAYS[d.weekday()] if d else ""


@register.filter
def cn_weekday_short(value: Any) -> str:
    """周四."""
    d = _as_date(value)
    return f"周{SHORT_WEEKDAYS[d.weekday()]}" if d else ""


@register.filter
def cn_datetime(value: Any) -> str:
    """2026年3月5日 14:05, in Asia/Shanghai."""
    if isinstance(value, datetime):
        local = _as_local(value)
        return f"{cn_date(local)} {local:%H:%M}"
    return cn_date(value)


@register.filter
def cn_time(value: Any) -> str:
    """14:05:09, in Asia/Shanghai."""
    if isinstance(value, datetime):
        return f"{_as_local(value):%H:%M:%S}"
    return ""


@register.filter
def iso_datetime(value: Any) -> str:
    """The machine-readable form for <time datetime="…">."""
    if isinstance(value, datetime):
        return _as_local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return ""


@register.filter
def day_kind(day: dict[str, Any]) -> str:
    """A calendar-strip day as printed calendars mark it: "workday" (an
    ordinary working day), "makeup" (调休上班, 班), "holiday" (法定节假日, 休)
    or "weekend"."""
    d: date = day["date"]
    weekend = d.weekday() >= 5
    if day.get("workday"):
        return "makeup" if weekend else "workday"
    return "holiday" if day.get("name") else "weekend"


@register.filter
def short_hash(value: Any, length: int = 10) -> str:
    text = str(value or "")
    return f"{text[:length]}…" if len(text) > length else text


@register.filter
def event_label(event_type: str) -> str:
    """An audit event type as staff read it: its meaning as its app declares
    it (`<app>/vocabulary.py`); never the code (audit/presentation.py)."""
    return presentation.event_label(event_type)


@register.filter
def object_label(object_type: str) -> str:
    return presentation.object_label(object_type)


@register.filter
def audit_subject(event: Any) -> str:
    """What an audit event was about, by name ("办件 2026…", "好差评 …"), not "rating #997"."""
    return presentation.subject_of(event)


@register.filter
def code_label(code: str) -> str:
    """A stored code (error code, event type, choice) in words; unknown: as stored."""
    return readable.code_label(str(code or "")) or str(code or "")


@register.filter
def readable_rows(data: Any) -> list[tuple[str, str]]:
    """A stored mapping (an audit payload, an anomaly's evidence) as (label,
    text) rows for a table or <dl>: web/readable.py."""
    return readable.readable_rows(data)


KPI_ICONS = {
    "可见工作人员": "users",
    "分管部门": "org",
    "市直部门": "building",
    "县（区）": "pin",
    "在线用户": "online",
    "24小时登录失败": "lock",
    # 公共资源交易 (workbench/trading.py)
    "待受理进场登记": "upload",
    "近期开标": "calendar",
    "在办交易项目": "doc",
    "待答复异议": "check",
    "待处理交易投诉": "scale",
    "被暂停项目": "warning",
    "可投标项目": "doc",
    "我的投标": "doc",
    "待评标": "check",
}


@register.filter
def kpi_icon(label: str) -> str:
    return KPI_ICONS.get(label, "flag")


KIND_TAGS = {
    "government": "xn-tag-red",
    "department": "",
    "county": "xn-tag-success",
    "office": "xn-tag-info",
    "window": "xn-tag-warning",
}


@register.filter
def kind_tag(kind: str) -> str:
    """The tag colour of a department kind in the organisation tree."""
    return KIND_TAGS.get(kind, "xn-tag-info")


@register.filter
def lines(value: Any) -> list[str]:
    """Split duties text into its numbered lines, dropping empty ones."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """mapping[key], or an empty list when absent (department tree children)."""
    try:
        return mapping.get(key, [])
    except AttributeError:
        return []


@register.filter
def count_workdays(days: list[dict[str, Any]]) -> int:
    """How many days of a calendar strip are working days."""
    return sum(1 for day in days if day.get("workday"))


@register.filter
def token_state(token: Any) -> str:
    """ "revoked", "expired" or "active" for an API token."""
    if getattr(token, "revoked_at", None):
        return "revoked"
    expires = getattr(token, "expires_at", None)
    if expires and expires <= timezone.now():
        return "expired"
    return "active"


@register.simple_tag
def role_guidance(role: str) -> list[tuple[str, str]]:
    """The seed document's requirements for a workbench role."""
    return ROLE_GUIDANCE.get(role, [])


@register.simple_tag(takes_context=True)
def export_query(context: Any, kind: str) -> str:
    """The list's query (its filters) asking for `kind` (xlsx, print): kit/list_tools.html."""
    request = context.get("request")
    return exports.export_query(request, kind) if request is not None else f"export={kind}"


@register.simple_tag
def seed_document() -> str:
    return SEED


@register.simple_tag
def greeting() -> str:
    """上午好 / 中午好 / 下午好 / 晚上好 by the hour in Asia/Shanghai."""
    hour = timezone.now().astimezone(SHANGHAI).hour
    if 5 <= hour < 11:
        return "上午好"
    if 11 <= hour < 13:
        return "中午好"
    if 13 <= hour < 18:
        return "下午好"
    return "晚上好"


@register.simple_tag
def icon(name: str, css: str = "xn-icon") -> str:
    """An icon from the local SVG sprite (web/img/icons.svg)."""
    href = f"{static('web/img/icons.svg')}#i-{name}"
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        css,
        href,
    )


@register.filter
def yuan(value: Any) -> str:
    """An amount in yuan as people read it: thousands grouped, two decimals
    ("8,350,000.00"); empty stays empty, anything else as it is."""
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)
