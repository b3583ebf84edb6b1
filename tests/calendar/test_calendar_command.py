"""`xiaoneng calendar import|export`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from xiaoneng.calendar.actions import import_schedule_file
from xiaoneng.calendar.models import HolidaySchedule
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def schedule_file(tmp_path: Path, csv_2027: str) -> Path:
    path = tmp_path / "2027.csv"
    path.write_text(csv_2027 + "2026-12-31,休,元旦\n", encoding="utf-8")
    return path


def test_import_acts_as_the_first_superuser(admin: User, schedule_file: Path) -> None:
    out = run("import", str(schedule_file), "--year", "2027", "--source", "国办发明电（测试）")
    assert "已导入 2027 年：放假 6 天，调休上班 2 天" in out
    assert "另有 1 天不属于所选年份" in out
    schedule = HolidaySchedule.objects.get(year=2027)
    assert (schedule.imported_by, schedule.source) == (admin, "国办发明电（测试）")
    assert not current_calendar().is_provisional(date(2027, 3, 1))


def test_import_as_a_named_user_needs_the_permission(admin: User, schedule_file: Path) -> None:
    with transaction.atomic():
        org_actions.create_user(
            actor=admin, username="clerk", password="Rili-2027-kanban", real_name="办事员"
        )
    with pytest.raises(CommandError, match="permission_denied"):
        run("import", str(schedule_file), "--user", "clerk")
    with pytest.raises(CommandError, match="不存在或已停用"):
        run("import", str(schedule_file), "--user", "nobody")


def test_import_without_any_superuser_fails_clearly(schedule_file: Path) -> None:
    with pytest.raises(CommandError, match="没有启用的超级管理员"):
        run("import", str(schedule_file))


def test_bad_and_missing_files(admin: User, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name\n2027-01-01,放,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"第 2 行.*calendar_bad_file"):
        run("import", str(bad))
    with pytest.raises(CommandError, match="无法读取"):
        run("import", str(tmp_path / "missing.csv"))


def test_export_writes_csv(tmp_path: Path) -> None:
    out = run("export", "--from", "2026-02-13", "--to", "2026-02-15")
    assert out == (
        "date,workday,name,provisional\n2026-02-13,1,,0\n2026-02-14,1,春节,0\n2026-02-15,0,春节,0\n"
    )
    target = tmp_path / "out.csv"
    assert "已导出 2 天" in run(
        "export", "--from", "2027-01-01", "--to", "2027-01-02", "--output", str(target)
    )
    assert target.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "2027-01-01,1,,1",
        "2027-01-02,0,,1",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-02-15", "--to", "2026-02-13"),
        ("--from", "2026-02-30", "--to", "2026-03-01"),
    ],
)
def test_export_refuses_bad_ranges(args: Any) -> None:
    with pytest.raises(CommandError):
        run("export", *args)


def test_export_writes_a_formula_like_name_as_text(admin: User) -> None:
    import_schedule_file(
        actor=admin,
        data="date,kind,name\n2027-01-01,休,=1+1元旦\n".encode(),
        year=2027,
        source="测试",
    )
    out = run("export", "--from", "2027-01-01", "--to", "2027-01-01")
    assert out.splitlines()[1] == "2027-01-01,0,'=1+1元旦,0"
