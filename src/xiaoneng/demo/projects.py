"""The demo green channel, built through the actions: the seed's lead
departments by project type, the demo agent appointed for 甘州区, and a few
projects landing there — one with approvals already filed by the agent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.org.models import Department, User
from xiaoneng.projects import actions
from xiaoneng.projects.models import ProjectDossier, ProjectType, Stage

# Seed art. 2: 基本建设→市发改委, 技术改造→市工信委, 招商引资→市招商局, 企业设立→市工商局.
TYPE_LEADS = {
    ProjectType.CONSTRUCTION: "620700002",
    ProjectType.RENOVATION: "620700003",
    ProjectType.INVESTMENT: "620700004",
    ProjectType.ESTABLISHMENT: "620700005",
}

# Fictional projects; credit codes carry valid GB 32100 check characters.
PROJECTS: list[dict[str, Any]] = [
    {
        "name": "张掖市祁连绿源现代农业产业园建设项目",
        "project_code": "2026-620702-01-03-000118",
        "enterprise_name": "张掖市祁连绿源农业科技有限公司",
        "credit_code": "91620702MA74Q8R2XB",
        "project_type": ProjectType.INVESTMENT,
        "industry": "agriculture",
        "investment": "32000",
        "summary": "建设高标准日光温室、冷链仓储和农产品加工中心",
        "contact_phone": "0936-8210001",
        "cases": [
            ("0100008000620700002", Stage.PROJECT, "项目核准"),
            ("0100091000620700002", Stage.APPROVAL, "建设项目并联审批"),
        ],
    },
    {
        "name": "甘州区新能源装备制造技术改造项目",
        "project_code": "2026-620702-38-02-000205",
        "enterprise_name": "张掖丹霞新能源装备有限公司",
        "credit_code": "91620702MA71B3K9PD",
        "project_type": ProjectType.RENOVATION,
        "industry": "energy",
        "investment": "8600",
        "summary": "新增光伏支架智能焊接生产线两条",
        "contact_phone": "0936-8210002",
        "cases": [],
    },
    {
        "name": "张掖黑河湿地文化旅游综合体项目",
        "project_code": "2026-620702-87-01-000311",
        "enterprise_name": "张掖湿地文旅发展有限公司",
        "credit_code": "916207002244123451",
        "project_type": ProjectType.CONSTRUCTION,
        "industry": "tourism",
        "investment": "4200",
        "key_project": True,
        "summary": "游客服务中心、湿地科普馆及配套停车场",
        "contact_phone": "0936-8210003",
        "cases": [],
    },
]


@transaction.atomic
def load_demo_projects(admin: User) -> int:
    """Returns the number of dossiers created; 0 when there already are some
    or the demo city is missing."""
    if ProjectDossier.objects.exists():
        return 0
    departments = {
        d.code: d for d in Department.objects.filter(code__in=[*TYPE_LEADS.values(), "620702"])
    }
    agent = User.objects.filter(username="agent").first()
    if agent is None or "620702" not in departments:
        return 0
    for project_type, code in TYPE_LEADS.items():
        actions.set_type_lead(actor=admin, project_type=project_type, department=departments[code])
    actions.appoint_agent(actor=admin, county=departments["620702"], agent=agent)
    published = set(
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED).values_list("code", flat=True)
    )
    for spec in PROJECTS:
        fields = {k: v for k, v in spec.items() if k != "cases"}
        dossier = actions.open_dossier(actor=admin, county_code="620702", **fields)
        for item_code, stage, note in spec["cases"]:
            if item_code in published:
                actions.apply_in_dossier(
                    actor=agent,
                    dossier_id=dossier.pk,
                    item_code=item_code,
                    stage=stage,
                    summary=note,
                )
    return len(PROJECTS)
