"""`xiaoneng audit verify`: walk the SM3 chain, name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "审计链：verify 校验整条哈希链"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计链，报告第一处断链")

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"审计链断裂：第 {broken.seq} 号事件，{broken.reason}（共检查 {count} 条）"
            )
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {count} 条事件，SM3 哈希逐条相符"))
