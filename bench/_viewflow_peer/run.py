"""Time the django-viewflow peer: N processes walked start → approve → end.

    uv run --group bench python bench/_viewflow_peer/run.py --sqlite PATH --count N
    uv run --group bench python bench/_viewflow_peer/run.py --postgres URL --count N

Run by bench_cases.py in a child process (its own settings module,
bench/_viewflow_peer/settings.py) on a database of its own next to the
product's (SQLite: a file in the same directory; PostgreSQL: a scratch
database on the same server). Each process is two transactions: `start`
(INSERT process and tasks) and `approve` (the task found by the process's id,
locked, completed, the end node run). Prints one JSON line: transactions/s
(wall and CPU) and statements per transaction."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", default="")
    parser.add_argument("--postgres", default="")
    parser.add_argument("--count", type=int, default=2_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "_viewflow_peer.settings"
    if args.postgres:
        os.environ["PEER_DATABASE_URL"] = args.postgres
    else:
        os.environ["PEER_SQLITE_PATH"] = args.sqlite
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Task

    from _viewflow_peer.flows import ApprovalFlow

    call_command("migrate", interactive=False, verbosity=0)

    def walk(i: int) -> None:
        process = ApprovalFlow.start.run(applicant=f"祁连绿源有限公司{i}")
        task = Task.objects.get(process_id=process.pk, flow_task=ApprovalFlow.approve)
        ApprovalFlow.approve.run(task)

    for i in range(50):  # warm: imports, connection, statement caches
        walk(-i)
    with CaptureQueriesContext(connection) as captured:
        walk(-1)
    sqls = [q["sql"] for q in captured.captured_queries]
    transaction_sql = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    counted = [s for s in sqls if not s.lstrip().upper().startswith(transaction_sql)]
    cpu, started = time.process_time(), time.perf_counter()
    for i in range(args.count):
        walk(i)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    done = Task.objects.filter(flow_task=ApprovalFlow.end).count()
    assert done >= args.count, done
    print(
        json.dumps(
            {
                "processes": args.count,
                "rate": 2 * args.count / wall,
                "cpu_rate": 2 * args.count / cpu,
                "statements": len(counted) / 2,
                "all_statements": len(sqls) / 2,
                "sql": sqls,
            }
        )
    )


if __name__ == "__main__":
    main()
