"""`xiaoneng backup --to DIR`: the database (pg_dump, or SQLite's online
backup), MEDIA_ROOT and a manifest into a new directory (system.backups).
The keys are not in it: the command says where they are, and `--with-keys
DIR2` copies them into a directory to be stored apart from the backup."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.system.backups import BackupRefused, copy_keys, key_files, take_backup


class Command(BaseCommand):
    help = "备份数据库与申请材料文件到新目录（附清单：行数、审计链头、sha256）；密钥另行保存"
    # A backup must run even when a check would stop other commands (a demo
    # password left active, say); and the checks cost seconds of start-up.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="备份目录（须不存在或为空）")
        parser.add_argument(
            "--with-keys",
            type=Path,
            help="同时把密钥文件复制到此目录（须与备份目录分开，并分开保管）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            taken = take_backup(options["to"])
            copied = copy_keys(options["with_keys"], options["to"]) if options["with_keys"] else []
        except BackupRefused as exc:
            raise CommandError(exc.message) from exc
        manifest = taken.manifest
        audit, tables = manifest["audit"], manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{taken.directory}（{manifest['engine']}，{len(tables)} 张表，"
                f"{sum(tables.values())} 行；审计链至第 {audit['seq']} 号；"
                f"材料文件 {manifest['media_files']} 个；{time.monotonic() - started:.1f} 秒）"
            )
        )
        for name, about in manifest["files"].items():
            self.stdout.write(f"  {name}  {about['bytes']} 字节  sha256 {about['sha256']}")
        self.stdout.write("密钥不在备份中（持有数据库副本者不应同时持有密钥）：")
        for key in key_files():
            self.stdout.write(f"  {key.label}：{key.where}")
        if copied:
            self.stdout.write(f"已复制 {len(copied)} 个密钥文件到 {options['with_keys']}")
        self.stdout.write(
            self.style.WARNING(
                "请把密钥与数据库备份分开保管：恢复时缺了密钥，审计签名与个人信息无法核验和解开"
            )
        )
