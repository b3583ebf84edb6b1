"""What an actor may do (function permissions) and see (data scope).

Permission checks live in actions (`require`); selectors build their filter
with `scope_q`, the `for_actor(actor)` heart of every read."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import Q

from xiaoneng.core.errors import NotAuthenticated, PermissionDenied

from .models import AuthorityStamp, DataScope, Department, DepartmentKind, LeaderPortfolio, Role

if TYPE_CHECKING:
    from .actor import Actor
    from .models import User

# Every function permission the product knows, with the label admins see.
PERMISSIONS: dict[str, str] = {
    "org.view": "查看组织机构",
    "org.manage": "维护组织机构、岗位与用户",
    "calendar.view": "查看工作日历",
    "calendar.manage": "维护工作日历（导入节假日安排）",
    "catalog.manage": "维护事项目录（新增、修改、发布、暂停、导入导出）",
    "audit.view": "查看审计链",
    "audit.verify": "校验审计链",
    "system.logs": "查看登录日志与操作日志",
    "system.online": "在线用户与强制退出",
    "system.dict": "维护字典",
    "system.params": "维护参数设置",
    "api.token": "创建和吊销本人 API 令牌",
    "case.apply": "提出申请",
    "case.intake": "窗口收件与受理",
    "case.review": "审查与出具意见",
    "case.decide": "审批决定",
    "case.extend.approve": "批准延期",
    "case.agent": "帮办代办",
    "project.view": "查看重大项目档案（绿色通道）",
    "project.manage": "重大项目建档、改派代办员、办结",
    "supervision.view": "电子监察",
    "supervision.act": "督办与纠错",
    "supervision.manage": "电子监察处置（督办、纠错、办结）",
    "supervision.reply": "答复督办、纠错与黄红牌",
    "score.view": "查看效能考评指标与排名",
    "score.publish": "发布月度效能排名、重新计算指标",
    "complaint.handle": "效能投诉：登记、受理、调查、办结、答复与回访",
    "complaint.extend.approve": "效能投诉：批准延长办理期限（投诉中心负责人）",
    "complaint.explain": "效能投诉：被投诉单位说明情况",
    "complaint.keys": "Open311：为外部系统签发和吊销 API 密钥",
    "check.manage": "明察暗访：计划、检查组、发现问题、曝光与跟踪问效",
    "check.rectify": "明察暗访：被检查单位报送整改情况",
    "accountability.manage": "问责：立案、调查、拟定处理意见、送达",
    "accountability.decide": "问责：批准诫勉谈话、通报批评、限期改正",
    "accountability.refer": "问责：移送组织、纪检机关（引咎辞职、组织纪律处理）并登记结果",
    "accountability.respond": "问责：被问责单位或个人陈述申辩、报送整改、提出申诉",
    "accountability.records": "问责：查看个人问责记录（组织人事部门）",
    "target.manage": "目标责任：目标责任书导入与签订、进度核实与退回、催办",
    "target.view": "查看目标责任、督查督办事项与考核结果（领导）",
    "target.report": "目标责任：本单位报送进度、申请调整",
    "target.adjust.decide": "目标责任与督查督办：审批调整申请（分管领导）",
    "directive.manage": "督查督办：登记会议决定与领导批示、分解交办、催办、办结销号或退回",
    "directive.report": "督查督办：承办单位报送进展与办结材料、申请调整",
    "request.handle": "请示：报送请示，办理、转办与答复下级请示",
    "appraisal.manage": "考核评比：月通报、季评比、半年检查、年终考核与公开",
    "appraisal.results": "考核评比：查看年终考核结果、登记奖惩兑现（组织人事部门）",
    "fee.catalog": "收费目录：维护收费项目、依据、标准与有效期，导入导出（财政、物价部门）",
    "fee.charge": "收费：窗口在办件上登记收费与退费",
    "fee.approve": "收费：批准高于收费标准下限收费（部门负责人）",
    "fee.reconcile": "收费：登记缴库金额、月度对账（财政部门、监察局）",
    "inspection.register": "检查评比观摩：登记活动、合并、双随机抽取、登记实施情况",
    "inspection.approve": "检查评比观摩：审批本人分管部门的活动（市分管领导）",
    "inspection.manage": "检查评比观摩：年度计划总览、企业名录、核实企业报告、公布涉企检查负担",
    "frugality.register": "厉行节约：登记公务接待、公务用车与因公出国（境）申请及实际情况",
    "frugality.approve": "厉行节约：审批本单位公务接待（单位负责人）",
    "frugality.approve.city": "厉行节约：审批公务用车购置与因公出国（境）（市分管领导）",
    "frugality.report": "厉行节约：三公经费统计与公开（财政部门）",
    "decision.sponsor": "重大行政决策：承办单位登记、征求意见、专家论证、风险评估、送审、公布",
    "decision.catalog": "重大行政决策：编制并公布年度决策事项目录（政府办公室）",
    "decision.legality": "重大行政决策：合法性审查（法制机构）",
    "decision.meeting": "重大行政决策：常务会议集体讨论决定、归档、决策后评估（政府办公室）",
    "openinfo.publish": "主动公开：维护本单位主动公开目录、发布信息与政策解读",
    "openinfo.manage": "主动公开：全市主动公开监督、政府信息公开工作年度报告（政府办公室）",
    "enforcement.act": "行政执法：核查线索、调查取证、告知、送达、听证、当场处罚（持证执法人员）",
    "enforcement.decide": "行政执法：批准立案与延期、作出处罚决定、公示、结案（执法机关负责人）",
    "enforcement.manage": "行政执法：维护本机关执法事项清单和裁量基准",
    "enforcement.legality": "行政执法：重大执法决定法制审核、执法证件管理、执法监督（法制机构）",
    "enforcement.payment": "行政执法：登记银行代收罚没款（财政部门、代收银行）",
    "trading.operate": "公共资源交易：进场受理、场地预约、开标、专家抽取、现场见证（交易中心）",
    "trading.regulate": "公共资源交易：本行业交易监督、投诉处理、暂停项目（行业监管部门）",
    "trading.tender": (
        "公共资源交易：本单位项目进场登记、公告、澄清、异议答复、定标、合同（招标人）"
    ),
    "trading.agency": "公共资源交易：受托项目进场登记、公告、澄清、异议答复（招标代理机构）",
    "trading.bid": "公共资源交易：递交、撤回、解密投标文件，提出异议和投诉（投标人）",
    "trading.expert": "公共资源交易：本人参加的评标（评标专家）",
    "dispatch.draft": "发文：本单位公文拟稿、核稿、登记印发（单位办公室）",
    "dispatch.sign": "发文：签发本单位公文（单位负责人）",
    "report.submit": "报送：本单位报送政务信息、工作月报、统计报表",
    "report.manage": "报送：维护报送日历，查看全市报送情况（政府办公室）",
    "meeting.apply": "会议：申请召开会议、发出通知、审批代会请假、会场签到（承办单位）",
    "meeting.attend": "会议：确认本单位参会人员、请假（受邀单位）",
    "meeting.approve": "会议：审批以市政府名义召开的全市性会议（市长）",
    "meeting.manage": "会议：登记常务会议决定、会议出勤统计与通报（政府办公室）",
    "duty.roster": "值班：编制并报送本单位节假日值班表",
    "duty.check": "值班：查岗（政府办公室、监察局）",
    "leave.request": "请销假：县区和部门主要负责人本人离张请假、销假",
    "emergency.register": "突发事件：登记、通知到场人员、处置记录、处置完毕（政府总值班室）",
    "emergency.respond": "突发事件：本人到场签到、记录履职情况",
    "emergency.review": "突发事件：复盘评估（政府办公室、监察局）",
    "frontline.log": "一线工作：记录本人下基层调研、联村联户和发现的问题",
    "frontline.follow": "一线工作：本单位办理调研发现的问题",
    "leader.approve": "分管领导审批",
    "rating.handle": "好差评：登记窗口服务、差评整改与回访、恶意差评申诉",
    "rating.appeal.decide": "好差评：审核恶意差评申诉",
    "disclosure.handle": "依申请公开：登记、补正、征求意见、答复",
    "disclosure.extend.approve": "依申请公开：批准延长答复期限",
}


def _roles(actor: User) -> list[Role]:
    # Cached on the user object for the length of one request.
    cached: list[Role] | None = getattr(actor, "_xn_roles", None)
    if cached is None:
        cached = list(actor.roles.filter(active=True).prefetch_related("custom_departments"))
        actor._xn_roles = cached  # type: ignore[attr-defined]
    return cached


def role_codes(actor: Actor | None) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return {role.code for role in _roles(actor)}


def has_perm(actor: Actor | None, code: str) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return any(code in role.permissions or "*" in role.permissions for role in _roles(actor))


def require(actor: Actor | None, code: str) -> User:
    """Raise unless the actor holds the function permission `code`; the
    signed-in user it is."""
    return require_any(actor, (code,))


def signed_in(actor: Actor | None) -> User:
    """The signed-in user `actor` is; NotAuthenticated for anyone else."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated("请先登录")
    return cast("User", actor)  # signed in: a user of AUTH_USER_MODEL


def require_any(actor: Actor | None, codes: tuple[str, ...]) -> User:
    """Raise unless the actor holds at least one of the permissions `codes`;
    the signed-in user it is."""
    user = signed_in(actor)
    if not any(has_perm(user, code) for code in codes):
        raise PermissionDenied(
            f"无权执行此操作（需要权限：{'或'.join(PERMISSIONS.get(c, c) for c in codes)}）",
            detail={"permission": codes[0]},
        )
    return user


INTERNAL_KINDS = (DepartmentKind.OFFICE, DepartmentKind.WINDOW)


def unit_of(actor: Actor) -> Department | None:
    """The actor's unit for "本部门": its department, or for a section (科室) or
    a service-centre window, the bureau it belongs to."""
    if hasattr(actor, "_xn_unit"):
        cached: Department | None = actor._xn_unit
        return cached
    dept: Department | None = getattr(actor, "department", None)
    if dept is not None and dept.kind in INTERNAL_KINDS:
        ids = [int(i) for i in dept.ancestors.strip("/").split("/") if i]
        ancestors = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
        for pk in reversed(ids):
            if ancestors[pk].kind not in INTERNAL_KINDS:
                dept = ancestors[pk]
                break
    actor._xn_unit = dept  # type: ignore[union-attr]
    return dept


def _id(field: str) -> str:
    # field "" means the query is over Department itself.
    return f"{field}_id" if field else "pk"


def _on(field: str, lookup: str) -> str:
    return f"{field}__{lookup}" if field else lookup


def _own_unit(field: str, unit: Department) -> Q:
    """The unit and its internal organs (sections, windows), not sub-units."""
    return Q(**{_id(field): unit.pk}) | Q(
        **{_on(field, "ancestors__startswith"): unit.path, _on(field, "kind__in"): INTERNAL_KINDS}
    )


def _below(path_field: str, department_ids: list[int]) -> Q:
    q = Q(**{f"{_id(path_field)}__in": department_ids})
    for dept in Department.objects.filter(pk__in=department_ids).only("id", "ancestors"):
        q |= Q(**{_on(path_field, "ancestors__startswith"): dept.path})
    return q


# "Everything", as a Q that survives being OR-ed with others (an empty Q() would
# vanish: Q() | Q(x) is just Q(x)).
EVERYTHING = Q(pk__isnull=False)


def scope_q(
    actor: Actor | None, *, dept_field: str = "department", owner_field: str | None = None
) -> Q:
    """The rows an actor may see, as a Q over `dept_field` (and `owner_field`
    for 仅本人). Union over the actor's roles; no role means nothing."""
    nothing = Q(pk__in=[])
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return nothing
    if actor.is_superuser:
        return EVERYTHING
    q = nothing
    for role in _roles(actor):
        scope = role.data_scope
        if scope == DataScope.ALL:
            return EVERYTHING
        if scope == DataScope.CUSTOM:
            ids = [d.pk for d in role.custom_departments.all()]
            # A leader's custom scope also covers the departments in their portfolio.
            ids += list(
                LeaderPortfolio.objects.filter(leader=actor).values_list("department_id", flat=True)
            )
            if ids:
                q |= _below(dept_field, ids)
        elif scope == DataScope.DEPT and (unit := unit_of(actor)) is not None:
            q |= _own_unit(dept_field, unit)
        elif scope == DataScope.DEPT_AND_BELOW and (unit := unit_of(actor)) is not None:
            q |= _below(dept_field, [unit.pk])
        elif scope == DataScope.SELF and owner_field:
            # owner_field="pk" scopes a table of users to the actor itself.
            key = "pk" if owner_field == "pk" else f"{owner_field}_id"
            q |= Q(**{key: actor.pk})
    return q


def departments_in_scope(actor: Actor | None) -> frozenset[int] | None:
    """The ids of the departments an actor's data scope covers (None: all of
    them), read once per actor object: the Python twin of `scope_q` for
    checking one locked row without compiling the scope into its query."""
    if hasattr(actor, "_xn_scope_departments"):
        cached: frozenset[int] | None = actor._xn_scope_departments  # type: ignore[union-attr]
        return cached
    q = scope_q(actor, dept_field="")
    ids = (
        None
        if q is EVERYTHING
        else frozenset(Department.objects.filter(q).values_list("pk", flat=True))
    )
    if actor is not None:
        actor._xn_scope_departments = ids  # type: ignore[union-attr]
    return ids


def covers_department(actor: Actor | None, department_id: int) -> bool:
    """Whether the actor's data scope covers the department (None: all do)."""
    ids = departments_in_scope(actor)
    return ids is None or department_id in ids


# --- An actor's authority kept across requests ---------------------------------

# user id → (stamp, roles, unit, department ids in scope): what `_roles`,
# `unit_of` and `departments_in_scope` read for that user, as of the stamp
# (`models.AuthorityStamp`) it was read under. Process-local; the stamp is
# read with the user on every request (one value in the token's own query),
# so a change anywhere in roles, scopes, the tree or the user's status is
# seen by the next request of every worker (docs/decisions.md).
_KEPT: dict[int, tuple[int, list[Role], Department | None, frozenset[int] | None]] = {}
KEPT_USERS = 10_000  # bound on the copies one process keeps


def authority_stamp() -> int | None:
    """The current stamp (None when its row is missing: then nothing is kept)."""
    return AuthorityStamp.objects.filter(pk=1).values_list("value", flat=True).first()


def adopt_kept_authority(user: User, stamp: int | None) -> None:
    """Give `user` (just read, with the stamp read in the same statement) its
    roles, unit and scope: the kept copy when it was read under this very
    stamp, else read now and kept under it. Reading after the stamp means a
    copy is never older than the stamp it is kept under."""
    if stamp is None or not user.is_active:
        return
    kept = _KEPT.get(user.pk)
    if kept is not None and kept[0] == stamp:
        _, user._xn_roles, user._xn_unit, user._xn_scope_departments = kept  # type: ignore[attr-defined]
        return
    roles, unit, scope = _roles(user), unit_of(user), departments_in_scope(user)
    if len(_KEPT) >= KEPT_USERS:
        _KEPT.clear()
    _KEPT[user.pk] = (stamp, roles, unit, scope)
