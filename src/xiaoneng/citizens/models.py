"""A public account (公众账号): a Django user of the project's user model
with this profile — a 个人 (natural person) or a 法人 (enterprise, signed in
by its legal representative or 经办人). Identity numbers and the phone are
sealed at rest (SM4, system/pii.py) and found by their keyed digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.system.fields import StampField
from xiaoneng.system.pii import SealedTextField


class AccountKind(models.TextChoices):
    PERSON = "person", "个人"
    ENTERPRISE = "enterprise", "法人"


class PublicAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="public_account",
    )
    kind = models.CharField("账号类型", max_length=12, choices=AccountKind.choices)
    # The person's own 身份证号, or the enterprise's legal representative / 经办人's.
    person_name = models.CharField("姓名（法定代表人/经办人）", max_length=50)
    id_no = SealedTextField("身份证号")
    id_digest = models.CharField("身份证号摘要", max_length=64, db_index=True)
    phone = SealedTextField("手机号码")
    phone_digest = models.CharField("手机号码摘要", max_length=64, db_index=True)
    enterprise_name = models.CharField("单位名称", max_length=200, blank=True)
    # Public (printed on the licence); the digest is what cases store
    # (Case.applicant_id_digest = pii_digest(number)).
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    credit_digest = models.CharField("统一社会信用代码摘要", max_length=64, blank=True)
    # The unified identity provider's subject (统一身份认证), when signed up there.
    oidc_issuer = models.CharField("身份认证平台", max_length=200, blank=True)
    oidc_subject = models.CharField("身份认证平台用户标识", max_length=200, blank=True)
    created_at = StampField("注册时间", auto_now_add=True)

    class Meta:
        verbose_name = "公众账号"
        verbose_name_plural = "公众账号"
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(
                fields=["id_digest"],
                condition=Q(kind="person"),
                name="citizens_one_person_account_per_id",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(kind="enterprise"),
                name="citizens_one_enterprise_account_per_code",
            ),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="citizens_one_account_per_oidc_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.enterprise_name or self.person_name

    @property
    def is_enterprise(self) -> bool:
        return self.kind == AccountKind.ENTERPRISE


class ApplicationDraft(models.Model):
    """An online application saved before submission (草稿). Files are not
    kept in a draft: they are chosen again, or reused from earlier cases."""

    account = models.ForeignKey(
        PublicAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="drafts"
    )
    item = models.ForeignKey(
        "catalog.ApprovalItem", verbose_name="事项", on_delete=models.CASCADE, related_name="+"
    )
    applicant_name = models.CharField("申请人", max_length=200, blank=True)
    summary = models.TextField("申请事项说明", blank=True)
    updated_at = StampField("保存时间", auto_now=True)

    class Meta:
        verbose_name = "申请草稿"
        verbose_name_plural = "申请草稿"
        ordering = ("-updated_at", "-id")

    def __str__(self) -> str:
        return f"{self.item_id} {self.applicant_name}"


class LinkedDisclosure(models.Model):
    """A disclosure request (依申请公开) the account added to 我的办件 by its
    number and query code (the request itself carries no account)."""

    account = models.ForeignKey(
        PublicAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="disclosures"
    )
    request = models.ForeignKey(
        "disclosure.DisclosureRequest",
        verbose_name="依申请公开",
        on_delete=models.CASCADE,
        related_name="+",
    )
    linked_at = StampField("关联时间", auto_now_add=True)

    class Meta:
        verbose_name = "关联的依申请公开"
        verbose_name_plural = "关联的依申请公开"
        constraints = [
            models.UniqueConstraint(fields=["account", "request"], name="citizens_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.request_id}"
