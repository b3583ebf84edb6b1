"""`xiaoneng demo`: load the demo city (Zhangye) into an empty database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.enforcement import load_demo_enforcement
from xiaoneng.demo.office import load_office_world
from xiaoneng.demo.projects import load_demo_projects
from xiaoneng.demo.public_accounts import load_demo_public_accounts
from xiaoneng.demo.trading import load_trading_world
from xiaoneng.demo.trading_projects import load_demo_trading
from xiaoneng.org.models import User


class Command(BaseCommand):
    help = "载入演示城市（张掖市）的机构、岗位、各角色演示账号和事项目录"

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("生产模式不能载入演示数据（演示账号使用公开的默认密码）")
        if load_demo_city():
            admin = User.objects.get(username="admin")
            items = load_demo_catalog(admin)
            load_demo_projects(admin)
            load_demo_public_accounts()
            load_demo_enforcement(admin)
            load_trading_world()
            load_demo_trading(admin, say=self.stdout.write)
            load_office_world()
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示城市已载入：张掖市及其部门、县区和演示账号；事项目录 {items} 项"
                )
            )
        else:
            # A demo database from before the enforcement lists gets them (idempotent).
            found = User.objects.filter(username="admin").first()
            added = load_demo_enforcement(found) if found else {}
            if added.get("items") or added.get("certificates"):
                self.stdout.write(f"已补充行政执法事项清单和执法证：{added}")
            load_trading_world()
            if found is not None:  # the trading projects a demo of before issue 14 lacks
                load_demo_trading(found, say=self.stdout.write)
            load_demo_public_accounts()  # 个人/法人 accounts a demo of before issue 19 lacks
            load_office_world()  # the report kinds … a demo of before issue 11 lacks
            self.stdout.write("数据库中已有机构数据，未重复载入")
