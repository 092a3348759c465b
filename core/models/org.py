"""Organisation: agencies, departments, regions, people and users."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.crypto import EncryptedCharField, mask_phone
from core.models.base import ScopedModel, ScopedQuerySet
from core.validators import period_date_validators, validate_agency_code, validate_phone


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"
    TOWN = "town", "乡镇（街道）"


LEVEL_ORDER = [AgencyLevel.PROVINCE, AgencyLevel.CITY, AgencyLevel.COUNTY, AgencyLevel.TOWN]


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgencyQuerySet:
        agency = getattr(user, "agency", None) if user.is_authenticated else None
        if agency is None:
            return self.none()
        return self.filter(path__startswith=agency.path)

    def editable_by(self, user) -> AgencyQuerySet:
        """Agencies a user may edit: their own agency and those below it (admins only)."""
        agency = getattr(user, "agency", None) if user.is_authenticated else None
        if agency is None:
            return self.none()
        return self.filter(path__startswith=agency.path)


class Agency(models.Model):
    """机构：卫生健康委/局及其监督所等，按行政层级组成树。

    The tree is stored as a materialized path of primary keys (``/1/4/``), so "this agency and
    everything below it" is one ``path LIKE '/1/4/%'`` condition on an indexed column on every
    database engine.
    """

    code = models.CharField(
        "机构代码",
        max_length=32,
        unique=True,
        validators=[validate_agency_code],
        error_messages={"unique": "机构代码已存在。"},
        help_text="行政区划代码或统一社会信用代码，唯一。",
    )
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    document_prefix = models.CharField(
        "文书机关代字",
        max_length=12,
        blank=True,
        help_text="文书编号中的机关代字，如“临东”（临江市东湖区）；留空则用简称。",
    )
    level = models.CharField("层级", max_length=10, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级机构",
    )
    path = models.CharField("树路径", max_length=255, editable=False, db_index=True, default="")
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    is_active = models.BooleanField("在用", default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]
        # Pages that read no single model: each role's menu follows these (core.roles).
        permissions = [
            ("view_indicators", "查看指标看板与指标目录"),
            ("use_review", "使用报告审查"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            self.path = new_path
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path) :]
                    Agency.objects.filter(pk=child.pk).update(path=child.path)

    def get_absolute_url(self) -> str:
        return reverse("core:agency_detail", args=[self.pk])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def clean(self) -> None:
        errors = {}
        if self.parent_id:
            parent = self.parent
            if self.pk and (parent.pk == self.pk or parent.path.startswith(self.path or "\0")):
                errors["parent"] = "上级机构不能是本机构或其下级机构。"
            elif self.level and LEVEL_ORDER.index(self.level) <= LEVEL_ORDER.index(parent.level):
                errors["level"] = f"层级必须低于上级机构（上级为“{parent.get_level_display()}”）。"
        if errors:
            raise ValidationError(errors)

    def ancestors(self) -> models.QuerySet[Agency]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x]
        return Agency.objects.filter(pk__in=ids).order_by("path")

    def descendants(self, include_self: bool = True) -> models.QuerySet[Agency]:
        qs = Agency.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_within(self, other: Agency) -> bool:
        """True if this agency is ``other`` or below it."""
        return self.path.startswith(other.path)


class Department(ScopedModel):
    """科室/股室：机构内设部门。"""

    name = models.CharField("部门名称", max_length=60)
    kind = models.CharField(
        "职能", max_length=40, blank=True, help_text="如 政策法规科、监督一科。"
    )

    class Meta:
        verbose_name = "科室"
        verbose_name_plural = "科室"
        ordering = ["agency__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="department_name_unique",
                violation_error_message="本机构已有同名科室。",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name


class Region(ScopedModel):
    """片区/网格：监督执法的责任区域，可逐级嵌套（片区 → 乡镇 → 网格）。"""

    name = models.CharField("名称", max_length=60)
    code = models.CharField("编号", max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级片区",
    )
    inspectors = models.ManyToManyField(
        "core.Person", blank=True, related_name="regions", verbose_name="责任执法人员"
    )

    class Meta:
        verbose_name = "片区"
        verbose_name_plural = "片区"
        ordering = ["agency__path", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name", "parent"],
                name="region_name_unique",
                violation_error_message="同一上级片区下已有同名片区。",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.agency_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": "上级片区必须属于同一机构。"})


class CertificateReview(models.TextChoices):
    PASSED = "passed", "年审合格"
    PENDING = "pending", "待年审"
    FAILED = "failed", "年审不合格"
    NONE = "none", "无需年审"


class PersonQuerySet(ScopedQuerySet):
    def certified_on(self, day: datetime.date) -> PersonQuerySet:
        """People holding a valid 执法证 on ``day`` (valid, not failed its 年审)."""
        return self.filter(
            is_active=True,
            certificate_number__gt="",
            certificate_valid_until__gte=day,
        ).exclude(certificate_review=CertificateReview.FAILED)


class Person(ScopedModel):
    """人员：机构工作人员，执法人员持有行政执法证。"""

    name = models.CharField("姓名", max_length=40)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="科室",
    )
    position = models.CharField("职务", max_length=40, blank=True)
    phone = EncryptedCharField(
        "办公电话", max_plain_length=30, blank=True, mask=mask_phone, validators=[validate_phone]
    )
    certificate_number = models.CharField("执法证号", max_length=40, blank=True)
    certificate_issuer = models.CharField("发证机关", max_length=60, blank=True)
    certificate_valid_until = models.DateField(
        "执法证有效期至",
        null=True,
        blank=True,
        validators=period_date_validators("执法证有效期至"),
    )
    certificate_review = models.CharField(
        "年审状态", max_length=10, choices=CertificateReview.choices, default=CertificateReview.NONE
    )
    has_legal_qualification = models.BooleanField(
        "具有法律职业资格", default=False, help_text="首次从事法制审核须具备（行政处罚法第58条）。"
    )
    specialties = models.CharField("专业领域", max_length=200, blank=True, help_text="以逗号分隔。")
    is_active = models.BooleanField("在岗", default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["agency__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="person_certificate_unique",
                violation_error_message="执法证号已被登记。",
                violation_error_code="unique",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("core:person_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.certificate_number and not self.certificate_valid_until:
            errors["certificate_valid_until"] = "填写执法证号时必须填写执法证有效期。"
        if self.department_id and self.agency_id and self.department.agency_id != self.agency_id:
            errors["department"] = "科室必须属于本人所在机构。"
        if errors:
            raise ValidationError(errors)

    def reveals_personal_data_to(self, user) -> bool:
        """Who reads this person's phone number in full (``core.crypto.shown_value``): the person
        themself, and whoever may maintain the record — a role with ``core.change_person``
        (系统管理员, 法规科) in the person's own agency. Everyone else reads it masked."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.person_id is not None and user.person_id == self.pk:
            return True
        return user.agency_id == self.agency_id and user.has_perm("core.change_person")

    @property
    def is_certified(self) -> bool:
        """Holds a valid 执法证 today."""
        return bool(
            self.is_active
            and self.certificate_number
            and self.certificate_valid_until
            and self.certificate_valid_until >= timezone.localdate()
            and self.certificate_review != CertificateReview.FAILED
        )


class Role(models.TextChoices):
    """系统角色；每个角色对应一个同名权限组（见 core.roles）。"""

    ADMIN = "admin", "系统管理员"
    LEGAL_OFFICE = "legal_office", "法规科"
    INSPECTOR = "inspector", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核员"
    LEADER = "leader", "负责人"
    SUPERVISOR = "supervisor", "上级督察"
    READONLY = "readonly", "只读"
    AUDITOR = "auditor", "审计员"


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        agency = getattr(user, "agency", None) if user.is_authenticated else None
        if agency is None:
            return self.none()
        return self.filter(agency__path__startswith=agency.path)

    def editable_by(self, user) -> UserQuerySet:
        agency = getattr(user, "agency", None) if user.is_authenticated else None
        if agency is None:
            return self.none()
        return self.filter(agency=agency)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """用户：登录账号，属于一个机构，可关联一名人员。"""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所属机构",
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="对应人员",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.READONLY)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def clean(self) -> None:
        super().clean()
        if self.person_id and self.agency_id and self.person.agency_id != self.agency_id:
            raise ValidationError({"person": "对应人员必须属于用户所在机构。"})

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The primary role's group carries its permissions (core.roles).
        from core.roles import group_for

        role_groups = {r.label for r in Role}
        keep = [g for g in self.groups.all() if g.name not in role_groups]
        self.groups.set([*keep, group_for(self.role)])
        for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
            self.__dict__.pop(cache, None)

    def get_absolute_url(self) -> str:
        return reverse("core:user_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.get_full_name() or self.username
