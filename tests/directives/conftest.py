"""The directives world: the demo city, the 督查室 (inspector) registering a
decision of the executive meeting on Mon 2 March 2026 with a task for
市工商局 (620700005, head: depthead) and one for 市发改委 (620700002, head:
fagai) cooperating with 工商局; a request from 民乐县 (minle) to 工商局."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from directives_support import DUE_DAY, MEETING_DAY

from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions
from xiaoneng.directives.models import Directive, DirectiveTask
from xiaoneng.org.models import Department, User


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@dataclass
class World:
    directive: Directive
    gongshang_task: DirectiveTask  # 620700005, depthead
    fagai_task: DirectiveTask  # 620700002, fagai
    gongshang: Department
    fagai: Department
    minle: Department
    zhijian: Department  # 620700024
    users: dict[str, User]


@pytest.fixture
def world(users: dict[str, User]) -> World:
    dept = {d.code: d for d in Department.objects.all()}
    gongshang, fagai = dept["620700005"], dept["620700002"]
    with travel_to(MEETING_DAY):
        directive = actions.register_directive(
            actor=users["inspector"],
            source="meeting",
            number="市政府第12次常务会议",
            title="优化营商环境十条措施落实",
            content="会议决定：压缩企业开办时间至3个工作日以内。",
            issued_on=MEETING_DAY,
            tasks=[
                {
                    "department_id": gongshang.pk,
                    "requirement": "企业开办时间压缩至3个工作日",
                    "due_on": DUE_DAY,
                },
                {
                    "department_id": fagai.pk,
                    "requirement": "牵头制定考核办法",
                    "due_on": DUE_DAY,
                    "cooperating_ids": [gongshang.pk],
                },
            ],
        )
    tasks = {t.department_id: t for t in directive.tasks.all()}
    return World(
        directive,
        tasks[gongshang.pk],
        tasks[fagai.pk],
        gongshang,
        fagai,
        dept["620722"],
        dept["620700024"],
        users,
    )
