"""`xiaoneng audit …`: the audit chain's operator commands.

- `verify`      walk the SM3 chain and its keyed seals, compare the head row
                and the checkpoints; name every problem, the first first.
- `checkpoint`  sign the chain's head into the checkpoint file (the
                scheduler does it every 15 minutes).
- `rotate-key`  append a new signing key to the keyring and checkpoint with it.
- `keys`        where the keys and checkpoints are, which key is current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoneng.audit.actions import CheckpointRefused, write_checkpoint
from xiaoneng.audit.checkpoints import checkpoints_path
from xiaoneng.audit.keys import AuditKeyError, keyring_path, load_keyring, rotate_key
from xiaoneng.audit.selectors import verify_report


class Command(BaseCommand):
    help = "审计链：verify 校验；checkpoint 写检查点；rotate-key 轮换签名密钥；keys 查看密钥"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验哈希链、密钥签名与检查点，报告问题（第一处断链在前）")
        sub.add_parser("checkpoint", help="把当前链头签名写入检查点文件")
        sub.add_parser("rotate-key", help="生成新的签名密钥（旧密钥保留以核验旧事件）")
        sub.add_parser("keys", help="显示密钥环与检查点文件的位置和当前密钥编号")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))()
        except (AuditKeyError, CheckpointRefused) as exc:
            raise CommandError(exc.message) from exc

    def _verify(self) -> None:
        report = verify_report()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"注意：{warning}"))
        if report.problems:
            first = report.problems[0]
            lines = [
                f"审计链断裂：第 {first.seq} 号事件，{first.reason}（共检查 {report.count} 条）",
                *(f"  另：第 {p.seq} 号，{p.reason}" for p in report.problems[1:]),
            ]
            raise CommandError("\n".join(lines))
        parts = [f"审计链完整：共 {report.count} 条事件，SM3 哈希逐条相符"]
        if report.sealed_since is not None:
            parts.append(f"密钥签名（HMAC-SM3）自第 {report.sealed_since} 号起逐条相符")
        if report.unsealed:
            parts.append(f"启用密钥前的 {report.unsealed} 条事件只有 SM3 链")
        if report.latest is not None:
            parts.append(
                f"与 {report.checkpoints} 个检查点相符"
                f"（最近：第 {report.latest.seq} 号，{report.latest.at}）"
            )
        self.stdout.write(self.style.SUCCESS("，".join(parts)))

    def _checkpoint(self, *, force: bool = False) -> None:
        written = write_checkpoint(force=force)
        if written is None:
            self.stdout.write("链头自上一个检查点以来没有变化，未写入")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"检查点已写入 {checkpoints_path()}：第 {written.seq} 号，{written.hash}"
            )
        )
        self.stdout.write(written.as_line().strip())

    def _rotate_key(self) -> None:
        new_id = rotate_key()
        self.stdout.write(
            self.style.SUCCESS(f"新签名密钥 {new_id} 已启用（{keyring_path()}），旧密钥保留")
        )
        self._checkpoint(force=True)  # the history so far, vouched for by the new key too
        self.stdout.write("请立即备份密钥环文件：丢失任何一把密钥，它签过的事件将无法核验")

    def _keys(self) -> None:
        ring = load_keyring()
        self.stdout.write(f"密钥环：{keyring_path()}（来源：{ring.source or '尚未生成'}）")
        for kid in ring.keys:
            mark = "当前" if kid == ring.current_id else "已轮换"
            created = ring.created.get(kid, "") or "环境变量"
            self.stdout.write(f"  {kid}  {mark}  {created}")
        self.stdout.write(f"检查点：{checkpoints_path()}")
