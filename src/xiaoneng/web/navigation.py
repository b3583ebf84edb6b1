"""Navigation per role: each entry shows only to actors holding its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse

from xiaoneng.org.authority import has_perm

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in user
    icon: str = "dot"
    staff_only: bool = False  # Django admin pages need is_staff too
    new_tab: bool = False  # opens in a new browser tab (the big screen)


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]


NAVIGATION: tuple[NavGroup, ...] = (
    NavGroup(
        "工作台",
        (
            NavItem("我的工作台", "web:workbench", icon="home"),
            NavItem("岗位职责", "web:duties", icon="id"),
        ),
    ),
    NavGroup(
        "审批办件",
        (
            NavItem("收件受理", "cases:window", "case.intake", icon="upload"),
            NavItem("审查决定", "cases:desk", "case.review", icon="scale"),
            # 综合查询 for every desk (cases.search.SEARCH_PERMISSIONS); shown once.
            *(
                NavItem("综合查询", "cases:search", code, icon="search")
                for code in (
                    "case.intake",
                    "case.review",
                    "case.decide",
                    "case.extend.approve",
                    "leader.approve",
                    "supervision.view",
                )
            ),
            # 统一、联合、并联办理的延期由本级人民政府负责人批准（第四十二条第二款）.
            NavItem("延期审批", "cases:desk", "leader.approve", icon="clock"),
            NavItem("在线申请", "cases:apply", "case.apply", icon="doc"),
            NavItem("我的申请", "cases:mine", "case.apply", icon="clock"),
        ),
    ),
    NavGroup(
        "绿色通道",
        (
            NavItem("代办员工作台", "projects:desk", "case.agent", icon="flag"),
            NavItem("项目档案", "projects:list", "project.view", icon="building"),
            NavItem("立项建档", "projects:create", "project.manage", icon="doc"),
        ),
    ),
    NavGroup(
        "电子监察",
        (
            NavItem("监察台", "supervision:desk", "supervision.view", icon="timer"),
            NavItem("环节时限", "supervision:steps", "supervision.view", icon="clock"),
            NavItem("黄牌红牌", "supervision:cards", "supervision.view", icon="flag"),
            NavItem("督办纠错", "supervision:orders", "supervision.view", icon="megaphone"),
            NavItem("异常监测", "supervision:anomalies", "supervision.view", icon="warning"),
            NavItem(
                "电子监察大屏", "bigscreen:screen", "supervision.view", icon="online", new_tab=True
            ),
            NavItem("本部门黄红牌", "supervision:cards", "supervision.reply", icon="flag"),
            NavItem("督办答复", "supervision:orders", "supervision.reply", icon="megaphone"),
            NavItem("本部门异常", "supervision:anomalies", "supervision.reply", icon="warning"),
        ),
    ),
    NavGroup(
        "绩效考评",
        (
            NavItem("部门指标", "scores:metrics", "score.view", icon="scale"),
            NavItem("月度排名", "scores:ranking", "score.view", icon="flag"),
        ),
    ),
    NavGroup(
        "好差评",
        (
            NavItem("差评整改", "ratings:desk", "rating.handle", icon="megaphone"),
            NavItem("窗口评价码", "ratings:visit_new", "case.intake", icon="id"),
            NavItem("申诉审核", "ratings:appeals", "rating.appeal.decide", icon="scale"),
        ),
    ),
    NavGroup(
        "效能投诉",
        (
            NavItem("投诉办理", "complaints:desk", "complaint.handle", icon="megaphone"),
            NavItem("登记投诉", "complaints:register", "complaint.handle", icon="doc"),
            NavItem("待说明的投诉", "complaints:explain_desk", "complaint.explain", icon="warning"),
        ),
    ),
    NavGroup(
        "明察暗访",
        (
            NavItem("检查计划", "checks:plans", "check.manage", icon="flag"),
            NavItem("问题与整改", "checks:findings", "check.manage", icon="megaphone"),
            NavItem("本单位整改", "checks:findings", "check.rectify", icon="megaphone"),
        ),
    ),
    NavGroup(
        "效能问责",
        (
            NavItem("问责案件", "accountability:desk", "accountability.manage", icon="scale"),
            NavItem("移送问责", "accountability:desk", "accountability.refer", icon="scale"),
            NavItem("个人问责记录", "accountability:people", "accountability.records", icon="id"),
            NavItem("本单位问责", "accountability:desk", "accountability.respond", icon="scale"),
        ),
    ),
    NavGroup(
        "目标管理",
        (
            NavItem("目标责任", "targets:desk", "target.manage", icon="flag"),
            NavItem("本单位目标", "targets:mine", "target.report", icon="flag"),
            NavItem("目标总览", "targets:leader", "target.view", icon="flag"),
            NavItem("考核评比", "appraisal:desk", "appraisal.manage", icon="scale"),
            NavItem("年终考核结果", "appraisal:results", "appraisal.results", icon="scale"),
        ),
    ),
    NavGroup(
        "督查督办",
        (
            NavItem("督查督办", "directives:desk", "directive.manage", icon="megaphone"),
            NavItem("领导督办事项", "directives:desk", "target.view", icon="megaphone"),
            NavItem("本单位督办", "directives:mine", "directive.report", icon="megaphone"),
            NavItem("请示办理", "directives:requests", "request.handle", icon="doc"),
            NavItem("请示办理", "directives:requests", "target.view", icon="doc"),
            NavItem("调整审批", "directives:adjustments", "target.adjust.decide", icon="clock"),
        ),
    ),
    NavGroup(
        "收费管理",
        (
            NavItem("收费目录", "fees:catalog", "fee.catalog", icon="doc"),
            NavItem("收费登记", "fees:charges", "fee.charge", icon="scale"),
            NavItem("收费审批", "fees:approvals", "fee.approve", icon="flag"),
            NavItem("收费对账", "fees:reconciliation", "fee.reconcile", icon="scale"),
        ),
    ),
    NavGroup(
        "检查评比",
        (
            NavItem("检查评比登记", "inspections:activities", "inspection.register", icon="doc"),
            NavItem("检查评比审批", "inspections:approvals", "inspection.approve", icon="scale"),
            NavItem("检查评比计划", "inspections:plan", "inspection.manage", icon="calendar"),
            NavItem("企业名录", "inspections:enterprises", "inspection.manage", icon="building"),
            NavItem("企业报告核实", "inspections:reports", "inspection.manage", icon="warning"),
        ),
    ),
    NavGroup(
        "厉行节约",
        (
            NavItem("公务接待", "frugality:receptions", "frugality.register", icon="doc"),
            NavItem("公务接待", "frugality:receptions", "frugality.approve", icon="doc"),
            NavItem("公务用车", "frugality:vehicles", "frugality.register", icon="pin"),
            NavItem("因公出国（境）", "frugality:trips", "frugality.register", icon="arrow"),
            NavItem("接待审批", "frugality:approvals", "frugality.approve", icon="check"),
            NavItem("用车与出国审批", "frugality:city", "frugality.approve.city", icon="check"),
            NavItem("三公经费", "frugality:report", "frugality.report", icon="scale"),
            NavItem("三公经费", "frugality:report", "frugality.register", icon="scale"),
        ),
    ),
    NavGroup(
        "重大决策",
        (
            NavItem("重大行政决策", "decisions:decisions", "decision.sponsor", icon="scale"),
            NavItem("重大行政决策", "decisions:decisions", "decision.meeting", icon="scale"),
            NavItem("重大行政决策", "decisions:decisions", "leader.approve", icon="scale"),
            NavItem("重大行政决策", "decisions:decisions", "supervision.manage", icon="scale"),
            NavItem("合法性审查", "decisions:reviews", "decision.legality", icon="check"),
            NavItem("决策事项目录", "decisions:catalogue", "decision.catalog", icon="book"),
            NavItem("常务会议", "decisions:meetings", "decision.meeting", icon="users"),
        ),
    ),
    NavGroup(
        "行政执法",
        (
            # The body's officers and head handle cases; the supervision bureau reads them all.
            NavItem("执法案件", "enforcement:cases", "enforcement.act", icon="scale"),
            NavItem("执法案件", "enforcement:cases", "enforcement.decide", icon="scale"),
            NavItem("执法案件", "enforcement:cases", "supervision.manage", icon="scale"),
            # 行政处罚法第四十二、五十五条: officers act on site, two together.
            NavItem("现场执法", "enforcement:new_clue", "enforcement.act", icon="pin"),
            NavItem("当场处罚", "enforcement:simple", "enforcement.act", icon="doc"),
            NavItem("负责人审批", "enforcement:head_desk", "enforcement.decide", icon="check"),
            NavItem("法制审核", "enforcement:review_desk", "enforcement.legality", icon="check"),
            NavItem("执法事项与裁量基准", "enforcement:items", "enforcement.act", icon="book"),
            NavItem("执法事项与裁量基准", "enforcement:items", "enforcement.manage", icon="book"),
            NavItem("执法事项与裁量基准", "enforcement:items", "enforcement.legality", icon="book"),
            NavItem("执法事项与裁量基准", "enforcement:items", "supervision.manage", icon="book"),
            NavItem("执法证管理", "enforcement:certificates", "enforcement.legality", icon="id"),
            # 罚缴分离（第六十七条）: finance records the bank's receipts, never the body.
            NavItem("罚没款登记", "enforcement:money_desk", "enforcement.payment", icon="scale"),
        ),
    ),
    NavGroup(
        "公共资源交易",
        (
            # 管办分离: the tenderer (or its agency) runs its project, the centre
            # operates, each kind's regulator supervises; supervision reads all.
            NavItem("交易项目", "trading:projects", "trading.tender", icon="doc"),
            NavItem("交易项目", "trading:projects", "trading.agency", icon="doc"),
            NavItem("交易项目", "trading:projects", "trading.operate", icon="doc"),
            NavItem("交易项目", "trading:projects", "trading.regulate", icon="doc"),
            NavItem("交易项目", "trading:projects", "supervision.manage", icon="doc"),
            NavItem("项目进场登记", "trading:register", "trading.tender", icon="upload"),
            NavItem("项目进场登记", "trading:register", "trading.agency", icon="upload"),
            NavItem("异议答复", "trading:objections", "trading.tender", icon="check"),
            NavItem("异议答复", "trading:objections", "trading.agency", icon="check"),
            NavItem("交易中心工作台", "trading:centre", "trading.operate", icon="check"),
            NavItem("场地预约", "trading:venues", "trading.operate", icon="calendar"),
            NavItem("评标专家库", "trading:experts", "trading.operate", icon="users"),
            NavItem("交易主体", "trading:parties", "trading.operate", icon="users"),
            NavItem("行业监管", "trading:regulator", "trading.regulate", icon="scale"),
            NavItem("交易投诉处理", "trading:complaints", "trading.regulate", icon="scale"),
            NavItem("我的投标", "trading:bidder", "trading.bid", icon="doc"),
            NavItem("我的评标", "trading:expert", "trading.expert", icon="check"),
        ),
    ),
    NavGroup(
        "文风会风与值班",
        (
            # 文风 (seed art. 11): the unit's office drafts, its head signs, the
            # leader in charge approves documents to the counties.
            NavItem("发文办理", "office:documents", "dispatch.draft", icon="doc"),
            NavItem("发文办理", "office:documents", "dispatch.sign", icon="doc"),
            NavItem("待审批公文", "office:documents_leader", "leader.approve", icon="check"),
            NavItem("发文统计", "office:documents_stats", "report.manage", icon="chart"),
            NavItem("发文统计", "office:documents_stats", "supervision.view", icon="chart"),
            NavItem("信息报送", "office:reports", "report.submit", icon="upload"),
            NavItem("报送日历", "office:report_calendar", "report.manage", icon="calendar"),
            # 会风: meetings approved, attended by whom they name, signed in.
            NavItem("会议", "office:meetings", "meeting.apply", icon="users"),
            NavItem("会议", "office:meetings", "meeting.attend", icon="users"),
            NavItem("会议审批", "office:meetings_approve", "leader.approve", icon="check"),
            NavItem("会议报批", "office:meetings_approve", "meeting.manage", icon="check"),
            NavItem("会议出勤统计", "office:meeting_stats", "meeting.manage", icon="chart"),
            NavItem("会议出勤统计", "office:meeting_stats", "supervision.view", icon="chart"),
            # 值班与请销假 (art. 12).
            NavItem("节假日值班", "office:rosters", "duty.roster", icon="calendar"),
            NavItem("值班查岗", "office:duty_desk", "duty.check", icon="scale"),
            NavItem("离张请假", "office:leave", "leave.request", icon="doc"),
            NavItem("请假审批", "office:leave_desk", "leader.approve", icon="check"),
            NavItem("离张报备情况", "office:leave_desk", "supervision.view", icon="check"),
            # 一线工作法 (art. 9).
            NavItem("突发事件", "office:emergencies", "emergency.register", icon="warning"),
            NavItem("突发事件", "office:emergencies", "emergency.respond", icon="warning"),
            NavItem("突发事件", "office:emergencies", "emergency.review", icon="warning"),
            NavItem("一线工作", "office:frontline", "frontline.log", icon="id"),
            NavItem("一线工作", "office:frontline", "frontline.follow", icon="id"),
            NavItem("一线工作", "office:frontline", "supervision.view", icon="id"),
        ),
    ),
    NavGroup(
        "政务公开",
        (
            NavItem("依申请公开", "disclosure:desk", "disclosure.handle", icon="doc"),
            NavItem("主动公开", "openinfo:items", "openinfo.publish", icon="doc"),
            NavItem("全市主动公开", "openinfo:city", "openinfo.manage", icon="chart"),
            NavItem("复议与诉讼", "openinfo:reviews", "openinfo.manage", icon="scale"),
            NavItem("年度报告", "openinfo:report", "openinfo.manage", icon="book"),
        ),
    ),
    NavGroup(
        "基础数据",
        (
            NavItem("工作日历", "calendar:year", "calendar.view", icon="calendar"),
            NavItem("导入节假日安排", "calendar:import", "calendar.manage", icon="upload"),
            NavItem("组织机构", "web:org", "org.view", icon="org"),
        ),
    ),
    NavGroup(
        "系统管理",
        (
            NavItem("用户管理", "useradmin:users", "org.manage", "users"),
            NavItem("角色管理", "useradmin:roles", "org.manage", "shield"),
            NavItem("机构管理", "useradmin:departments", "org.manage", "org"),
            NavItem("岗位管理", "useradmin:positions", "org.manage", "id"),
            NavItem(
                "字典管理",
                "admin:system_dicttype_changelist",
                "system.dict",
                "book",
                staff_only=True,
            ),
            NavItem(
                "参数设置",
                "admin:system_parameter_changelist",
                "system.params",
                "sliders",
                staff_only=True,
            ),
            NavItem(
                "在线用户",
                "admin:accounts_onlinesession_changelist",
                "system.online",
                "online",
                staff_only=True,
            ),
            NavItem(
                "登录日志",
                "admin:accounts_loginlog_changelist",
                "system.logs",
                "log",
                staff_only=True,
            ),
            NavItem(
                "操作日志",
                "admin:system_operationlog_changelist",
                "system.logs",
                "log",
                staff_only=True,
            ),
            NavItem(
                "审计链",
                "admin:audit_auditevent_changelist",
                "audit.view",
                "shield",
                staff_only=True,
            ),
        ),
    ),
    NavGroup(
        "个人中心",
        (
            NavItem("消息通知", "supervision:notifications", icon="bell"),
            NavItem("修改密码", "accounts:password", icon="lock"),
            # Every official may read their own record of measures (PIPL art. 45).
            NavItem("我的问责记录", "accountability:my_record", icon="id"),
            NavItem("API 令牌", "accounts:tokens", "api.token", icon="key"),
        ),
    ),
)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def menu_for(actor: Actor, current_path: str = "") -> list[dict[str, Any]]:
    groups = []
    for group in NAVIGATION:
        items: list[dict[str, Any]] = []
        for item in group.items:
            if item.permission and not has_perm(actor, item.permission):
                continue
            if item.staff_only and not actor.is_staff:
                continue
            url = _url(item.url_name)
            # One entry per page: the first label that fits the actor's role wins.
            if url is None or any(seen["url"] == url for seen in items):
                continue
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "active": current_path == url,
                    "new_tab": item.new_tab,
                }
            )
        if items:
            groups.append({"label": group.label, "items": items})
    return groups
