"""Building blocks of the accountability tests (a module, not conftest, so
test modules can import it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiaoneng.accountability import actions
from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

BUREAU = "620700005"  # 市工商局
OPENED_ON = date(2026, 9, 14)  # Mon


def open_case(users: dict[str, User], on: date = OPENED_ON, **kw: Any) -> AccountabilityCase:
    args: dict[str, Any] = {
        "source_kind": "direct",
        "source_ref": "市政府领导批示第12号",
        "title": "窗口工作人员态度蛮横",
        "facts": "2026年9月10日，市工商局窗口工作人员对办事群众态度蛮横，经调查属实。",
        "subjects": [
            {"kind": "staff", "user_id": users["window"].pk, "position": "窗口工作人员"},
            {"kind": "unit"},
        ],
        "department_id": Department.objects.get(code=BUREAU).pk,
    }
    args.update(kw)
    with travel_to(on):
        return actions.open_case(actor=users["supervisor"], **args)
