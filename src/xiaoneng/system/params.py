"""Configurable numbers (*configurable* in the domain rules): the registry of
known keys with defaults, and a read path that costs no query while nothing
changed and sees a change on every server at once (see `_current_copy`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from xiaoneng.core.errors import InvalidInput

from .generations import Generation


@dataclass(frozen=True)
class ParamSpec:
    key: str
    name: str
    default: int
    minimum: int
    maximum: int
    remark: str = ""


REGISTRY: dict[str, ParamSpec] = {
    spec.key: spec
    for spec in (
        # Sign-in (accounts/throttle.py, accounts/validators.py, accounts/actions.py).
        ParamSpec(
            "auth.lockout_threshold",
            "连续登录失败锁定次数",
            5,
            3,
            20,
            "同一地址对同一账号连续输错密码达到该次数后，暂停该地址登录该账号（其他地址不受影响）",
        ),
        ParamSpec(
            "auth.lockout_minutes",
            "账号锁定时长（分钟）",
            15,
            1,
            1440,
            "首次暂停的时长；24 小时内再次触发时逐次加倍，不超过“登录暂停时长上限”",
        ),
        ParamSpec(
            "auth.lockout_max_minutes",
            "登录暂停时长上限（分钟）",
            1440,
            1,
            10080,
            "逐次加倍的暂停时长不超过该值",
        ),
        ParamSpec(
            "auth.ip_failure_threshold",
            "单一地址登录失败上限（次/小时）",
            20,
            5,
            1000,
            "同一地址一小时内登录失败（不论账号）达到该次数后，暂停该地址的全部登录",
        ),
        ParamSpec(
            "auth.ip_block_minutes",
            "地址暂停登录时长（分钟）",
            15,
            1,
            1440,
            "首次暂停的时长；24 小时内再次触发时逐次加倍，不超过“登录暂停时长上限”",
        ),
        ParamSpec(
            "auth.password_min_length",
            "密码最小长度",
            8,
            8,
            64,
            "设置或修改密码时的最小长度",
        ),
        ParamSpec(
            "auth.password_min_classes",
            "密码最少字符类别数",
            3,
            1,
            4,
            "大写字母、小写字母、数字、特殊字符四类中至少须包含的类别数",
        ),
        ParamSpec(
            "auth.password_max_age_days",
            "密码最长使用期限（天）",
            90,
            0,
            3650,
            "密码使用超过该天数后，用户登录时须先修改密码；0 表示不要求定期修改",
        ),
        ParamSpec(
            "auth.token_days",
            "API 令牌默认有效期（天）",
            90,
            1,
            3650,
            "新建 API 令牌未指定有效期时采用",
        ),
        ParamSpec(
            "auth.token_max_days",
            "API 令牌最长有效期（天）",
            365,
            1,
            3650,
            "新建令牌的有效期不得超过该值；早先未设过期时间的令牌自创建起满该天数即失效",
        ),
        ParamSpec(
            "case.warning_days",
            "预警阈值（剩余工作日）",
            1,
            0,
            10,
            "剩余工作日小于等于该值时亮黄灯；可按事项另设",
        ),
        ParamSpec("case.opinion_days", "并联审批会签时限（工作日）", 7, 1, 30),
        ParamSpec(
            "project.major_threshold",
            "重大项目投资额标准（万元）",
            5000,
            1,
            10_000_000,
            "总投资达到该额度的项目标记为重大项目（省市列重点项目不受此限）",
        ),
        ParamSpec(
            "case.upload_max_file_mb",
            "申请材料单个文件上限（MB）",
            20,
            1,
            100,
            "上传的单个电子材料超过该大小时拒收",
        ),
        ParamSpec("case.upload_max_case_mb", "每个办件电子材料总量上限（MB）", 100, 1, 1000),
        ParamSpec("case.upload_max_files", "每个办件电子材料文件数上限", 30, 1, 200),
        ParamSpec("supervision.yellow_card_followup_days", "黄牌整改期限（工作日）", 2, 1, 30),
        ParamSpec("rating.rectify_days", "差评整改期限（工作日）", 5, 1, 30),
        ParamSpec("complaint.accept_days", "投诉受理期限（工作日）", 5, 1, 30),
        ParamSpec("complaint.conclude_days", "投诉办结期限（工作日）", 15, 1, 60),
        ParamSpec("complaint.extension_days", "投诉延期上限（工作日）", 15, 1, 60),
        ParamSpec(
            "complaint.explanation_days",
            "被投诉单位说明情况期限（工作日）",
            5,
            1,
            30,
            "投诉中心要求被投诉单位说明情况后，说明的报送期限",
        ),
        ParamSpec(
            "complaint.reexamination_window_days",
            "申请复查期限（工作日）",
            15,
            1,
            60,
            "答复投诉人后，投诉人可在该期限内申请复查一次",
        ),
        ParamSpec("complaint.reexamination_days", "投诉复查办结期限（工作日）", 15, 1, 60),
        ParamSpec(
            "check.rectify_days",
            "明察暗访整改报告期限（工作日）",
            10,
            1,
            60,
            "向被检查单位通报问题后，单位报送整改情况的期限（自通报次日起算）",
        ),
        ParamSpec(
            "portal.track_per_minute",
            "办件查询频率上限（次/分钟/IP）",
            10,
            0,
            100_000,
            "同一 IP 每分钟可查询办件的次数；0 表示不限制（仅用于压力测试）",
        ),
        ParamSpec(
            "portal.search_per_minute",
            "门户检索频率上限（次/分钟/IP）",
            120,
            0,
            100_000,
            "同一 IP 每分钟可提交事项检索、结果公示筛选的次数；0 表示不限制",
        ),
        ParamSpec(
            "citizens.register_per_minute",
            "公众账号注册频率上限（次/分钟/IP）",
            5,
            0,
            100_000,
            "同一 IP 每分钟可提交个人/法人注册的次数；0 表示不限制",
        ),
        ParamSpec(
            "citizens.login_per_minute",
            "公众账号登录频率上限（次/分钟/IP）",
            20,
            0,
            100_000,
            "同一 IP 每分钟可提交个人/法人登录的次数（另有登录失败锁定）；0 表示不限制",
        ),
        ParamSpec(
            "complaint.submit_per_minute",
            "效能投诉提交与查询频率上限（次/分钟/IP）",
            10,
            0,
            100_000,
            "同一 IP 每分钟可在门户提交投诉、查询投诉、评价或申请复查的次数；0 表示不限制",
        ),
        ParamSpec(
            "open311.requests_per_minute",
            "Open311 提交频率上限（次/分钟/外部系统）",
            600,
            0,
            100_000,
            "每个外部系统（api_key）每分钟可通过 Open311 提交投诉的次数；0 表示不限制",
        ),
        # Efficiency score (domain rules §3; scores/formula.py).
        ParamSpec("score.base", "效能考评基础分", 100, 0, 1000),
        ParamSpec("score.yellow_card", "效能考评：每张黄牌扣分", 5, 0, 100),
        ParamSpec("score.red_card", "效能考评：每张红牌扣分", 10, 0, 100),
        ParamSpec("score.warnings_per_step", "效能考评：每满几次预警扣分一次", 3, 1, 100),
        ParamSpec("score.warning_step", "效能考评：每满上述预警次数扣分", 3, 0, 100),
        ParamSpec("score.early_step_pct", "效能考评：提前办结率每满百分之几加分", 10, 1, 100),
        ParamSpec("score.early_bonus", "效能考评：提前办结率每满上述比例加分", 1, 0, 100),
        ParamSpec("score.overdue_case", "效能考评：每件超期办件扣分", 0, 0, 100),
        ParamSpec("score.complaint", "效能考评：每件属实投诉扣分", 2, 0, 100),
        ParamSpec("score.floor", "效能考评：月度得分下限", 0, 0, 1000),
        # Service ratings (好差评) and disclosure requests (依申请公开).
        ParamSpec(
            "rating.submit_per_minute",
            "好差评提交频率上限（次/分钟/IP）",
            10,
            0,
            100_000,
            "同一 IP 每分钟可提交或查询评价的次数；0 表示不限制",
        ),
        ParamSpec(
            "disclosure.submit_per_minute",
            "依申请公开提交与查询频率上限（次/分钟/IP）",
            10,
            0,
            100_000,
            "同一 IP 每分钟可提交公开申请或查询申请进度的次数；0 表示不限制",
        ),
        ParamSpec(
            "disclosure.correction_days",
            "依申请公开补正期限（工作日）",
            15,
            1,
            60,
            "告知补正时给申请人的合理补正期限（条例第三十条）；逾期不补正视为放弃申请",
        ),
        ParamSpec(
            "disclosure.warning_days",
            "依申请公开答复预警阈值（剩余工作日）",
            3,
            0,
            20,
            "剩余工作日小于等于该值时亮黄灯",
        ),
        # Accountability (问责; accountability/actions.py).
        ParamSpec(
            "accountability.statement_days",
            "问责：陈述申辩期限（工作日）",
            5,
            1,
            30,
            "告知陈述申辩之日起，被问责单位或个人提交陈述申辩意见的期限",
        ),
        ParamSpec(
            "accountability.appeal_days",
            "问责：申诉期限（工作日）",
            15,
            1,
            60,
            "问责决定书送达之日起可提出申诉的期限；引咎辞职、组织纪律处理不少于30日（公务员法第九十五条）",
        ),
        ParamSpec(
            "accountability.rectify_days",
            "问责：限期改正默认期限（工作日）",
            10,
            1,
            120,
            "拟定限期改正时未另行确定期限的，自送达之日起计算",
        ),
        ParamSpec(
            "accountability.warning_days",
            "问责：限期改正预警阈值（剩余工作日）",
            2,
            0,
            20,
            "整改剩余工作日小于等于该值时亮黄灯",
        ),
    )
}


def parse_value(spec: ParamSpec, raw: str) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InvalidInput(
            f"参数“{spec.name}”必须是整数", code="param_not_integer", detail={"key": spec.key}
        ) from None
    if not spec.minimum <= value <= spec.maximum:
        raise InvalidInput(
            f"参数“{spec.name}”取值范围为 {spec.minimum}–{spec.maximum}",
            code="param_out_of_range",
            detail={"key": spec.key, "min": spec.minimum, "max": spec.maximum},
        )
    return value


def get_param(key: str) -> int:
    spec = REGISTRY[key]
    raw = _raw(key)
    return spec.default if raw is None else parse_value(spec, raw)


def forget(key: str) -> None:
    """A parameter changed (`set_parameter`, in its transaction and again after
    commit): every process reads it anew once the change commits; the
    changing transaction reads its own change at once."""
    _GENERATION.changed()


# The read path. Values are kept per process under the generation token of
# the default cache (system.generations): with the shared cache a change is
# seen by every server on its next request; without it (one host, the cache
# per process) another local worker sees it within STAMP_CHECK_SECONDS, by a
# stamp of the table (rows, last change) read at most that often.
STAMP_CHECK_SECONDS = 1.0
_GENERATION = Generation("param")


@dataclass
class _Copy:
    token: str
    stamp: tuple[int, Any] | None
    checked_at: float  # monotonic
    raw: dict[str, str | None]  # key -> stored text (None: not stored, the default)


_copy: _Copy | None = None


def _stored(key: str) -> str | None:
    from .models import Parameter

    return Parameter.objects.filter(key=key).values_list("value", flat=True).first()


def _stamp() -> tuple[int, Any]:
    from django.db.models import Count, Max

    from .models import Parameter

    row = Parameter.objects.aggregate(rows=Count("pk"), last=Max("updated_at"))
    return row["rows"], row["last"]


def _current_copy() -> _Copy | None:
    """This process's copy for the current token (read before any row, so a
    copy never holds rows older than its token); None when the cache does
    not answer."""
    global _copy  # noqa: PLW0603 - the per-process copy, replaced as a whole
    token = _GENERATION.token()
    if token is None:
        return None
    shared = settings.SHARED_CACHE
    now = time.monotonic()
    copy = _copy
    stamp = None
    if copy is not None and copy.token == token:
        if shared or now - copy.checked_at < STAMP_CHECK_SECONDS:
            return copy
        stamp = _stamp()
        if stamp == copy.stamp:
            copy.checked_at = now
            return copy
        # A change elsewhere, or a copy that has no stamp yet (a new copy
        # costs no query; its rows read before its first stamp are dropped).
    copy = _Copy(token, stamp, now, {})
    _copy = copy
    return copy


def _raw(key: str) -> str | None:
    slot = _GENERATION.transaction_slot()
    if slot is not None:  # this transaction changed a parameter: its own reads
        own: dict[str, str | None] = slot.kept(dict)
        if key not in own:
            own[key] = _stored(key)
        return own[key]
    copy = _current_copy()
    if copy is None:
        return _stored(key)
    try:
        return copy.raw[key]
    except KeyError:
        raw = copy.raw[key] = _stored(key)
        return raw
