"""`xiaoneng pii …`: the personal-data keys' operator commands.

- `rotate-key`  append a new sealing key to the keyring and make it current
                (older keys stay: they open what they sealed; digests keep).
- `reseal`      re-seal every sealed column under the current key, in
                batches, each its own transaction (safe while serving).
- `keys`        where the keys are, which is current, and how many stored
                values each key holds."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.core.sealing import SealError
from xiaoneng.system.pii import (
    PiiKeyError,
    count_by_key,
    keyring_path,
    load_keyring,
    reseal,
    rotate_key,
)


class Command(BaseCommand):
    help = "个人信息加密：rotate-key 轮换密钥；reseal 用当前密钥重新加密；keys 查看密钥"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rotate-key", help="生成新的加密密钥（旧密钥保留以解开旧密文）")
        again = sub.add_parser("reseal", help="用当前密钥重新加密所有个人信息字段（分批）")
        again.add_argument("--batch", type=int, default=500, help="每批行数（默认 500）")
        sub.add_parser("keys", help="显示密钥环位置、当前密钥编号和各密钥加密的数据量")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(**options)
        except (PiiKeyError, SealError) as exc:
            raise CommandError(exc.message) from exc

    def _rotate_key(self, **options: Any) -> None:
        new_id = rotate_key()
        self.stdout.write(
            self.style.SUCCESS(f"新加密密钥 {new_id} 已启用（{keyring_path()}），旧密钥保留")
        )
        self.stdout.write("新写入的个人信息用新密钥加密；运行 xiaoneng pii reseal 重新加密旧数据")
        self.stdout.write("请立即备份密钥环文件：丢失任何一把密钥，它加密的数据将无法解开")

    def _reseal(self, *, batch: int, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch 须为正整数")
        current = load_keyring().current_id

        def said(label: str, name: str, count: int) -> None:
            self.stdout.write(f"  {label}.{name}：重新加密 {count} 条")

        done = reseal(batch=batch, on_column=said)
        total = sum(done.values())
        self.stdout.write(
            self.style.SUCCESS(f"已用当前密钥 {current} 重新加密 {total} 条（{len(done)} 个字段）")
        )

    def _keys(self, **options: Any) -> None:
        ring = load_keyring()
        where = "环境变量 XIAONENG_PII_KEY" if ring.source == "env" else str(keyring_path())
        self.stdout.write(f"密钥来源：{where}")
        counts = count_by_key()
        for kid in ring.ids:
            marks = [
                m
                for m, on in (("当前", kid == ring.current_id), ("摘要根", kid == ring.ids[0]))
                if on
            ]
            role = "、".join(marks) or "旧"
            created = ring.created.get(kid, "") or "—"
            self.stdout.write(f"{kid}  {role}  {created}  加密 {counts.pop(kid, 0)} 条")
        plain = counts.pop("plain", 0)
        if plain:
            self.stdout.write(
                self.style.WARNING(f"尚未加密：{plain} 条（运行 xiaoneng pii reseal）")
            )
        for kid, count in sorted(counts.items()):
            self.stdout.write(self.style.ERROR(f"{kid}  密钥缺失  {count} 条无法解开"))
