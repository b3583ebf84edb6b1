"""The demo's standing data for the reporting calendar: the three kinds of
required report the seed names (政务信息, 工作月报, 统计报表), received by
市政府办 and owed by every other municipal department and the six counties, set
up by the admin user. Idempotent by code: a kind already there is left as
it is."""

from __future__ import annotations

from xiaoneng.office.actions.reports import RECEIVER_CODE
from xiaoneng.office.models.reports import ReportKind
from xiaoneng.org.models import Department, DepartmentKind, User

KINDS = (
    (
        "zhengwu_xinxi",
        "政务信息",
        "monthly",
        5,
        "报送本单位当月重要工作动态、经验做法和苗头性问题，每月不少于 2 条，"
        "经单位负责人审核后报送。",
    ),
    (
        "gongzuo_yuebao",
        "工作月报",
        "monthly",
        3,
        "报送上月重点工作完成情况、存在问题和下月工作安排，附件为 PDF 或 OFD 格式。",
    ),
    (
        "tongji_baobiao",
        "统计报表",
        "quarterly",
        10,
        "按统计部门规定的表式报送本季度主要业务统计数据，附单位负责人签字的报表扫描件。",
    ),
)


def load() -> None:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    receiver = Department.objects.filter(code=RECEIVER_CODE).first()
    if admin is None or receiver is None:
        return
    units = list(
        Department.objects.filter(
            active=True, kind__in=(DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
        ).exclude(pk=receiver.pk)
    )
    for code, name, cadence, workdays, requirement in KINDS:
        if ReportKind.objects.filter(code=code).exists():
            continue
        kind = ReportKind.objects.create(
            code=code,
            name=name,
            cadence=cadence,
            due_workdays=workdays,
            receiver=receiver,
            requirement=requirement,
            created_by=admin,
        )
        kind.units.set(units)
