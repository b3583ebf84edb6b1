"""Forms of the case desks. They only parse what was typed; every rule (a
refusal needs reasons, one notice only, at most 10 days' extension …) is the
action's to enforce, so its error code reaches the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from xiaoneng.catalog.models import ItemMaterial

from .actions import SPECIAL_PROCEDURES
from .certificates import CertificateArgs
from .models import Case, Decision, DeliveryMethod, HandlerKind, IdType

TEXTAREA = {"rows": 3, "class": "xn-textarea"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def material_copies(material: ItemMaterial) -> str:
    """原件1份、复印件1份 — how many of each the window takes in."""
    parts = []
    if material.originals:
        parts.append(f"原件{material.originals}份")
    if material.copies:
        parts.append(f"复印件{material.copies}份")
    return "、".join(parts) or "—"


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(
        label="申请人",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "单位全称或个人姓名"}),
    )
    applicant_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    summary = forms.CharField(
        label="申请事由",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class CertificateForm(forms.Form):
    """证件类型/号码, address, and who brings the application (经办人/代理人);
    the action checks them (cases.certificates), the form only parses."""

    applicant_id_type = forms.ChoiceField(
        label="证件类型", required=False, choices=[("", "请选择"), *IdType.choices]
    )
    applicant_id_no = forms.CharField(
        label="证件号码",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    applicant_address = forms.CharField(label="联系地址", required=False, max_length=300)
    handler_kind = forms.ChoiceField(
        label="办理人",
        required=False,
        choices=[
            ("", "申请人本人"),
            (HandlerKind.HANDLER, "经办人"),
            (HandlerKind.PROXY, "代理人"),
        ],
        help_text="企业由经办人办理，或委托代理人办理的，登记其姓名和身份证号",
    )
    handler_name = forms.CharField(label="经办人/代理人姓名", required=False, max_length=100)
    handler_id_no = forms.CharField(
        label="经办人/代理人身份证号",
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def certificate(self) -> CertificateArgs:
        """The action's keyword arguments."""
        data = self.cleaned_data
        return CertificateArgs(
            applicant_id_type=data.get("applicant_id_type") or "",
            applicant_id_no=data.get("applicant_id_no") or "",
            applicant_address=data.get("applicant_address") or "",
            handler_kind=data.get("handler_kind") or "",
            handler_name=data.get("handler_name") or "",
            handler_id_no=data.get("handler_id_no") or "",
        )


class IntakeForm(ApplicantForm, CertificateForm):
    """窗口收件: the applicant, and a checklist of the item's materials."""

    defects = forms.CharField(
        label="其他需补正事项",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="已收到但内容有误、不规范的材料等，每行一项；将一并列入一次性告知",
    )

    def __init__(self, *args: Any, materials: Sequence[ItemMaterial], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for material in self.materials:
            self.fields[f"m{material.pk}"] = forms.BooleanField(label=material.name, required=False)

    def checklist(self) -> list[dict[str, Any]]:
        return [
            {"material": m, "field": self[f"m{m.pk}"], "copies": material_copies(m)}
            for m in self.materials
        ]

    def received(self) -> list[dict[str, Any]]:
        """The checklist as taken in: what the receipt lists (and lacks)."""
        data = self.cleaned_data
        return [
            {
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "required": m.required,
                "received": bool(data.get(f"m{m.pk}")),
            }
            for m in self.materials
        ]

    def missing(self) -> list[str]:
        """Every required material not ticked, then the typed defects: the
        content of the one-time notice."""
        data = self.cleaned_data
        absent = [m.name for m in self.materials if m.required and not data.get(f"m{m.pk}")]
        return [*absent, *_lines(data.get("defects", ""))]


class CaseForm(forms.Form):
    """A step on one case; `version` guards against acting on a stale page."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        if not self.is_bound:
            self.fields["version"].initial = case.version


class NoticeForm(CaseForm):
    materials = forms.MultipleChoiceField(
        label="需补正的材料", required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label="其他需补正事项",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="每行一项，如：公司章程未经全体股东签署",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        field = self.fields["materials"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(m.name, m.name) for m in case.item.materials.all()]

    def missing(self) -> list[str]:
        return [*self.cleaned_data["materials"], *_lines(self.cleaned_data["other"])]


class RefuseForm(CaseForm):
    reason = forms.CharField(
        label="不予受理理由", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    competent_authority = forms.CharField(
        label="有权机关",
        required=False,
        max_length=200,
        help_text="不属于本机关职权范围的，告知申请人向有关行政机关申请",
    )


class SuspendForm(CaseForm):
    procedure = forms.ChoiceField(label="特别程序", choices=list(SPECIAL_PROCEDURES.items()))
    expected_days = forms.IntegerField(
        label="预计所需时间（天）", widget=forms.NumberInput(attrs={"min": 1, "max": 365})
    )
    reason = forms.CharField(label="说明", required=False, max_length=300)


class ExtensionForm(CaseForm):
    days = forms.IntegerField(label="延长工作日")
    reason = forms.CharField(
        label="延期理由", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["days"].widget.attrs.update({"min": 1, "max": case.max_extension_days})
        self.fields["days"].help_text = f"至多 {case.max_extension_days} 个工作日，只能延期一次"


class OpinionForm(CaseForm):
    agrees = forms.TypedChoiceField(
        label="会签结论",
        choices=[("1", "同意"), ("0", "不同意")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    opinion = forms.CharField(
        label="会签意见", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class DecideForm(CaseForm):
    decision = forms.ChoiceField(
        label="审批决定", choices=Decision.choices, widget=forms.RadioSelect, initial="approved"
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="不予许可的，须说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利",
    )


class DeliverForm(CaseForm):
    method = forms.ChoiceField(
        label="送达方式", choices=DeliveryMethod.choices, initial=DeliveryMethod.IN_PERSON
    )
    recipient = forms.CharField(
        label="受送达人", required=False, max_length=100, help_text="不填即为申请人"
    )
    tracking_no = forms.CharField(
        label="邮件号", required=False, max_length=40, help_text="邮寄送达的，填写挂号信或EMS邮件号"
    )


class WithdrawForm(CaseForm):
    reason = forms.CharField(label="撤回原因", required=False, max_length=300)


class QueueSearchForm(forms.Form):
    """搜索 above a case list: tracking number, applicant or item; status."""

    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "办件编号 / 申请人 / 事项", "type": "search"}),
    )
    status = forms.ChoiceField(label="状态", required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部"), *statuses]


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label="事项",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "事项名称或编码", "type": "search"}),
    )
