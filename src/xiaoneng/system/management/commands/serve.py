"""`xiaoneng serve`: migrate, load the demo city into an empty database, and
serve with gunicorn (WSGI) plus the embedded task worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from xiaoneng.org.models import Department


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from xiaoneng.config.wsgi import application

        return application


class Command(BaseCommand):
    help = "迁移数据库、（演示模式下）载入演示城市，并启动 Web 服务与内置任务进程"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("XIAONENG_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("XIAONENG_PORT", "8000"))
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("XIAONENG_WORKERS", "2"))
        )
        parser.add_argument("--no-worker", action="store_true", help="不启动内置任务进程")
        parser.add_argument("--no-demo", action="store_true", help="空库时也不载入演示城市")
        parser.add_argument(
            "--history",
            type=int,
            default=int(os.environ.get("XIAONENG_DEMO_HISTORY", "2000")),
            help="载入演示城市时一并生成的一年历史办件数（约 20 秒；0 不生成）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移到最新结构")
        if settings.DEMO_MODE and not options["no_demo"] and not Department.objects.exists():
            call_command("demo")
            if options["history"] > 0:
                call_command("demo_history", "--cases", str(options["history"]))
        children = []
        if not options["no_worker"]:
            # The embedded worker and its scheduler: child processes, so a slow
            # task never blocks a request.
            for command in (["db_worker", "--queue-name", "*"], ["scheduler"]):
                children.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and command
                        [sys.executable, "-m", "xiaoneng.cli", *command]
                    )
                )
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"效能平台已启动：http://{address}/"))
        try:
            _Gunicorn(
                {
                    "bind": address,
                    "workers": options["workers"],
                    "threads": 4,
                    "worker_class": "gthread",
                    "accesslog": os.environ.get("XIAONENG_ACCESS_LOG") or None,
                    "timeout": 60,
                    "graceful_timeout": 10,
                }
            ).run()
        finally:
            for child in children:
                child.terminate()
                child.wait(timeout=10)
