"""The applicant's certificate, address and the person who brought the
application (经办人/代理人), checked once for every way a case is filed
(window intake, online application, an agent's filing for a dossier).

A 居民身份证 number must pass GB 11643's check digit, a 统一社会信用代码
GB 32100's; other certificates are taken as typed. The number is stored
sealed and found by `pii_digest` of its normalised form (upper case, no
spaces), so a search by number is exact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.inputs import credit_code_problem, id_number_problem
from xiaoneng.system.pii import pii_digest

from .models import HandlerKind, IdType

CHECKED = {
    IdType.RESIDENT_ID: id_number_problem,
    IdType.CREDIT_CODE: credit_code_problem,
}


class CertificateArgs(TypedDict, total=False):
    """`submit_application`'s certificate keywords, for callers that pass
    them as `**kwargs` (the intake form, an applicant's own account)."""

    applicant_id_type: str
    applicant_id_no: str
    applicant_address: str
    handler_kind: str
    handler_name: str
    handler_id_no: str


def normalised(number: str) -> str:
    """The form a certificate number is stored, digested and searched in."""
    return "".join(number.split()).upper()


def certificate_digest(number: str) -> str:
    """The digest a case's certificate number is found by ('' for none)."""
    return pii_digest(normalised(number)) if number.strip() else ""


@dataclass(frozen=True)
class Certificate:
    """What a filing says about who applies and who brings it."""

    id_type: str = ""
    id_no: str = ""
    address: str = ""
    handler_kind: str = ""
    handler_name: str = ""
    handler_id_no: str = ""

    def fields(self) -> dict[str, Any]:
        """The case's columns, the number's digest among them."""
        return {
            "applicant_id_type": self.id_type,
            "applicant_id_no": self.id_no,
            "applicant_id_digest": certificate_digest(self.id_no),
            "applicant_address": self.address,
            "handler_kind": self.handler_kind,
            "handler_name": self.handler_name,
            "handler_id_no": self.handler_id_no,
        }


def checked_certificate(
    *,
    id_type: str = "",
    id_no: str = "",
    address: str = "",
    handler_kind: str = "",
    handler_name: str = "",
    handler_id_no: str = "",
) -> Certificate:
    """The filing's certificate, or InvalidInput with a stable code."""
    id_type, number = (id_type or "").strip(), normalised(id_no or "")
    if id_type and id_type not in IdType.values:
        raise InvalidInput("证件类型不正确", code="applicant_id_type_invalid")
    if number and not id_type:
        raise InvalidInput("请选择证件类型", code="applicant_id_type_invalid")
    if id_type and not number:
        raise InvalidInput("请填写证件号码", code="applicant_id_no_invalid")
    check = CHECKED.get(IdType(id_type)) if id_type else None
    problem = check(number) if check and number else None
    if problem is None and len(number) > 40:
        problem = "证件号码过长"
    if problem:
        raise InvalidInput(problem, code="applicant_id_no_invalid", detail={"id_type": id_type})
    kind, name = (handler_kind or "").strip(), (handler_name or "").strip()[:100]
    handler_no = normalised(handler_id_no or "")
    if kind and kind not in HandlerKind.values:
        raise InvalidInput("办理人类型不正确", code="handler_kind_invalid")
    if kind in (HandlerKind.HANDLER, HandlerKind.PROXY):
        if not name:
            raise InvalidInput("请填写经办人或代理人姓名", code="handler_name_required")
        problem = (
            id_number_problem(handler_no) if handler_no else "请填写经办人或代理人的身份证号码"
        )
        if problem:
            raise InvalidInput(problem, code="handler_id_no_invalid")
    elif name or handler_no:
        raise InvalidInput("请选择办理人类型（经办人或代理人）", code="handler_kind_invalid")
    return Certificate(
        id_type=id_type,
        id_no=number,
        address=(address or "").strip()[:300],
        handler_kind=kind,
        handler_name=name,
        handler_id_no=handler_no,
    )
