"""The standard roles of the architecture, with their functions and data scope.
Installed by a migration so that production has them too; admins may add more.
Permissions added later are granted to existing databases by their app's own
data migration (e.g. projects 0002 for `project.*`)."""

from __future__ import annotations

from .models import DataScope

STAFF_BASICS = ["org.view", "calendar.view", "api.token"]

STANDARD_ROLES: list[dict[str, object]] = [
    {"code": "admin", "name": "系统管理员", "data_scope": DataScope.ALL, "permissions": ["*"]},
    {
        "code": "mayor",
        "name": "市长",
        "data_scope": DataScope.ALL,
        "permissions": [
            *STAFF_BASICS,
            "leader.approve",
            "case.extend.approve",
            "supervision.view",
            "audit.view",
            "project.view",
            "score.view",
            "target.view",
            "target.adjust.decide",
            "appraisal.results",
        ],
    },
    {
        "code": "leader",
        "name": "分管领导",
        "data_scope": DataScope.CUSTOM,
        "permissions": [
            *STAFF_BASICS,
            "leader.approve",
            "supervision.view",
            "project.view",
            "project.manage",
            "score.view",
            "target.view",
            "target.adjust.decide",
        ],
    },
    {
        "code": "supervisor",
        "name": "监察局（电子监察）",
        "data_scope": DataScope.ALL,
        "permissions": [
            *STAFF_BASICS,
            "supervision.view",
            "supervision.act",
            "supervision.manage",
            "audit.view",
            "audit.verify",
            "project.view",
            "score.view",
            "score.publish",
            "check.manage",
            "accountability.manage",
            "accountability.decide",
        ],
    },
    {
        "code": "complaint",
        "name": "效能投诉中心",
        "data_scope": DataScope.ALL,
        "permissions": [*STAFF_BASICS, "complaint.handle", "supervision.view", "score.view"],
    },
    {
        "code": "complaint_head",
        "name": "效能投诉中心负责人",
        "data_scope": DataScope.ALL,
        "permissions": [
            *STAFF_BASICS,
            "complaint.handle",
            "complaint.extend.approve",
            "complaint.keys",
            "supervision.view",
            "score.view",
        ],
    },
    {
        "code": "organisation",
        "name": "组织人事部门",
        "data_scope": DataScope.ALL,
        "permissions": [
            *STAFF_BASICS,
            "accountability.refer",
            "accountability.records",
            "score.view",
            "target.view",
            "appraisal.results",
        ],
    },
    {
        "code": "inspector",
        "name": "政府督查室",
        "data_scope": DataScope.ALL,
        "permissions": [
            *STAFF_BASICS,
            "target.manage",
            "target.view",
            "directive.manage",
            "appraisal.manage",
            "supervision.view",
            "score.view",
            "rating.appeal.decide",
        ],
    },
    {
        "code": "dept_head",
        "name": "部门负责人",
        "data_scope": DataScope.DEPT_AND_BELOW,
        "permissions": [
            *STAFF_BASICS,
            "case.review",
            "case.decide",
            "case.extend.approve",
            "project.view",
            "project.manage",
            "supervision.reply",
            "score.view",
            "rating.handle",
            "disclosure.handle",
            "disclosure.extend.approve",
            "complaint.explain",
            "check.rectify",
            "accountability.respond",
            "target.report",
            "directive.report",
            "request.handle",
        ],
    },
    {
        "code": "reviewer",
        "name": "部门审核人员",
        "data_scope": DataScope.DEPT,
        "permissions": [*STAFF_BASICS, "case.review", "rating.handle", "disclosure.handle"],
    },
    {
        "code": "window",
        "name": "窗口工作人员",
        "data_scope": DataScope.DEPT,
        "permissions": [*STAFF_BASICS, "case.intake", "rating.handle"],
    },
    {
        "code": "agent",
        "name": "帮办代办员",
        "data_scope": DataScope.SELF,
        "permissions": ["calendar.view", "case.agent", "case.apply", "api.token"],
    },
    {
        "code": "applicant",
        "name": "申请人（群众、企业）",
        "data_scope": DataScope.SELF,
        "permissions": ["case.apply"],
    },
]
