"""`xiaoneng serve`: migrate, load the demo city into an empty database, and
serve with granian (WSGI) plus the embedded task worker and scheduler.

Granian reads and writes sockets with its own non-blocking I/O (Rust, tokio)
and hands Django only complete requests, on a pool of blocking threads per
worker process: a client that sends its headers one byte a second holds a
socket, not a thread, so a handful of them cannot take the service down as
they did gunicorn's threads (tests/system/test_serving_slow_clients.py). Headers not
complete within XIAONENG_HEADER_TIMEOUT seconds close the connection, and so
does a keep-alive connection idle that long. A request *body* is read by the
thread that runs the view, so a client that trickles its body holds a
thread: in production the reverse proxy buffers bodies (README).

The worker processes, the task worker and the scheduler die with this
process, however it ends (system.lifeline). Static files are collected (hashed
names, Brotli and gzip copies) before serving when their sources changed
(system.staticfiles)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from xiaoneng.org.models import Department
from xiaoneng.system import lifeline, staticfiles

WSGI_TARGET = "xiaoneng.config.wsgi:application"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def load_application(target: str, *, parent_pid: int) -> Any:
    """Granian calls this in each worker process before it serves: arm the
    lifeline to `serve`, then import the WSGI application."""
    from granian._internal import load_target

    lifeline.watch_parent(parent_pid)
    return load_target(target)


def _raise_open_files_limit(wanted: int) -> None:
    """Each open connection is a file descriptor: lift the soft limit (often
    1,024) towards what the connection limit needs, within the hard limit."""
    try:
        import resource
    except ImportError:  # not POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _log_config(access_log: str) -> dict[str, Any] | None:
    """Granian's logging: the access log to a file when XIAONENG_ACCESS_LOG
    names one ("-" or empty: standard output, granian's default)."""
    if access_log in {"", "-"}:
        return None
    return {
        "handlers": {
            "console": {
                "formatter": "generic",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
            },
            "access": {
                "formatter": "access",
                "class": "logging.FileHandler",
                "filename": access_log,
            },
        },
    }


class Command(BaseCommand):
    help = "迁移数据库、（演示模式下）载入演示城市，并启动 Web 服务与内置任务进程"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("XIAONENG_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=_env_int("XIAONENG_PORT", 8000))
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("XIAONENG_WORKERS", 2),
            help="Web 工作进程数（默认 2，一般等于 CPU 核数）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("XIAONENG_THREADS", 4),
            help="每个工作进程执行 Django 视图的线程数（默认 4）",
        )
        parser.add_argument("--no-worker", action="store_true", help="不启动内置任务进程与调度进程")
        parser.add_argument("--no-demo", action="store_true", help="空库时也不载入演示城市")
        parser.add_argument(
            "--history",
            type=int,
            default=_env_int("XIAONENG_DEMO_HISTORY", 2000),
            help="载入演示城市时一并生成的一年历史办件数（约 20 秒；0 不生成）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移到最新结构")
        # Before the workers fork: they inherit the storage with its fresh manifest.
        started = time.monotonic()
        if staticfiles.collect_when_changed():
            self.stdout.write(f"静态文件已收集并压缩（{time.monotonic() - started:.1f} 秒）")
        if settings.DEMO_MODE and not options["no_demo"] and not Department.objects.exists():
            call_command("demo")
            if options["history"] > 0:
                call_command("demo_history", "--cases", str(options["history"]))
        # The web workers are forked from this process: no connection may be shared.
        connections.close_all()
        children: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            # The embedded task worker and the scheduler: child processes, so a
            # slow task never blocks a request; each dies with this process.
            for command in (["db_worker", "--queue-name", "*"], ["scheduler"]):
                children.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and command
                        [sys.executable, "-m", "xiaoneng.cli", *command],
                        env=lifeline.child_env(),
                        preexec_fn=lifeline.preexec_die_with_parent,  # noqa: PLW1509 - no threads yet
                    )
                )
        _raise_open_files_limit(_env_int("XIAONENG_CONNECTIONS", 1024) + 256)
        self.stdout.write(
            self.style.SUCCESS(f"效能平台已启动：http://{options['host']}:{options['port']}/")
        )
        self.stdout.flush()
        try:
            self._granian(options).serve(
                target_loader=partial(load_application, parent_pid=os.getpid())
            )
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait(timeout=5)

    def _granian(self, options: dict[str, Any]) -> Any:
        from granian import Granian
        from granian.constants import HTTPModes, Interfaces
        from granian.http import HTTP1Settings
        from granian.log import LogLevels

        access_log = os.environ.get("XIAONENG_ACCESS_LOG", "")
        return Granian(
            WSGI_TARGET,
            address=options["host"],
            port=options["port"],
            interface=Interfaces.WSGI,
            http=HTTPModes.http1,
            websockets=False,
            workers=options["workers"],
            blocking_threads=options["threads"],
            # Open connections per worker (granian's "backpressure"): slow or
            # idle ones hold only a socket until the header timeout ends them.
            backpressure=_env_int("XIAONENG_CONNECTIONS", 1024),
            http1_settings=HTTP1Settings(
                header_read_timeout=_env_int("XIAONENG_HEADER_TIMEOUT", 10) * 1000
            ),
            workers_kill_timeout=10,
            log_access=bool(access_log),
            log_dictconfig=_log_config(access_log),
            log_level=LogLevels(os.environ.get("XIAONENG_SERVER_LOG_LEVEL", "warning")),
        )
