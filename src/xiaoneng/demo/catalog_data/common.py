"""Shared pieces of the demo catalog: materials most items ask for, and the
shape of one entry. Telephone numbers are fictional."""

from __future__ import annotations

from typing import Any

Entry = dict[str, Any]


def m(
    name: str,
    issuer: str = "申请人",
    originals: int = 1,
    copies: int = 0,
    *,
    required: bool = True,
    instructions: str = "",
    issue_requirement: str = "",
) -> dict[str, Any]:
    """One material (申请材料) as `MaterialSpec` takes it."""
    return {
        "name": name,
        "issuer": issuer,
        "originals": originals,
        "copies": copies,
        "required": required,
        "instructions": instructions,
        "issue_requirement": issue_requirement,
    }


LEGAL_ID = m(
    "法定代表人（负责人）身份证明",
    "公安机关",
    0,
    1,
    instructions="核验居民身份证原件，留存复印件",
)
PERSON_ID = m("申请人身份证明", "公安机关", 0, 1, instructions="核验居民身份证原件，留存复印件")
LICENCE = m("营业执照副本", "工商行政管理部门", 0, 1, instructions="核验原件，留存复印件")
AGENT = m(
    "授权委托书及受托人身份证明",
    "申请人",
    1,
    1,
    required=False,
    instructions="委托他人办理的提交",
)
PREMISES = m(
    "经营场所使用证明",
    "房产管理部门或出租方",
    0,
    1,
    instructions="房屋所有权证复印件；租赁的另附租赁协议",
)
NAME_NOTICE = m("企业名称预先核准通知书", "工商行政管理部门", 1, 0)
PROJECT_FILE = m(
    "项目核准、备案或审批文件",
    "投资主管部门",
    0,
    1,
    instructions="政府投资项目提交可行性研究报告批复",
)
LAND_FILE = m("建设用地批准文件或土地使用权证", "国土资源部门", 0, 1)
SITE_PLAN = m("建设项目位置图及总平面图", "具有相应资质的设计单位", 2, 0)
