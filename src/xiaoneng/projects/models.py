"""The green channel for major projects (绿色通道, seed art. 2): a project
dossier (项目档案) groups every approval of one project, has a lead
department by project type and an agent (帮办代办员) from the county where
the project lands. Cases stay the cases app's; `DossierCase` links them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField
from xiaoneng.system.pii import SealedTextField


class ProjectType(models.TextChoices):
    """The seed's four kinds of jointly examined project, each with a lead."""

    CONSTRUCTION = "construction", "基本建设项目"
    RENOVATION = "renovation", "技术改造项目"
    INVESTMENT = "investment", "招商引资项目"
    ESTABLISHMENT = "establishment", "企业设立项目"


class Industry(models.TextChoices):
    INDUSTRY = "industry", "工业"
    AGRICULTURE = "agriculture", "农业"
    URBAN = "urban", "城建/房地产"
    TRANSPORT = "transport", "交通"
    WATER = "water", "水利"
    ENERGY = "energy", "能源"
    SOCIAL = "social", "社会事业"
    COMMERCE = "commerce", "商贸服务"
    TOURISM = "tourism", "文化旅游"
    OTHER = "other", "其他"


class DossierStatus(models.TextChoices):
    OPENED = "opened", "立项"
    IN_PROGRESS = "in_progress", "办理中"
    CLOSED = "closed", "已办结"


class Stage(models.TextChoices):
    """The phases whose formalities the agent handles (seed art. 2)."""

    PROJECT = "project", "立项"
    APPROVAL = "approval", "审批"
    PERMIT = "permit", "报建"
    BUILDING = "building", "建设"


class ProjectTypeLead(models.Model):
    """Which department leads the joint examination of a project type."""

    project_type = models.CharField(
        "项目类型", max_length=16, choices=ProjectType.choices, unique=True
    )
    department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    remark = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "项目类型牵头部门"
        verbose_name_plural = "项目类型牵头部门"
        ordering = ("project_type",)

    def __str__(self) -> str:
        return f"{self.get_project_type_display()} → {self.department}"


class AgentAssignment(models.Model):
    """An agent the county has appointed for projects landing there."""

    county = models.ForeignKey(
        Department, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮办代办员",
        on_delete=models.PROTECT,
        related_name="agent_assignments",
    )
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "帮办代办员指派"
        verbose_name_plural = "帮办代办员指派"
        ordering = ("county__sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["county", "agent"], name="agent_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.county} · {self.agent}"


class ProjectDossier(models.Model):
    name = models.CharField("项目名称", max_length=200)
    project_code = models.CharField("项目代码", max_length=24, unique=True)
    enterprise_name = models.CharField("项目单位", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    project_type = models.CharField("项目类型", max_length=16, choices=ProjectType.choices)
    industry = models.CharField("所属行业", max_length=16, choices=Industry.choices)
    county = models.ForeignKey(
        Department, verbose_name="落地县（区）", on_delete=models.PROTECT, related_name="+"
    )
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    investment = models.DecimalField("总投资（万元）", max_digits=14, decimal_places=2)
    key_project = models.BooleanField("省市列重点项目", default=False)
    is_major = models.BooleanField("重大项目", default=False)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮办代办员",
        on_delete=models.PROTECT,
        related_name="agent_dossiers",
    )
    status = models.CharField(
        "状态", max_length=16, choices=DossierStatus.choices, default=DossierStatus.OPENED
    )
    summary = models.CharField("建设内容", max_length=500, blank=True)
    # Sealed at rest (SM4-GCM, system/pii.py); nothing looks a dossier up by it.
    contact_phone = SealedTextField("联系电话", max_length=30, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="建档人", on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField("建档日期")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "项目档案"
        verbose_name_plural = "项目档案"
        ordering = ("-id",)
        indexes = [
            models.Index(fields=["agent", "status"], name="dossier_agent_status"),
            models.Index(fields=["lead_department", "status"], name="dossier_lead_status"),
            models.Index(fields=["county", "status"], name="dossier_county_status"),
        ]

    def __str__(self) -> str:
        return f"{self.project_code} {self.name}"


class DossierCase(models.Model):
    """A case filed for the project; a case belongs to one dossier at most."""

    dossier = models.ForeignKey(
        ProjectDossier, verbose_name="项目档案", on_delete=models.PROTECT, related_name="links"
    )
    case = models.OneToOneField(
        "cases.Case", verbose_name="办件", on_delete=models.PROTECT, related_name="dossier_link"
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代办人", on_delete=models.PROTECT, related_name="+"
    )
    added_at = StampField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目办件"
        verbose_name_plural = "项目办件"
        ordering = ("dossier", "id")

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.case_id}"
