"""Supervised entities (监管对象) and the licences they hold."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import ScopedModel
from core.validators import validate_uscc
from registry.categories import CATEGORY_CHOICES, SUBCATEGORY_CHOICES, SUBCATEGORY_PARENT


class EntityStatus(models.TextChoices):
    OPEN = "open", "营业"
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "关闭"
    DEREGISTERED = "deregistered", "注销"


class RiskGrade(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class CreditGrade(models.TextChoices):
    A = "A", "A（诚信）"
    B = "B", "B（基本诚信）"
    C = "C", "C（失信）"
    D = "D", "D（严重失信）"


_PUNCT = re.compile(r"[\s（）()【】\[\]“”\"'‘’、，,。.·\-—_/\\]+")


def normalise(text: str) -> str:
    """Key for duplicate detection: no spaces or punctuation, full-width digits as ASCII."""
    text = (text or "").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return _PUNCT.sub("", text).lower()


class SupervisedEntity(ScopedModel):
    """监管对象：医疗机构、公共场所、供水单位、学校等受卫生监督的单位。"""

    name = models.CharField("名称", max_length=200)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text="18位，校验码符合 GB 32100；个体户无代码时可留空。",
    )
    address = models.CharField("地址", max_length=300)
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name="片区",
    )
    category = models.CharField("类别", max_length=20, choices=CATEGORY_CHOICES, db_index=True)
    subcategory = models.CharField("子类", max_length=30, choices=SUBCATEGORY_CHOICES)
    risk_grade = models.CharField(
        "风险等级", max_length=10, choices=RiskGrade.choices, default=RiskGrade.LOW
    )
    credit_grade = models.CharField(
        "信用等级", max_length=1, choices=CreditGrade.choices, default=CreditGrade.A
    )
    status = models.CharField(
        "经营状态", max_length=15, choices=EntityStatus.choices, default=EntityStatus.OPEN
    )
    opened_on = models.DateField("开业日期", null=True, blank=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=60, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    address_key = models.CharField(max_length=300, editable=False)

    class Meta:
        verbose_name = "监管对象"
        verbose_name_plural = "监管对象"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "uscc"],
                condition=~Q(uscc=""),
                name="entity_uscc_unique",
                violation_error_message="统一社会信用代码已登记：本机构已有使用该代码的监管对象。",
                violation_error_code="unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "category", "subcategory"]),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["uscc"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.uscc = (self.uscc or "").strip().upper()
        self.name_key = normalise(self.name)
        self.address_key = normalise(self.address)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:supervisedentity_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if (
            self.subcategory
            and self.category
            and SUBCATEGORY_PARENT.get(self.subcategory) != self.category
        ):
            errors["subcategory"] = "子类与类别不符：请选择所选类别下的子类。"
        if self.opened_on and self.opened_on > timezone.localdate():
            errors["opened_on"] = "开业日期不能晚于今天。"
        if self.region_id and self.agency_id and self.region.agency_id != self.agency_id:
            errors["region"] = "片区必须属于本机构。"
        if self.name and self.address and self.agency_id:
            twin = (
                SupervisedEntity.objects.filter(
                    agency_id=self.agency_id,
                    name_key=normalise(self.name),
                    address_key=normalise(self.address),
                )
                .exclude(pk=self.pk)
                .first()
            )
            if twin is not None:
                errors["name"] = (
                    f"疑似重复：本机构已有名称和地址相同的监管对象“{twin.name}”（编号{twin.pk}）。"
                )
        if errors:
            raise ValidationError(errors)


class LicenceKind(models.TextChoices):
    MEDICAL_PRACTICE = "medical_practice", "医疗机构执业许可证"
    PUBLIC_PLACE = "public_place", "公共场所卫生许可证"
    WATER_SUPPLY = "water_supply", "供水单位卫生许可证"
    RADIATION = "radiation", "放射诊疗许可证"
    DISINFECTION = "disinfection", "消毒产品生产企业卫生许可证"
    OTHER = "other", "其他"


class Licence(ScopedModel):
    """许可证：监管对象持有的卫生许可，含编号和有效期。"""

    entity = models.ForeignKey(
        SupervisedEntity, on_delete=models.CASCADE, related_name="licences", verbose_name="监管对象"
    )
    kind = models.CharField("许可类型", max_length=30, choices=LicenceKind.choices)
    number = models.CharField("许可证编号", max_length=60)
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "许可证"
        verbose_name_plural = "许可证"
        ordering = ["entity", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "number"],
                name="licence_number_unique",
                violation_error_message="该类型的许可证编号已登记。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.entity_id and not self.agency_id:
            self.agency_id = self.entity.agency_id  # child rows copy the parent's agency
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "有效期至不能早于有效期起。"
        if self.entity_id and self.agency_id and self.entity.agency_id != self.agency_id:
            errors["entity"] = "监管对象必须属于本机构。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_valid_today(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.valid_until
            and self.valid_until >= today
            and (self.valid_from is None or self.valid_from <= today)
        )
