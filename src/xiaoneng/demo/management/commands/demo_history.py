"""`xiaoneng demo_history --cases N [--months 12] [--seed S]`: a year of
realistic history for the demo city, through the real actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.demo.history.generator import HistoryRefused, describe, generate


class Command(BaseCommand):
    help = (
        "为演示城市生成截至今天的历史办件（经由真实的办件操作逐日生成，含预警、黄牌红牌和月度考评）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=3000, help="办件数（默认 3000）")
        parser.add_argument("--months", type=int, default=12, help="覆盖的月数（默认 12）")
        parser.add_argument("--seed", type=int, default=2012, help="随机种子（同一种子结果相同）")
        parser.add_argument(
            "--end", type=date.fromisoformat, default=None, help="历史截止日（默认今天）"
        )
        parser.add_argument("--force", action="store_true", help="已生成过时仍再生成一次")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 1 or not 1 <= options["months"] <= 60:
            raise CommandError("--cases 须为正数，--months 须在 1–60 之间")
        verbose = options["verbosity"] > 0
        try:
            summary = generate(
                cases=options["cases"],
                months=options["months"],
                seed=options["seed"],
                end=options["end"],
                force=options["force"],
                progress=self.stdout.write if verbose else None,
            )
        except HistoryRefused as exc:
            raise CommandError(str(exc)) from None
        if verbose:
            for line in describe(summary):
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS("演示历史数据已生成"))
