"""The big screen's test world: its day and the cases it holds (imported by
the tests by this module's own name: `conftest` would be ambiguous)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TODAY = date(2026, 3, 18)  # a Wednesday
GONGSHANG = "620700005"  # 市工商局
NAME_CHECK = "0100001000620700005"  # 企业名称预先核准 (即办件, 市工商局)


@dataclass
class World:
    today: date
    overdue: int  # accepted 2 March, 10 working days: due 16 March
    warning: int  # accepted 4 March: due 18 March (today)
    normal: int  # accepted today
    untimed: int  # supplement notice today (waiting for the applicant)
    instant: int  # instant item, finished today
    delivered: int  # received 2 March, delivered 10 March (on time)
    other: int  # another department's case, accepted today
    other_department: str
