"""The append-only, hash-chained audit log (审计链)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    CHANGE = "change", "修改"
    DELETE = "delete", "删除"
    WITHDRAW = "withdraw", "撤回"
    TRANSITION = "transition", "状态变更"
    EXPORT = "export", "导出"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账号锁定"
    DRAW = "draw", "随机抽取"
    DRAW_AMEND = "draw_amend", "抽取更正"
    SUBMIT = "submit", "报送"
    BULK_CREATE = "bulk_create", "批量新增"
    ATTACHMENT_REJECTED = "attachment_rejected", "附件校验失败"
    CHECKLIST = "checklist", "逐项检查"
    CHECK_IN = "check_in", "扫码入企"
    CHECK_IN_REFUSED = "check_in_refused", "扫码入企未通过"
    FOLLOW_UP = "rectification_follow_up", "整改复查（回头看）"
    PUBLISH = "publish", "公示"
    TOKEN = "token", "签发接口令牌"
    DENIED = "denied", "拒绝访问"
    OTHER = "other", "其他"


class AuditImmutable(Exception):
    """Audit events are never changed or deleted through the application."""


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        agency = getattr(user, "agency", None) if user.is_authenticated else None
        if agency is None:
            return self.none()
        qs = self.filter(agency__path__startswith=agency.path)
        if agency.parent_id is None:  # the top agency also sees events tied to no agency
            qs = self | self.filter(agency__isnull=True)
        return qs

    def update(self, **kwargs):
        raise AuditImmutable("审计记录不可修改。")

    def delete(self):
        raise AuditImmutable("审计记录不可删除。")


class AuditEvent(models.Model):
    """审计事件：谁、何时、对哪条记录做了什么，前后值，及与上一事件相连的 SM3 哈希。"""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="机构",
    )
    action = models.CharField("操作", max_length=24, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name="对象类型"
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("内容", default=dict, blank=True)
    request_id = models.CharField("请求编号", max_length=32, blank=True)
    remote_addr = models.CharField("来源地址", max_length=45, blank=True)
    prev_hash = models.CharField("上一事件哈希", max_length=64, unique=True)
    hash = models.CharField("本事件哈希", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable("审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("审计记录不可删除。")


class AuditChainHead(models.Model):
    """The chain's last link (one row): appends lock it, so two writers never fork the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
