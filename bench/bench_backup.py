"""Backup and restore drill on a demo database: `xiaoneng backup` and
`xiaoneng restore` beside the bare tools they wrap, in the same run.

    uv run python bench/bench_backup.py [--cases 300] [--months 12] [--no-write]
        [--admin-url postgres://postgres@127.0.0.1:5432/test]

Creates a scratch PostgreSQL database (`xn_bench_backup_*`, on the server of
--admin-url, dropped at the end), migrates it, loads the demo city
(`xiaoneng demo`) and a history of --cases cases over --months months
(`xiaoneng demo_history`),
then times:

- `xiaoneng backup --to DIR` against its floor: `pg_dump --format=custom`
  alone plus `tar` of MEDIA_ROOT (what the command adds: the row counts in
  the dump's snapshot, the sha256 of each file, the manifest);
- `xiaoneng restore --from DIR` into an empty database against its floor:
  `pg_restore --no-owner --no-privileges --single-transaction` alone into
  another empty one (what the command adds: the sha256 checks before, the
  row counts, the whole audit chain and the personal-data keys after).

Writes bench/RESULTS.md under "## Backup and restore drill: a demo database"."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _report import machine_line, replace_section

SECTION = "## Backup and restore drill: a demo database"
PREFIX = "xn_bench_backup"


def url_for(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def psql(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def xiaoneng(env: dict[str, str], *command: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xiaoneng.cli", *command], env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def product_env(work: Path, database_url: str, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"XIAONENG_PARENT_PID"}}
    env.update(
        DATABASE_URL=database_url,
        XIAONENG_VAR_DIR=str(work / "var"),
        XIAONENG_MEDIA_ROOT=str(media),
        PYTHONUNBUFFERED="1",
    )
    return env


def libpq_env(database_url: str) -> dict[str, str]:
    parts = urlsplit(database_url)
    env = dict(os.environ)
    env.update(
        PGHOST=parts.hostname or "127.0.0.1",
        PGPORT=str(parts.port or 5432),
        PGUSER=parts.username or "postgres",
        PGDATABASE=parts.path.lstrip("/"),
    )
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env


def run(admin_url: str, cases: int, months: int) -> dict[str, object]:
    names = {k: f"{PREFIX}_{k}_{os.getpid()}" for k in ("source", "restored", "floor")}
    work = Path(tempfile.mkdtemp(prefix="xn-bench-backup-"))
    try:
        for name in names.values():
            psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            psql(admin_url, f"CREATE DATABASE {name}")
        source = product_env(work, url_for(admin_url, names["source"]), work / "media")
        xiaoneng(source, "migrate", "--verbosity", "0")
        xiaoneng(source, "demo")
        xiaoneng(source, "demo_history", "--cases", str(cases), "--months", str(months))
        for n in range(cases // 10):  # materials: the demo history uploads none
            path = work / "media" / "cases" / f"{n:04d}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.7\n" + os.urandom(200_000))

        backup = work / "backup"
        backup_s = xiaoneng(source, "backup", "--to", str(backup))
        raw = work / "raw.pgdump"
        dump_s = timed(
            ["pg_dump", "--format=custom", f"--file={raw}"],
            libpq_env(url_for(admin_url, names["source"])),
        )
        started = time.perf_counter()
        with tarfile.open(work / "raw.tar", "w") as archive:
            archive.add(work / "media", arcname=".")
        tar_s = time.perf_counter() - started

        restored = product_env(work, url_for(admin_url, names["restored"]), work / "media-r")
        restore_s = xiaoneng(restored, "restore", "--from", str(backup))
        floor_env = libpq_env(url_for(admin_url, names["floor"]))
        pg_restore_s = timed(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={names['floor']}",
                str(raw),
            ],
            floor_env,
        )
        manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
        return {
            "cases": cases,
            "months": months,
            "rows": sum(manifest["tables"].values()),
            "tables": len(manifest["tables"]),
            "events": manifest["audit"]["seq"],
            "media_files": manifest["media_files"],
            "dump_mb": manifest["files"]["database.pgdump"]["bytes"] / 1e6,
            "media_mb": manifest["files"]["media.tar"]["bytes"] / 1e6,
            "backup_s": backup_s,
            "floor_backup_s": dump_s + tar_s,
            "restore_s": restore_s,
            "floor_restore_s": pg_restore_s,
        }
    finally:
        for name in names.values():
            psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def report(figures: dict[str, object], command: str) -> str:
    f = figures
    return (
        f"{SECTION}\n\n"
        f"Command: `{command}`\n"
        f"{machine_line()}\n"
        "Each command runs as its own process (interpreter and Django start included, "
        "as an operator runs it); the floor is the bare tool on the same database in "
        "the same run.\n\n"
        "Demo database: `xiaoneng demo` + "
        f"`demo_history --cases {f['cases']} --months {f['months']}`, "
        f"{f['tables']} tables, {f['rows']:,} rows, {f['events']:,} audit events; "
        f"{f['media_files']} material files of 200 kB; dump {f['dump_mb']:.1f} MB, "
        f"media.tar {f['media_mb']:.1f} MB.\n\n"
        "| step | xiaoneng command | floor (bare tools) |\n"
        "|---|---|---|\n"
        f"| backup | **{f['backup_s']:.1f} s** (`xiaoneng backup`) "
        f"| {f['floor_backup_s']:.1f} s (`pg_dump -Fc` + tar) |\n"
        f"| restore + verification | **{f['restore_s']:.1f} s** (`xiaoneng restore`) "
        f"| {f['floor_restore_s']:.1f} s (`pg_restore --single-transaction`) |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    figures = run(args.admin_url, args.cases, args.months)
    command = f"uv run python bench/bench_backup.py --cases {args.cases} --months {args.months}"
    text = report(figures, command)
    print(text)
    if not args.no_write:
        replace_section(SECTION, text)


if __name__ == "__main__":
    main()
