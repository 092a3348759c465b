"""监管对象名录库 (TargetDirectory): supervised entities and the licences they hold.

RULES §4 "一单两库": the 检查对象名录库 lists supervised entities with category, region, licence
status and credit/risk grade. The 双随机 draw (``supervision``) samples from it.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import RetainedModel, ScopedModel
from core.validators import (
    period_date_validators,
    validate_phone,
    validate_uscc,
    work_date_validators,
)


class EntityCategory(models.TextChoices):
    """监管类别 (专业)."""

    MEDICAL = "medical", "医疗卫生机构"
    PUBLIC_PLACE = "public_place", "公共场所"
    DRINKING_WATER = "drinking_water", "生活饮用水"
    SCHOOL = "school", "学校卫生"
    RADIATION = "radiation", "放射卫生"
    OCCUPATIONAL = "occupational", "职业卫生用人单位"
    DISINFECTION = "disinfection", "消毒产品"
    INFECTIOUS = "infectious", "传染病防治"
    OTHER = "other", "其他"


#: category → ((subcategory value, label), ...). Subcategory values are unique across categories.
SUBCATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    EntityCategory.MEDICAL: (
        ("hospital", "医院"),
        ("clinic", "诊所"),
        ("outpatient", "门诊部"),
        ("health_center", "乡镇卫生院/社区卫生服务中心"),
        ("village_clinic", "村卫生室"),
        ("maternal_child", "妇幼保健机构"),
        ("cdc", "疾病预防控制机构"),
        ("medical_beauty", "医疗美容机构"),
        ("blood", "采供血机构"),
    ),
    EntityCategory.PUBLIC_PLACE: (
        ("lodging", "住宿"),
        ("bathing", "沐浴"),
        ("swimming", "游泳"),
        ("hairdressing", "美容美发"),
        ("entertainment", "文化娱乐"),
        ("waiting_room", "候车（机、船）室"),
        ("shopping", "商场（店）"),
    ),
    EntityCategory.DRINKING_WATER: (
        ("central_supply", "集中式供水"),
        ("secondary_supply", "二次供水"),
        ("water_products", "涉水产品"),
        ("vending", "现制现售水"),
    ),
    EntityCategory.SCHOOL: (
        ("primary_secondary", "中小学校"),
        ("university", "高等学校"),
        ("kindergarten", "托幼机构"),
    ),
    EntityCategory.RADIATION: (
        ("radiology", "放射诊疗机构"),
        ("radiation_service", "放射卫生技术服务机构"),
    ),
    EntityCategory.OCCUPATIONAL: (
        ("employer", "用人单位"),
        ("occ_service", "职业卫生技术服务机构"),
    ),
    EntityCategory.DISINFECTION: (
        ("disinfection_maker", "消毒产品生产企业"),
        ("disinfection_service", "餐饮具集中消毒单位"),
    ),
    EntityCategory.INFECTIOUS: (("infection_control", "传染病防治单位"),),
    EntityCategory.OTHER: (("other", "其他"),),
}
SUBCATEGORY_LABELS = {v: lbl for subs in SUBCATEGORIES.values() for v, lbl in subs}
SUBCATEGORY_CHOICES = [(v, lbl) for subs in SUBCATEGORIES.values() for v, lbl in subs]


class EntityStatus(models.TextChoices):
    OPEN = "open", "营业"
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "关闭"
    CANCELLED = "cancelled", "注销"


#: Statuses of a unit no longer under supervision: not drawn, not in 监督覆盖率 or 监管对象总数.
NOT_SUPERVISED = (EntityStatus.CLOSED.value, EntityStatus.CANCELLED.value)


class RiskGrade(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class CreditGrade(models.TextChoices):
    A = "A", "A级（守信）"
    B = "B", "B级（基本守信）"
    C = "C", "C级（失信）"
    D = "D", "D级（严重失信）"


_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width → half-width, lower case, punctuation and spaces removed (duplicate matching)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def match_key(name: str, address: str) -> str:
    return f"{normalise(name)}|{normalise(address)}"[:400]


class SupervisedEntity(ScopedModel):
    """监管对象：卫生监督的被检查单位（一户一档）。"""

    name = models.CharField("单位名称", max_length=120)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        validators=[validate_uscc],
        help_text="18位，校验码符合 GB 32100。",
    )
    address = models.CharField("地址", max_length=200)
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="片区",
    )
    category = models.CharField("监管类别", max_length=20, choices=EntityCategory.choices)
    subcategory = models.CharField("细分类别", max_length=30, choices=SUBCATEGORY_CHOICES)
    risk_grade = models.CharField(
        "风险等级", max_length=10, choices=RiskGrade.choices, default=RiskGrade.LOW
    )
    credit_grade = models.CharField(
        "信用等级", max_length=1, choices=CreditGrade.choices, default=CreditGrade.A
    )
    status = models.CharField(
        "经营状态", max_length=10, choices=EntityStatus.choices, default=EntityStatus.OPEN
    )
    opened_on = models.DateField(
        "开业日期", null=True, blank=True, validators=work_date_validators("开业日期")
    )
    legal_representative = models.CharField("法定代表人/负责人", max_length=40, blank=True)
    #: The unit's contact number, as on its licence: inspectors call ahead and on the way. A
    #: business's published contact, like its address, not a private person's data.
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    match_key = models.CharField("查重键", max_length=401, editable=False, default="")

    class Meta:
        verbose_name = "监管对象"
        verbose_name_plural = "监管对象"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                name="entity_uscc_unique",
                # Said without naming the entity or its agency: the code may be another
                # county's, which this user may not know of.
                violation_error_message="统一社会信用代码已被登记。",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "match_key"],
                name="entity_name_address_unique",
                violation_error_message="本机构已有同名同地址的监管对象（疑似重复）。",
            ),
        ]
        indexes = [
            # Every column the draw reads (stratum fields, status, risk grade): the draw over a
            # million entities scans this index instead of the table.
            models.Index(
                fields=[
                    "agency",
                    "category",
                    "subcategory",
                    "region",
                    "credit_grade",
                    "risk_grade",
                    "status",
                ],
                name="entity_draw_idx",
            ),
            models.Index(fields=["agency", "status"], name="entity_status_idx"),
            models.Index(fields=["name"], name="entity_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:entity_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.uscc = (self.uscc or "").strip().upper()
        if self.category and self.subcategory:
            allowed = {v for v, _ in SUBCATEGORIES.get(self.category, ())}
            if self.subcategory not in allowed:
                errors["subcategory"] = (
                    f"细分类别“{SUBCATEGORY_LABELS.get(self.subcategory, self.subcategory)}”"
                    f"不属于监管类别“{EntityCategory(self.category).label}”。"
                )
        if self.region_id and self.agency_id and self.region.agency_id != self.agency_id:
            errors["region"] = "片区必须属于本机构。"
        self.match_key = match_key(self.name, self.address)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.match_key = match_key(self.name, self.address)
        super().save(*args, **kwargs)


class LicenceKind(models.TextChoices):
    MEDICAL_PRACTICE = "medical_practice", "医疗机构执业许可证"
    PUBLIC_PLACE = "public_place", "公共场所卫生许可证"
    WATER_SUPPLY = "water_supply", "供水单位卫生许可证"
    RADIATION = "radiation", "放射诊疗许可证"
    DISINFECTION = "disinfection", "消毒产品生产企业卫生许可证"
    OTHER = "other", "其他"


class Licence(RetainedModel):
    """许可证：监管对象持有的卫生行政许可。

    A record of work: never deleted, only withdrawn (撤回) with a reason (``core.retention``);
    a withdrawn licence leaves the directory, its export and the number check, and stays on the
    entity's page marked 已撤回.
    """

    entity = models.ForeignKey(
        SupervisedEntity, on_delete=models.PROTECT, related_name="licences", verbose_name="监管对象"
    )
    kind = models.CharField("许可证类型", max_length=20, choices=LicenceKind.choices)
    number = models.CharField("许可证号", max_length=60)
    valid_from = models.DateField("有效期自", validators=period_date_validators("有效期自"))
    valid_until = models.DateField(
        "有效期至", null=True, blank=True, validators=period_date_validators("有效期至")
    )

    class Meta:
        verbose_name = "许可证"
        verbose_name_plural = "许可证"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="licence_number_unique",
                violation_error_message="同类许可证号已被登记。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        """A licence is shown on its entity's page."""
        return f"{self.entity.get_absolute_url()}#licence-{self.pk}"

    @property
    def is_expired(self) -> bool:
        """已过期: its 有效期至 is before today; valid through that day, and 长期 (no end) never."""
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def clean(self) -> None:
        """Validity end ≥ start; the entity's agency; type + number not taken by another licence.

        The taken number is checked here, not left to ``licence_number_unique``: the constraint
        names two fields, so Django would report it for the whole record, while the form, the API
        and the import report it on 许可证号, where it can be fixed.
        """
        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = "许可证有效期至不能早于有效期自。"
        if self.entity_id and self.agency_id and self.entity.agency_id != self.agency_id:
            errors["entity"] = "许可证必须与监管对象属于同一机构。"
        if self.kind and self.number:
            taken = Licence.objects.active().filter(kind=self.kind, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                # Neither the entity nor the agency holding it is named (another county's).
                errors["number"] = (
                    f"同类许可证号已被登记：{self.get_kind_display()}“{self.number}”，"
                    "同一类型的许可证号不能重复。"
                )
            self._number_checked = (self.pk, self.kind, self.number)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None) -> None:
        """``licence_number_unique`` runs the query ``clean()`` has just run for these values:
        skip it then (it stays the database's backstop); check it when ``clean()`` did not."""
        if getattr(self, "_number_checked", None) == (self.pk, self.kind, self.number):
            exclude = {*(exclude or ()), "number"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        if self.entity_id and not self.agency_id:
            self.agency_id = self.entity.agency_id
        super().save(*args, **kwargs)
