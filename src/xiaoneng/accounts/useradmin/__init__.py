"""系统管理 in the staff shell, as RuoYi-family systems lay it out: 用户管理
(list, add, edit, disable, reset password, unlock, roles, posts, .xlsx
import and export), 角色管理 (permissions and data scope), 机构管理 (the
tree) and 岗位管理 (posts and duties). Every change is an action of org or
accounts (permission, audit); these pages only ask and show. Here, not in
the admin site: no password hash, no Django internals, Chinese throughout."""
