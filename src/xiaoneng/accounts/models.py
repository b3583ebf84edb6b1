"""Authentication records: API tokens, login log, online sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token for integrations. Only its SM3 digest is stored; the
    token itself is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12)
    digest = models.CharField("摘要（SM3）", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class LoginLog(models.Model):
    """登录日志: every attempt, successful or not."""

    username = models.CharField("用户账号", max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField("登录地址", null=True, blank=True)
    browser = models.CharField("浏览器", max_length=100, blank=True)
    os = models.CharField("操作系统", max_length=100, blank=True)
    success = models.BooleanField("登录状态")
    message = models.CharField("提示消息", max_length=200, blank=True)
    created_at = models.DateTimeField("访问时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.success else '失败'}"


class OnlineSession(models.Model):
    """在线用户: one row per live web session, removed at logout or 强退."""

    session_key = models.CharField("会话编号", max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="online_sessions",
    )
    ip = models.GenericIPAddressField("登录地址", null=True, blank=True)
    browser = models.CharField("浏览器", max_length=100, blank=True)
    os = models.CharField("操作系统", max_length=100, blank=True)
    login_at = models.DateTimeField("登录时间", auto_now_add=True)
    last_seen_at = models.DateTimeField("最后访问", auto_now_add=True)

    class Meta:
        verbose_name = "在线用户"
        verbose_name_plural = "在线用户"
        ordering = ("-last_seen_at",)

    def __str__(self) -> str:
        return f"{self.user} @ {self.ip}"


class ThrottleScope(models.TextChoices):
    ADDRESS = "ip", "地址"
    ACCOUNT = "pair", "地址 + 账号"


class LoginThrottle(models.Model):
    """Failed sign-ins of one client address (scope `ip`), or of one address on
    one user name (scope `pair`), with the pause they earned. Kept in the
    database so every worker process sees the same count. A user name is kept
    as typed, whether or not such an account exists, so that unknown and known
    names are treated alike."""

    key = models.CharField("键（SM3）", max_length=64, unique=True)
    scope = models.CharField("范围", max_length=4, choices=ThrottleScope.choices)
    ip = models.GenericIPAddressField("登录地址", null=True, blank=True)
    username = models.CharField("用户账号", max_length=150, blank=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_started_at = models.DateTimeField("计数开始")
    strikes = models.PositiveSmallIntegerField("已暂停次数", default=0)
    blocked_until = models.DateTimeField("暂停至", null=True, blank=True)
    updated_at = models.DateTimeField("最近失败", db_index=True)

    class Meta:
        verbose_name = "登录限制"
        verbose_name_plural = "登录限制"
        ordering = ("-updated_at",)

    def __str__(self) -> str:
        who = f"{self.ip or '-'}" + (f" → {self.username}" if self.scope == "pair" else "")
        return f"{who}：{self.failures} 次"
