"""`xiaoneng scheduler`: enqueue the periodic jobs on their intervals for the
task worker (`xiaoneng serve` runs one); `--once` enqueues each once, for cron."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xiaoneng.system.schedule import PERIODIC


class Command(BaseCommand):
    help = "定时任务：按间隔把周期性任务（如视为受理）放入任务队列"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="每个任务只放入一次后退出")

    def handle(self, *args: Any, **options: Any) -> None:
        next_run = dict.fromkeys(PERIODIC, 0.0)
        while True:
            now = time.monotonic()
            for job, due in next_run.items():
                if now >= due:
                    job.resolve().enqueue()
                    next_run[job] = now + job.every_seconds
            if options["once"]:
                self.stdout.write(f"已放入 {len(PERIODIC)} 个周期任务")
                return
            time.sleep(min(next_run.values()) - time.monotonic() + 0.01)
