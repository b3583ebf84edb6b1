"""Code sets of the catalog. The GB/T 39046—2020 Appendix A sets come from
`system.codesets` (one source for dictionaries and model choices); the rest are
the product's own, named after the law that defines them."""

from __future__ import annotations

from django.db import models

from xiaoneng.system.codesets import CODE_SETS


def _code_set(key: str) -> list[tuple[str, str]]:
    return list(CODE_SETS[key][1])


ITEM_TYPES = _code_set("item_type")  # 事项类型: 01 行政许可 … 10 其他行政权力, 20 公共服务
EXERCISE_LEVELS = _code_set("exercise_level")  # 行使层级
SERVICE_OBJECTS = _code_set("service_object")  # 服务对象
HANDLING_FORMS = _code_set("handling_form")  # 办理形式
TIME_UNITS = _code_set("time_unit")  # 时限单位
CASE_TYPES = dict(_code_set("case_type"))  # 办件类型: 1 即办件, 2 承诺件

PUBLIC_SERVICE = "20"  # 公共服务: the one item type that may list no materials
WORKING_DAYS = "1"
WINDOW_FORM = "1"


class SubjectNature(models.TextChoices):
    """实施主体性质 (GB/T 39046—2020 Appendix A)."""

    STATUTORY = "1", "法定机关"
    AUTHORISED = "2", "法律法规授权组织"
    ENTRUSTED = "3", "受委托组织"


class HandlingMode(models.TextChoices):
    """How many departments decide (行政许可法第二十六条)."""

    SINGLE = "single", "单独办理"
    JOINT = "joint", "联合办理"
    # One lead accepts and decides, co-departments give opinions (统一办理).
    PARALLEL = "parallel", "并联审批"


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUSPENDED = "suspended", "已暂停"


class MaterialForm(models.TextChoices):
    PAPER = "1", "纸质"
    ELECTRONIC = "2", "电子"
    BOTH = "3", "纸质和电子"


class SpecialProcedure(models.TextChoices):
    """Special procedures whose time is not counted (行政许可法第四十五条)."""

    HEARING = "hearing", "听证"
    TENDERING = "tendering", "招标"
    AUCTION = "auction", "拍卖"
    INSPECTION = "inspection", "检验"
    TESTING = "testing", "检测"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "鉴定"
    EXPERT_REVIEW = "expert_review", "专家评审"
