"""`xiaoneng catalog import|export`: the catalog in the GB/T 39046—2020 Table 4 layout."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.catalog.selectors import items_for_actor
from xiaoneng.catalog.transfer.exporter import HEADERS, export_workbook
from xiaoneng.catalog.transfer.formats import read_workbook, write_workbook
from xiaoneng.catalog.transfer.importer import import_items
from xiaoneng.core.errors import DomainError
from xiaoneng.system.commands import command_actor

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FORMAT_HELP = """文件格式（表头为 GB/T 39046—2020 表 4 的中文字段名）：
  .json  {"事项": [...], "申请材料": [...]}，每行一个以表头为键的对象
  .csv   事项一个文件；申请材料放在同名的 <文件名>.materials.csv 中
导入时选项、代码集字段可填名称或代码；
共同实施部门写成“机构编码 名称:意见时限:会签内容”，多个用“；”分隔。"""


class Command(BaseCommand):
    help = "事项目录：import 导入（可更新已有事项）；export 导出"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="导入事项目录",
            description=FORMAT_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        imp.add_argument("file", type=Path, help=".xlsx、.json 或 .csv 文件")
        imp.add_argument("--update", action="store_true", help="实施编码已存在时更新该事项")
        imp.add_argument("--user", help="以该用户身份导入（默认第一个启用的超级管理员）")
        exp = sub.add_parser(
            "export",
            help="导出事项目录",
            description=FORMAT_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        exp.add_argument("--output", type=Path, required=True, help=".xlsx、.json 或 .csv 文件")
        exp.add_argument(
            "--status", choices=["draft", "published", "suspended"], help="只导出该状态"
        )
        exp.add_argument("--user", help="以该用户身份导出（按其数据权限）")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["user"], permission="维护事项目录")
        try:
            if options["action"] == "import":
                self.import_file(actor, options["file"], update=options["update"])
            else:
                self.export(actor, options["output"], options["status"])
        except DomainError as exc:
            raise CommandError(_describe(exc)) from None
        except OSError as exc:
            raise CommandError(f"无法读写 {exc.filename}：{exc.strerror}") from None

    def import_file(self, actor: Actor, file: Path, *, update: bool) -> None:
        result = import_items(actor=actor, workbook=read_workbook(file), update=update)
        self.stdout.write(self.style.SUCCESS(f"导入完成：{result.summary()}"))

    def export(self, actor: Actor, output: Path, status: str | None) -> None:
        items = items_for_actor(actor, status=status)
        workbook = export_workbook(items)
        for path in write_workbook(output, workbook, HEADERS):
            self.stdout.write(self.style.SUCCESS(f"已导出到 {path}"))
        self.stdout.write(f"共 {len(workbook['事项'])} 项事项")


def _describe(exc: DomainError) -> str:
    lines = [f"{exc.message}（{exc.code}）"]
    if isinstance(exc.detail, list):
        for error in exc.detail:
            if isinstance(error, dict) and "row" in error:
                column = f"，{error['column']}" if error.get("column") else ""
                lines.append(
                    f"  {error['sheet']} 第 {error['row']} 行{column}：{error['message']}"
                    f"（{error['code']}）"
                )
    return "\n".join(lines)
