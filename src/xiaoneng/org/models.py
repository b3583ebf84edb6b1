"""The organisation: the department tree (city, its departments, counties),
positions with their published duties (岗位责任制), staff accounts, roles with
data scopes, and leaders' portfolios (分管)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from xiaoneng.audit.pii import SealedTextField, pii_digest


class DepartmentKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "市直部门"
    COUNTY = "county", "县（区）"
    OFFICE = "office", "内设机构"
    WINDOW = "window", "服务窗口"
    EXTERNAL = "external", "社会（申请人）"


class Department(models.Model):
    """A node of the organisation tree. `ancestors` holds the path of ids
    ("/1/4/") so that "this department and below" is one indexed prefix filter."""

    code = models.CharField("机构编码", max_length=32, unique=True)
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=16, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    ancestors = models.CharField("祖级路径", max_length=255, db_index=True, editable=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    functions = models.TextField("主要职能", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ("sort", "id")

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        """This node's own path prefix: its descendants' ancestors start with it."""
        return f"{self.ancestors}{self.pk}/"


class Position(models.Model):
    """A post and its published duties (岗位责任制, seed art. 2)."""

    department = models.ForeignKey(
        Department, verbose_name="所属机构", on_delete=models.PROTECT, related_name="positions"
    )
    name = models.CharField("岗位名称", max_length=100)
    duties = models.TextField("岗位职责")
    accountability = models.TextField("责任追究情形", blank=True)
    public = models.BooleanField("对外公示", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        ordering = ("department__sort", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="position_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name}·{self.name}"


class DataScope(models.TextChoices):
    """The five data scopes staff know from RuoYi-family systems (数据权限)."""

    ALL = "all", "全部数据"
    CUSTOM = "custom", "自定义数据"
    DEPT = "dept", "本部门数据"
    DEPT_AND_BELOW = "dept_and_below", "本部门及以下数据"
    SELF = "self", "仅本人数据"


class Role(models.Model):
    code = models.CharField("角色编码", max_length=32, unique=True)
    name = models.CharField("角色名称", max_length=50)
    data_scope = models.CharField(
        "数据权限", max_length=16, choices=DataScope.choices, default=DataScope.SELF
    )
    custom_departments = models.ManyToManyField(
        Department, verbose_name="自定义数据范围", blank=True, related_name="+"
    )
    permissions = models.JSONField("功能权限", default=list, blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    remark = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ("sort", "id")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member, or an applicant/agent with an account. Staff belong to a
    department and hold positions; roles give functions and data scope."""

    real_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    positions = models.ManyToManyField(
        Position, verbose_name="岗位", blank=True, related_name="holders"
    )
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    # Sealed at rest (SM4, audit.pii); found by the digest beside it, whole
    # numbers only (the user admin's search). Kept by `save`.
    phone = SealedTextField("手机号码", max_length=20, blank=True)
    phone_digest = models.CharField(
        "手机号码摘要", max_length=64, blank=True, db_index=True, editable=False
    )
    title = models.CharField("职务", max_length=50, blank=True)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0, editable=False)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True, editable=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when an administrator gave a temporary password (new account, reset,
    # import): the next sign-in goes to the password page first.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ("id",)

    def __str__(self) -> str:
        return self.real_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The phone's digest follows the phone (a save naming its fields
        writes the digest with it); a save that leaves the phone alone (a
        sign-in's last_login) needs no key."""
        fields = kwargs.get("update_fields")
        if fields is None or "phone" in fields:
            self.phone_digest = pii_digest(self.phone) if self.phone else ""
            if fields is not None:
                kwargs["update_fields"] = {*fields, "phone_digest"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username


class LeaderPortfolio(models.Model):
    """The departments a city or county leader is in charge of (分管)."""

    leader = models.ForeignKey(
        User, verbose_name="领导", on_delete=models.PROTECT, related_name="portfolios"
    )
    department = models.ForeignKey(
        Department, verbose_name="分管部门", on_delete=models.PROTECT, related_name="leaders"
    )
    duty = models.CharField("分工", max_length=200, blank=True)

    class Meta:
        verbose_name = "领导分管"
        verbose_name_plural = "领导分管"
        constraints = [
            models.UniqueConstraint(fields=["leader", "department"], name="portfolio_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.leader} 分管 {self.department}"


def department_and_below(department: Department, field: str = "department") -> Q:
    """Q matching rows whose `field` is the department or any descendant."""
    return Q(**{f"{field}_id": department.pk}) | Q(
        **{f"{field}__ancestors__startswith": department.path}
    )


class AuthorityStamp(models.Model):
    """One row whose value changes, by database triggers in the same
    transaction, whenever anything an actor's authority is read from
    changes: roles, role grants, custom scopes, portfolios, the department
    tree, a user's status or department (migration 0010). A copy of an
    actor's authority kept across requests is good while the value it was
    read under is still the value (`authority.adopt_kept_authority`). Random,
    not a counter: a rolled-back change can never bring an old value back."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "权限版本戳"
        verbose_name_plural = "权限版本戳"

    def __str__(self) -> str:
        return str(self.value)
