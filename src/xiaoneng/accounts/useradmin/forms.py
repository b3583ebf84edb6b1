"""The user administration's forms: types and choices only; the rules are
the actions' (their errors are shown beside the form)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from xiaoneng.org.authority import PERMISSIONS
from xiaoneng.org.models import DataScope, Department, DepartmentKind, Position, Role


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _outline_choices(outline: list[tuple[Department, int]], blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(str(d.pk), "　" * depth + d.name) for d, depth in outline]


class UserForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=30)
    real_name = forms.CharField(label="姓名", max_length=50)
    department = forms.TypedChoiceField(label="所属机构", coerce=int, empty_value=None)
    title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    positions = forms.TypedMultipleChoiceField(label="岗位", coerce=int, required=False)
    roles = forms.TypedMultipleChoiceField(
        label="角色", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        outline: list[tuple[Department, int]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "department").choices = _outline_choices(outline, "请选择所属机构")
        self.fields["department"].required = True
        in_scope = {d.pk for d, _ in outline}
        posts = Position.objects.filter(department_id__in=in_scope).select_related("department")
        _choice(self, "positions").choices = [(p.pk, str(p)) for p in posts]
        self.fields["positions"].widget.attrs["size"] = 6
        _choice(self, "roles").choices = [
            (r.pk, f"{r.name}（{r.get_data_scope_display()}）")
            for r in Role.objects.filter(active=True)
        ]
        if editing:
            del self.fields["username"]


class RoleForm(forms.Form):
    code = forms.CharField(label="角色编码", max_length=32)
    name = forms.CharField(label="角色名称", max_length=50)
    sort = forms.IntegerField(label="显示顺序", min_value=0, initial=0)
    active = forms.BooleanField(label="启用", required=False, initial=True)
    remark = forms.CharField(label="备注", max_length=200, required=False)
    data_scope = forms.ChoiceField(
        label="数据权限", choices=DataScope.choices, widget=forms.RadioSelect
    )
    custom_departments = forms.TypedMultipleChoiceField(
        label="自定义数据范围（所选机构及其下级）", coerce=int, required=False
    )
    permissions = forms.MultipleChoiceField(
        label="功能权限", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        outline: list[tuple[Department, int]],
        editing: bool = False,
        everything: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "custom_departments").choices = _outline_choices(outline, "")[1:]
        self.fields["custom_departments"].widget.attrs["size"] = 8
        choices = [(code, label) for code, label in PERMISSIONS.items()]
        if everything:
            choices.insert(0, ("*", "全部功能（系统管理员）"))
        _choice(self, "permissions").choices = choices
        self.permission_choices: list[tuple[str, str]] = choices
        if editing:
            del self.fields["code"]


class DepartmentForm(forms.Form):
    code = forms.CharField(label="机构编码", max_length=32)
    name = forms.CharField(label="机构名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="机构类型", choices=DepartmentKind.choices)
    parent = forms.TypedChoiceField(label="上级机构", coerce=int, empty_value=None, required=False)
    sort = forms.IntegerField(label="显示顺序", min_value=0, initial=0)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    functions = forms.CharField(
        label="主要职能", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, outline: list[tuple[Department, int]], editing: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        _choice(self, "parent").choices = _outline_choices(outline, "（无：顶级机构）")
        if editing:
            del self.fields["code"]


class PositionForm(forms.Form):
    department = forms.TypedChoiceField(label="所属机构", coerce=int, empty_value=None)
    name = forms.CharField(label="岗位名称", max_length=100)
    duties = forms.CharField(label="岗位职责", widget=forms.Textarea(attrs={"rows": 5}))
    accountability = forms.CharField(
        label="责任追究情形", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(label="对外公示", required=False, initial=True)
    sort = forms.IntegerField(label="显示顺序", min_value=0, initial=0)

    def __init__(
        self, *args: Any, outline: list[tuple[Department, int]], editing: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        _choice(self, "department").choices = _outline_choices(outline, "请选择所属机构")
        if editing:
            del self.fields["department"]


class ImportForm(forms.Form):
    file = forms.FileField(label="用户导入表（.xlsx）")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 5 MB")
        return upload
