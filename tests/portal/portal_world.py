"""Constants of the portal's test world (imported by its tests and conftest)."""

from __future__ import annotations

from datetime import date

ON = date(2026, 3, 2)  # a Monday
INSTANT = "0100001000620700005"  # 企业名称预先核准 (即办件, 市工商局)
JOINT = "0100090000620700005"  # 企业设立联合审批 (parallel)
COMPANY = "张掖市祁连绿源农业科技有限公司"
