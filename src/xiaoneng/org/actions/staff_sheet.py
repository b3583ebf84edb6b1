"""用户导入: staff accounts from an .xlsx sheet, all rows or none. Every row
is checked first (user name free and not repeated in the file, name, unit
within the actor's scope, roles and posts known, roles grantable, phone,
status); any bad row refuses the whole file with each problem named by
its row number. Each new account gets a temporary password, shown once to
the importing administrator, to be changed at first sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.org.actions.people import build_user, check_phone, check_username
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.guards import may_assign, temporary_password
from xiaoneng.org.models import Department, Position, Role, User
from xiaoneng.org.staff_sheet import StaffRow, read_staff

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_IMPORT = 2000  # accounts in one file: a department's staff, not a census


@dataclass(frozen=True)
class Imported:
    username: str
    real_name: str
    password: str  # temporary: shown once, changed at first sign-in


@dataclass
class _Checked:
    row: StaffRow
    department: Department | None
    roles: list[Role]
    positions: list[Position]


@transaction.atomic
def import_staff(*, actor: Actor, data: bytes) -> list[Imported]:
    require(actor, "org.manage")
    rows = read_staff(data)
    if not rows:
        raise InvalidInput("文件中没有用户行", code="staff_import_empty")
    if len(rows) > MAX_IMPORT:
        raise InvalidInput(f"一次最多导入 {MAX_IMPORT} 个用户", code="staff_import_too_many")
    checked, errors = _check_all(actor, rows)
    if errors:
        raise InvalidInput(
            f"导入未执行：{len(errors)} 处错误，请改正后重新导入（未写入任何用户）",
            code="staff_import_invalid",
            detail=[{"row": n, "message": m} for n, m in errors],
        )
    done = []
    for item in checked:
        password = temporary_password()
        user = build_user(
            actor,
            username=item.row.username,
            password=password,
            real_name=item.row.real_name,
            department=item.department,
            roles=item.roles,
            positions=item.positions,
            title=item.row.title,
            phone=item.row.phone,
            must_change_password=True,
        )
        if item.row.active is False:
            User.objects.filter(pk=user.pk).update(is_active=False)
        done.append(Imported(user.username, user.real_name, password))
    record_event(
        actor=actor,
        event_type="org.staff_imported",
        object_type="user",
        object_id="import",
        payload={"count": len(done), "usernames": [i.username for i in done]},
    )
    return done


def _check_all(actor: Actor, rows: list[StaffRow]) -> tuple[list[_Checked], list[tuple[int, str]]]:
    departments = {d.code: d for d in Department.objects.filter(active=True)}
    roles = {r.code: r for r in Role.objects.filter(active=True)}
    posts: dict[int, dict[str, Position]] = {}
    for post in Position.objects.all():
        posts.setdefault(post.department_id, {})[post.name] = post
    taken = {u.casefold() for u in User.objects.values_list("username", flat=True)}
    seen: dict[str, int] = {}
    checked, errors = [], []
    for row in rows:
        problems: list[str] = []
        item = _check_row(actor, row, (departments, roles, posts), problems)
        key = row.username.casefold()
        if key in taken:
            problems.append(f"用户名 {row.username} 已存在")
        elif key in seen:
            problems.append(f"用户名 {row.username} 与第 {seen[key]} 行重复")
        seen.setdefault(key, row.number)
        errors += [(row.number, p) for p in problems]
        if not problems:
            checked.append(item)
    return checked, errors


def _check_row(
    actor: Actor,
    row: StaffRow,
    known: tuple[dict[str, Department], dict[str, Role], dict[int, dict[str, Position]]],
    problems: list[str],
) -> _Checked:
    departments, roles, all_posts = known
    for value, check in ((row.username, check_username), (row.phone, check_phone)):
        try:
            check(value)
        except DomainError as exc:
            problems.append(exc.message)
    if not row.real_name:
        problems.append("姓名不能为空")
    if row.active is None:
        problems.append("状态只能填“正常”或“停用”")
    department = departments.get(row.department_code) if row.department_code else None
    if row.department_code and department is None:
        problems.append(f"机构编码 {row.department_code} 不存在或已停用")
    elif department is not None and not covers_department(actor, department.pk):
        problems.append(f"机构 {department.name} 不在您的数据权限范围内")
    chosen = [roles[c] for c in row.roles if c in roles]
    problems += [f"角色编码 {c} 不存在或已停用" for c in row.roles if c not in roles]
    try:
        may_assign(actor, chosen)
    except DomainError as exc:
        problems.append(exc.message)
    posts = all_posts.get(department.pk, {}) if department else {}
    problems += [f"岗位“{n}”不属于该机构" for n in row.positions if n not in posts]
    return _Checked(row, department, chosen, [posts[n] for n in row.positions if n in posts])
