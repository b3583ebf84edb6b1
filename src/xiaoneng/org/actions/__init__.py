"""The only writers of the organisation, by subject.

- `structure`: departments (the tree, its `ancestors`) and positions (岗位)
- `people`: staff accounts, their roles and posts, portfolios (分管)
- `roles`: roles' function permissions and data scopes
- `staff_sheet`: the staff list's .xlsx import (all rows or none)
"""

from .people import (
    assign_portfolio,
    create_user,
    set_roles,
    set_user_active,
    update_user,
)
from .roles import create_role, update_role
from .staff_sheet import import_staff
from .structure import (
    create_department,
    create_position,
    move_department,
    set_department_active,
    update_department,
    update_position,
)

__all__ = [
    "assign_portfolio",
    "create_department",
    "create_position",
    "create_role",
    "create_user",
    "import_staff",
    "move_department",
    "set_department_active",
    "set_roles",
    "set_user_active",
    "update_department",
    "update_position",
    "update_role",
    "update_user",
]
