"""`xiaoneng calendar import|export`: holiday schedules from and to files."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.calendar.actions import import_schedule_file
from xiaoneng.calendar.parsers import FILE_FORMATS
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import DomainError
from xiaoneng.core.sheets import csv_cell
from xiaoneng.core.workdays import parse_date
from xiaoneng.system.commands import command_actor

IMPORT_HELP = f"""导入节假日安排。不给 --year 时，文件中出现的每一年都整体替换；
给 --year 时只导入该年的日期（通知中落在上一年十二月的调休日属于上一年的安排）。
导入后重算涉及该年的暂定期限，并记入审计链。

文件格式：
{FILE_FORMATS}"""


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


class Command(BaseCommand):
    help = "工作日历：import 导入节假日安排（CSV 或 iCalendar）；export 导出逐日工作日历（CSV）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="导入节假日安排文件",
            description=IMPORT_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        imp.add_argument("file", type=Path, help="CSV 或 .ics 文件")
        imp.add_argument("--year", type=int, help="只导入该年")
        imp.add_argument("--source", default="", help="依据，如国务院办公厅通知文号")
        imp.add_argument("--provisional", action="store_true", help="暂定安排（通知尚未发布）")
        imp.add_argument("--user", help="以该用户身份导入（默认第一个启用的超级管理员）")
        exp = sub.add_parser(
            "export",
            help="导出逐日工作日历",
            description="导出 CSV：date,workday,name,provisional（workday、provisional 为 1 或 0）",
        )
        exp.add_argument("--from", dest="start", type=_date, required=True, help="YYYY-MM-DD")
        exp.add_argument("--to", dest="end", type=_date, required=True, help="YYYY-MM-DD")
        exp.add_argument("--output", type=Path, help="输出文件（默认标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self.import_file(**options)
            else:
                self.export(**options)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from None

    def import_file(self, *, file: Path, year: int | None, source: str, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {file}：{exc.strerror}") from None
        result = import_schedule_file(
            actor=command_actor(options["user"], permission="维护工作日历"),
            data=data,
            year=year,
            source=source,
            provisional=options["provisional"],
        )
        for line in result.summary():
            self.stdout.write(self.style.SUCCESS(f"已导入 {line}"))
        if result.ignored:
            self.stdout.write(self.style.WARNING(result.ignored_summary()))

    def export(self, *, start: date, end: date, output: Path | None, **options: Any) -> None:
        if end < start:
            raise CommandError("--to 早于 --from")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "workday", "name", "provisional"])
        for day in current_calendar().days(start, end):
            writer.writerow(
                [day.date.isoformat(), int(day.workday), csv_cell(day.name), int(day.provisional)]
            )
        if output is None:
            self.stdout.write(out.getvalue(), ending="")
            return
        # With a BOM, so that spreadsheet programs read the Chinese names right.
        output.write_text(out.getvalue(), encoding="utf-8-sig")
        self.stdout.write(self.style.SUCCESS(f"已导出 {(end - start).days + 1} 天到 {output}"))
