"""`xiaoneng scheduler`: enqueue the periodic jobs on their intervals for the
task worker (`xiaoneng serve` runs one); `--once` enqueues each once, for cron.

One scheduler per database: a scheduler runs jobs only while it holds the
lease `scheduler` (system.leases), renewed every third of its length. Any
other scheduler on the same database waits, checking as often, and takes
over when the holder stops (it gives the lease up) or dies (the lease
expires)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from xiaoneng.system import leases
from xiaoneng.system.schedule import PERIODIC

LEASE = "scheduler"


class Command(BaseCommand):
    help = "定时任务：按间隔把周期性任务（如视为受理）放入任务队列；每个数据库只有一个调度进程工作"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="每个任务只放入一次后退出")
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=float(os.environ.get("XIAONENG_SCHEDULER_LEASE_SECONDS", "60")),
            help="调度租约时长（秒）；持有者每三分之一时长续约一次，其他调度进程等待",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        seconds: float = options["lease_seconds"]
        if options["once"]:
            self._once(holder, seconds)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        try:
            self._loop(holder, seconds, stop)
        finally:
            leases.release(LEASE, holder)

    def _once(self, holder: str, seconds: float) -> None:
        if not leases.acquire(LEASE, holder, seconds=seconds):
            self.stdout.write(f"另一个调度进程（{leases.holder_of(LEASE)}）正在运行，未放入任务")
            return
        try:
            for job in PERIODIC:
                job.resolve().enqueue()
        finally:
            leases.release(LEASE, holder)
        self.stdout.write(f"已放入 {len(PERIODIC)} 个周期任务")

    def _loop(self, holder: str, seconds: float, stop: threading.Event) -> None:
        renew_every = seconds / 3
        leading: bool | None = None  # None: not yet known
        next_run: dict[Any, float] = {}
        next_renewal = 0.0
        while not stop.is_set():
            now = time.monotonic()
            if now >= next_renewal:
                held = self._renew(holder, seconds)
                if held and not leading:
                    self.stdout.write(f"调度进程 {holder} 取得租约，开始放入周期任务")
                    next_run = dict.fromkeys(PERIODIC, now)
                elif not held and leading is not False:
                    who = leases.holder_of(LEASE) or "无人"
                    self.stdout.write(f"调度进程 {holder} 未持有租约（{who} 持有），等待")
                leading = held
                next_renewal = now + renew_every
            if leading:
                for job, due in next_run.items():
                    if now >= due:
                        next_run[job] = now + job.every_seconds
                        try:
                            job.resolve().enqueue()
                        except DatabaseError as error:  # try again at the next renewal
                            self.stderr.write(f"放入 {job.task} 失败：{error}")
                            next_run[job] = next_renewal
                        else:
                            self.stdout.write(f"已放入 {job.task}")
                wake = min([next_renewal, *next_run.values()])
            else:
                wake = next_renewal
            self.stdout.flush()
            stop.wait(max(0.0, wake - time.monotonic()) + 0.01)

    def _renew(self, holder: str, seconds: float) -> bool:
        close_old_connections()
        try:
            return leases.acquire(LEASE, holder, seconds=seconds)
        except DatabaseError as error:  # cannot renew: behave as if it were lost
            self.stderr.write(f"调度租约续约失败：{error}")
            return False
