"""双随机、一公开 and inspections: sampling plans, draws, tasks, inspections, rectification.

RULES §4: "一单两库" (抽查事项清单 ``InspectionItem``;
检查对象名录库 = ``registry.SupervisedEntity``;
执法检查人员名录库 = ``core.Person`` with a valid 执法证), reproducible draws, task states and
publicity of results within 20 working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import ScopedModel, SharedModel
from core.numbering import DocumentKind
from core.publication import published_changes_errors
from core.validators import (
    YearInRange,
    date_order_error,
    period_date_validators,
    work_date_validators,
)
from registry.models import SUBCATEGORY_LABELS, CreditGrade, EntityCategory


class TaskSource(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class InspectionItem(ScopedModel):
    """抽查事项清单：随机抽查事项（事项、依据、对象类别、方式、层级）。"""

    name = models.CharField("抽查事项", max_length=120)
    category = models.CharField("对象类别", max_length=20, choices=EntityCategory.choices)
    basis = models.CharField("抽查依据", max_length=300)
    method = models.CharField("检查方式", max_length=60, default="现场检查")
    level = models.CharField("层级", max_length=12, choices=TaskSource.choices)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项清单"

    def __str__(self) -> str:
        return self.name


class ChecklistPointQuerySet(models.QuerySet):
    def active(self):
        """Points in force: not 停用 (retired points stay for the inspections checked on them)."""
        return self.filter(retired_on__isnull=True)

    def for_inspection(self, inspection: Inspection):
        """检查要点 an inspection offers, in order.

        The points of its 抽查事项 (a 双随机 inspection's are its plan's items of the entity's
        category) if they have any in force; otherwise the points of the entity's 监管类别 that
        name no item. Retired points are not offered, except those the inspection was already
        checked against: an old inspection keeps showing what it found.
        """
        category = inspection.entity.category
        item_ids = list(inspection.checklist_items().values_list("pk", flat=True))
        applicable = self.none()
        if item_ids:
            applicable = self.filter(item_id__in=item_ids)
        if not applicable.active().exists():
            applicable = self.filter(item__isnull=True, category=category)
        found = Finding.objects.filter(inspection_id=inspection.pk, point__isnull=False)
        in_force = applicable.active().values("pk")
        return self.filter(
            models.Q(pk__in=in_force) | models.Q(pk__in=found.values("point_id"))
        ).order_by("category", "item_id", "order", "pk")


class ChecklistPoint(SharedModel):
    """检查要点：按抽查事项（或监管类别）的检查项目及其法律依据（全国通用，不分机构）。

    A point names a 抽查事项 when it applies to that item only; without one it applies to every
    inspection of its 监管类别 whose items have no points of their own. Points are never
    deleted: findings refer to them. A point no longer used is 停用 with a date and a reason;
    new inspections no longer offer it, old ones keep showing it.
    """

    category = models.CharField("监管类别", max_length=20, choices=EntityCategory.choices)
    item = models.ForeignKey(
        InspectionItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_points",
        verbose_name="抽查事项",
        help_text="留空表示适用于该监管类别的检查。",
    )
    text = models.CharField("检查要点", max_length=200)
    basis = models.CharField("法律依据", max_length=200)
    order = models.PositiveSmallIntegerField("序号", default=0)
    retired_on = models.DateField(
        "停用日期",
        null=True,
        blank=True,
        validators=work_date_validators("停用日期"),
        help_text="停用后新的检查不再列出该要点，已有检查的结论保留。",
    )
    retired_reason = models.CharField("停用原因", max_length=200, blank=True)

    objects = ChecklistPointQuerySet.as_manager()

    class Meta:
        verbose_name = "检查要点"
        verbose_name_plural = "检查要点"
        ordering = ["category", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    def clean(self) -> None:
        errors = {}
        if self.item_id and self.category and self.item.category != self.category:
            errors["item"] = (
                f"抽查事项“{self.item.name}”的对象类别为{self.item.get_category_display()}，"
                "与检查要点的监管类别不一致。"
            )
        if self.retired_on and not self.retired_reason.strip():
            errors["retired_reason"] = "停用检查要点须写明停用原因。"
        if self.retired_reason.strip() and not self.retired_on:
            errors["retired_on"] = "填写了停用原因，须同时填写停用日期。"
        if errors:
            raise ValidationError(errors)


class StratumField(models.TextChoices):
    CATEGORY = "category", "监管类别"
    SUBCATEGORY = "subcategory", "细分类别"
    REGION = "region", "片区"
    CREDIT = "credit_grade", "信用等级"


#: Label of the 片区 part of a stratum for entities without a 片区 (an empty part in the key).
NO_REGION_LABEL = "未划片区"


def stratum_part_label(field: str, value: str, regions: dict[int, str]) -> str | None:
    """The Chinese label of one part of a stratum key, or None when ``value`` is not valid for
    ``field`` (``regions``: 片区 id → name, of the plan's agency and below)."""
    if field == StratumField.CATEGORY:
        return EntityCategory(value).label if value in EntityCategory.values else None
    if field == StratumField.SUBCATEGORY:
        return SUBCATEGORY_LABELS.get(value)
    if field == StratumField.CREDIT:
        return CreditGrade(value).label if value in CreditGrade.values else None
    if field == StratumField.REGION:
        if value == "":
            return NO_REGION_LABEL
        return regions.get(int(value)) if value.isdigit() else None
    return None


def _quota_number(value: object) -> Decimal | None:
    """A quota as a finite Decimal, or None (text that is no number, true/false, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class QuotaMode(models.TextChoices):
    PROPORTION = "proportion", "按比例"
    COUNT = "count", "按户数"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    DRAWN = "drawn", "已抽取"
    PUBLISHED = "published", "已公示"


class SamplingPlan(ScopedModel):
    """双随机抽查计划：年度、任务来源、分层、比例或户数、排除规则，以及抽取记录。"""

    #: What the public 公示 pages print of a plan: changed after publication only by a
    #: correction with a reason (``core.publication.correct``).
    PUBLISHED_FIELDS = ("name", "year", "source", "partner_department")

    name = models.CharField("计划名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度", validators=[YearInRange("年度")])
    source = models.CharField("任务来源", max_length=12, choices=TaskSource.choices)
    items = models.ManyToManyField(InspectionItem, blank=True, verbose_name="抽查事项")
    categories = models.JSONField(
        "对象类别", default=list, blank=True, help_text="留空表示不限类别。"
    )
    subcategories = models.JSONField("细分类别", default=list, blank=True)
    strata_by = models.JSONField(
        "分层依据",
        default=list,
        blank=True,
        help_text="category / subcategory / region / credit_grade",
    )
    quota_mode = models.CharField(
        "抽取方式", max_length=12, choices=QuotaMode.choices, default=QuotaMode.PROPORTION
    )
    quota_value = models.DecimalField("比例或户数", max_digits=10, decimal_places=4)
    stratum_quotas = models.JSONField(
        "分层比例/户数", default=dict, blank=True, help_text="分层键 → 比例或户数，覆盖默认值。"
    )
    exclude_inspected_months = models.PositiveSmallIntegerField(
        "近期已检排除（月）",
        default=0,
        help_text="N个月内已检查的对象不再抽取，高风险除外；0为不排除。",
    )
    inspectors_per_target = models.PositiveSmallIntegerField("每户执法人员数", default=2)
    workload_cap = models.PositiveIntegerField("每人工作量上限（户）", null=True, blank=True)
    restrict_to_region = models.BooleanField("限本片区执法人员", default=False)
    partner_department = models.CharField("联合抽查部门", max_length=60, blank=True)
    planned_on = models.DateField("计划检查日期", validators=period_date_validators("计划检查日期"))
    check_ends_on = models.DateField(
        "检查截止日期", validators=period_date_validators("检查截止日期")
    )
    status = models.CharField(
        "状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    # Draw record (RULES §4: algorithm, seed, operator, witness, time).
    seed = models.CharField("随机种子", max_length=64, blank=True, editable=False)
    algorithm_version = models.CharField("算法版本", max_length=30, blank=True, editable=False)
    input_digest = models.CharField("输入摘要", max_length=64, blank=True, editable=False)
    result_digest = models.CharField("结果摘要", max_length=64, blank=True, editable=False)
    draw_inputs = models.BinaryField("抽取输入快照", null=True, editable=False)
    drawn_at = models.DateTimeField("抽取时间", null=True, editable=False)
    drawn_by = models.ForeignKey(
        "core.User",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name="抽取人",
    )
    witness = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="见证人",
        help_text="抽取时在场监督的人员（须与抽取人不同，不被抽为执法人员）。",
    )
    #: The witness as free text, of draws recorded before the witness was a person.
    witness_name = models.CharField("见证人（原记录）", max_length=60, blank=True, editable=False)
    published_on = models.DateField(
        "公示日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("公示日期"),
    )

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "-id"]
        permissions = [("draw_samplingplan", "可以抽取双随机计划")]

    # The plan page offers the 抽查事项 of the agency and below (``core.models.ScopedModel``).
    references_below = ("items",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.check_ends_on and self.planned_on and self.check_ends_on < self.planned_on:
            errors["check_ends_on"] = "检查截止日期不能早于计划检查日期。"
        if self.quota_value is not None:
            if self.quota_mode == QuotaMode.PROPORTION and not (0 < self.quota_value <= 1):
                errors["quota_value"] = "按比例抽取时，比例须大于0且不超过1（如0.05表示5%）。"
            if self.quota_mode == QuotaMode.COUNT and (
                self.quota_value < 1 or self.quota_value != int(self.quota_value)
            ):
                errors["quota_value"] = "按户数抽取时，户数须为正整数。"
        if self.inspectors_per_target is not None and self.inspectors_per_target < 2:
            errors["inspectors_per_target"] = "每户至少2名执法人员（行政处罚法第42条）。"
        bad = [s for s in self.strata_by or [] if s not in StratumField.values]
        if bad:
            errors["strata_by"] = f"未知的分层依据：{'、'.join(map(str, bad))}。"
        elif self.quota_mode in QuotaMode.values:
            quota_errors = self.check_stratum_quotas()
            if quota_errors:
                errors["stratum_quotas"] = quota_errors
        for field, message in self.date_errors().items():
            errors.setdefault(field, message)
        for field, message in published_changes_errors(self).items():
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def date_errors(self) -> dict[str, str]:
        """Dates that cannot be true, by field: the 年度 is the year of the check period, and the
        plan is published after it was drawn."""
        errors: dict[str, str] = {}
        if self.year and self.planned_on and self.planned_on.year != self.year:
            errors["year"] = (
                f"年度{self.year}与检查期间不一致：计划检查日期{self.planned_on:%Y-%m-%d}"
                "须在本年度内。"
            )
        if self.year and self.check_ends_on and self.check_ends_on.year != self.year:
            errors["check_ends_on"] = (
                f"检查截止日期{self.check_ends_on:%Y-%m-%d}不在年度{self.year}内："
                "年度计划的检查期间须在本年度内。"
            )
        if self.drawn_at and (
            msg := date_order_error("公示日期", self.published_on, "抽取时间", self.drawn_at)
        ):
            errors["published_on"] = msg
        return errors

    def quota_text(self, value: object = None) -> str:
        """A quota as people write it: “5%” by proportion, “10户” by count (the plan's own when
        ``value`` is not given); a value that is no number is shown as it is."""
        value = self.quota_value if value is None else value
        number = _quota_number(value)
        if number is None:
            return str(value)
        if self.quota_mode == QuotaMode.COUNT:
            return f"{number.normalize():f}户"
        return f"{(number * 100).normalize():f}%"

    def stratum_quota_texts(self) -> list[tuple[str, str]]:
        """(分层名称, 比例或户数) of the quotas set for single strata, in the order saved."""
        if not isinstance(self.stratum_quotas, dict) or not self.stratum_quotas:
            return []
        regions = self.stratum_regions()
        return [
            (self.stratum_label(str(key), regions), self.quota_text(value))
            for key, value in self.stratum_quotas.items()
        ]

    def region_names(self) -> dict[int, str]:
        """片区 id → name, of the plan's agency and below (the 片区 its strata can name)."""
        from core.models import Region

        if not self.agency_id:
            return {}
        return dict(Region.objects.in_scope(self.agency).values_list("id", "name"))

    def stratum_regions(self, strata_by: list[str] | None = None) -> dict[int, str]:
        """The 片区 names a stratum key can name: ``region_names()`` when 片区 is one of
        ``strata_by`` (the plan's own when not given; then read once per plan object), else
        none."""
        if strata_by is not None:
            return self.region_names() if StratumField.REGION in strata_by else {}
        cached = self.__dict__.get("_stratum_regions")
        if cached is None:
            cached = self._stratum_regions = self.stratum_regions(list(self.strata_by or []))
        return cached

    def stratum_label(self, key: str, regions: dict[int, str] | None = None) -> str:
        """分层的中文名称：键“public_place|12|C”→“公共场所 / 东湖片区 / C级（失信）”.

        A key that is not one of the plan's strata is returned as it is.
        """
        if key == "*":
            return "全部对象"
        strata_by = list(self.strata_by or [])
        parts = str(key).split("|")
        if not strata_by or len(parts) != len(strata_by):
            return str(key)
        if regions is None:
            regions = self.stratum_regions()
        labels = [stratum_part_label(f, v, regions) for f, v in zip(strata_by, parts, strict=True)]
        return " / ".join(v if lbl is None else lbl for lbl, v in zip(labels, parts, strict=True))

    def check_stratum_quotas(self) -> list[str]:
        """分层比例/户数的校验：the errors, one per bad stratum (none when valid).

        Every key must be a stratum of ``strata_by`` (its parts joined by "|", in that order: a
        category, a subcategory, a 片区 id of the agency or below or "" for none, a credit
        grade); every value a proportion 0 < p ≤ 1 or, counting, a positive whole number. The
        errors name the field and the stratum in Chinese; used by the form, the API
        (``full_clean``) and ``services.run_draw`` (plans saved before this check).
        """
        quotas = self.stratum_quotas
        if quotas in (None, "", {}):
            return []
        if not isinstance(quotas, dict):
            return ['分层比例须为“分层: 比例或户数”的对象，如 {"C": "1", "A": "0.05"}。']
        strata_by = list(self.strata_by or [])
        if not strata_by:
            return ["本计划未选分层依据，不能设置分层比例：请先选择分层依据，或清空分层比例。"]
        proportion = self.quota_mode == QuotaMode.PROPORTION
        name = "分层比例" if proportion else "分层户数"
        regions = self.stratum_regions(strata_by)
        expected = " | ".join(StratumField(f).label for f in strata_by)
        errors: list[str] = []
        for key, value in quotas.items():
            parts = str(key).split("|")
            if len(parts) != len(strata_by) or any(
                stratum_part_label(f, v, regions) is None
                for f, v in zip(strata_by, parts, strict=True)
            ):
                errors.append(
                    f"{name}：“{key}”不是本计划的分层（本计划按“{expected}”分层，"
                    "多个分层字段用“|”隔开）。"
                )
                continue
            label = self.stratum_label(str(key), regions)
            number = _quota_number(value)
            if proportion:
                if number is None or not (0 < number <= 1):
                    shown = (
                        f"{value}"
                        if number is None
                        else f"{value}（即{(number * 100).normalize():f}%）"
                    )
                    errors.append(
                        f"{name}：分层“{label}”的比例“{shown}”无效，须大于0且不超过1"
                        "（如0.05表示5%）。"
                    )
            elif number is None or number < 1 or number != int(number):
                errors.append(f"{name}：分层“{label}”的户数“{value}”无效，须为正整数。")
        return errors

    def draw_categories(self) -> list[str] | None:
        """The 对象类别 the draw takes entities from, or None for every category.

        The plan's 抽查事项 restrict it to their categories (an item is checked on entities of
        its category); with both items and categories an entity must match both. An empty list
        means no category is left.
        """
        chosen = set(self.categories or [])
        items = set(self.items.values_list("category", flat=True)) if self.pk else set()
        if items and chosen:
            return sorted(chosen & items)
        if items or chosen:
            return sorted(items or chosen)
        return None

    @staticmethod
    def check_items(items: Iterable[InspectionItem], categories: Iterable[str]) -> None:
        """抽查事项与对象类别须一致（表单和接口共用）：each item's category among the chosen
        categories, and each chosen category covered by an item. Raises ``ValidationError``."""
        items = list(items)
        categories = list(categories or [])
        if not items or not categories:
            return
        errors = {}
        stray = [i.name for i in items if i.category not in categories]
        if stray:
            errors["items"] = f"抽查事项{'、'.join(stray)}的对象类别不在本计划的对象类别中。"
        covered = {i.category for i in items}
        bare = [
            EntityCategory(c).label if c in EntityCategory.values else str(c)
            for c in categories
            if c not in covered
        ]
        if bare:
            errors["categories"] = (
                f"对象类别{'、'.join(bare)}没有所选的抽查事项，抽取时不会包含：请增选该类别的"
                "抽查事项，或取消该类别。"
            )
        if errors:
            raise ValidationError(errors)


class Conflict(ScopedModel):
    """回避：执法人员与监管对象之间申报的利害关系（行政处罚法第43条）。"""

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="+", verbose_name="执法人员"
    )
    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="监管对象",
    )
    reason = models.CharField("回避事由", max_length=200)

    # As the page offers them: the agency's and its subordinate agencies' people and entities,
    # those the draw of the agency's plans deals with.
    references_below = ("person", "entity")

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "entity"],
                name="conflict_unique",
                violation_error_message="该执法人员对该监管对象的回避已申报。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 回避 {self.entity.name}"


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", "已分派"
    INSPECTED = "inspected", "已检查"
    REVIEWING = "reviewing", "整改复查"
    UNABLE = "unable", "无法检查"
    CLOSED = "closed", "已完结"
    #: Set by a correction of the draw only (``services.amend_draw``), never by ``transition``.
    CANCELLED = "cancelled", "已取消（抽取更正）"


class InspectionResult(models.TextChoices):
    PASSED = "passed", "合格"
    RECTIFY = "rectify", "责令整改"
    CASE = "case", "立案"


class UnableReason(models.TextChoices):
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "关闭"
    NOT_FOUND = "not_found", "查无此户"
    CANCELLED = "cancelled", "注销"


class InspectorTeam(models.Model):
    """检查组：抽取时一同派出的执法人员（每组≥2人），同一计划中派给同一组的抽查任务共用一组。

    The draw deals inspectors round-robin, so a plan of tens of thousands of tasks has only a few
    hundred distinct teams: a task names its team (one foreign key) instead of carrying one row
    per inspector, which halves the rows a draw writes and checks.
    """

    plan = models.ForeignKey(
        SamplingPlan,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name="抽查计划",
        db_index=False,  # covered by team_plan_number_unique (plan, number)
    )
    number = models.PositiveIntegerField("组号")
    members = models.ManyToManyField(
        "core.Person", through="TeamMember", related_name="inspector_teams", verbose_name="执法人员"
    )

    class Meta:
        verbose_name = "检查组"
        verbose_name_plural = "检查组"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="team_plan_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · 第{self.number}组"


class TeamMember(models.Model):
    """检查组的执法人员。"""

    team = models.ForeignKey(
        InspectorTeam,
        on_delete=models.CASCADE,
        db_index=False,  # covered by team_member_unique (team, person)
    )
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.person.name}"

    def clean(self) -> None:
        """A member is one of the people the plan's draw deals: of its agency or below."""
        if self.team_id and self.person_id:
            agency = self.team.plan.agency
            if not self.person.agency.is_within(agency):
                raise ValidationError({"person": f"执法人员不属于{agency.name}或其下级机构。"})


class Task(ScopedModel):
    """双随机抽查任务：一户被抽中的检查对象及其执法人员。

    A draw writes tens of thousands of tasks at once, so the table carries no index that another
    one already covers: ``agency`` is the first column of ``task_status_idx`` and ``plan`` the
    first of ``task_plan_entity_unique``.
    """

    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属机构",
        db_index=False,  # covered by task_status_idx (agency, status)
    )
    plan = models.ForeignKey(
        SamplingPlan,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name="抽查计划",
        db_index=False,  # covered by task_plan_entity_unique (plan, entity)
    )
    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.PROTECT,
        related_name="random_tasks",
        verbose_name="检查对象",
    )
    stratum = models.CharField("分层", max_length=120)
    seq = models.PositiveIntegerField("抽取序号")
    team = models.ForeignKey(
        InspectorTeam,
        # A team goes only with its plan (CASCADE from the plan reaches both).
        on_delete=models.RESTRICT,
        null=True,
        related_name="tasks",
        verbose_name="检查组",
        editable=False,
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=TaskStatus.choices,
        default=TaskStatus.ASSIGNED,
        editable=False,
    )
    result = models.CharField(
        "检查结果", max_length=10, choices=InspectionResult.choices, blank=True, editable=False
    )
    unable_reason = models.CharField(
        "无法检查原因", max_length=10, choices=UnableReason.choices, blank=True, editable=False
    )
    unable_evidence = models.CharField("无法检查佐证", max_length=300, blank=True, editable=False)
    inspected_on = models.DateField(
        "检查日期", null=True, editable=False, validators=work_date_validators("检查日期")
    )
    closed_on = models.DateField(
        "完结日期", null=True, editable=False, validators=work_date_validators("完结日期")
    )
    published_on = models.DateField(
        "结果公示日期", null=True, editable=False, validators=work_date_validators("结果公示日期")
    )

    # The draw deals the entities of the plan's agency and below.
    references_below = ("entity",)

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["plan", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "entity"],
                name="task_plan_entity_unique",
                violation_error_message="同一计划中该对象已被抽中。",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="task_status_idx")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.entity}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:task_detail", args=[self.pk])

    def date_errors(self) -> dict[str, str]:
        """Dates that cannot be true, by field: none after today, checked on or after the plan's
        date, closed and published on or after the check. ``workflow.transition`` asks before
        it saves (tasks are written by the draw and the workflow only)."""
        errors: dict[str, str] = {}
        for name in ("inspected_on", "closed_on", "published_on"):
            field = self._meta.get_field(name)
            try:
                field.run_validators(getattr(self, name))
            except ValidationError as exc:
                errors[name] = exc.messages[0]
        plan_day = self.plan.planned_on if self.plan_id else None
        checks = (
            ("inspected_on", "检查日期", self.inspected_on, "计划检查日期", plan_day),
            ("closed_on", "完结日期", self.closed_on, "检查日期", self.inspected_on),
            ("published_on", "结果公示日期", self.published_on, "检查日期", self.inspected_on),
        )
        for name, label, later, earlier_label, earlier in checks:
            if name not in errors and (
                msg := date_order_error(label, later, earlier_label, earlier)
            ):
                errors[name] = msg
        return errors

    def clean(self) -> None:
        if errors := self.date_errors():
            raise ValidationError(errors)

    @property
    def inspectors(self):
        """抽中的执法人员（每户≥2人）: the members of the task's team, none before a team is set.

        A manager, as a many-to-many field would give: ``task.inspectors.all()`` uses
        ``prefetch_related("team__members")``.
        """
        from core.models import Person

        return self.team.members if self.team_id is not None else Person.objects.none()


class AmendmentKind(models.TextChoices):
    REPLACE_TARGET = "replace_target", "替换检查对象"
    REPLACE_INSPECTOR = "replace_inspector", "更换执法人员（回避）"
    CANCEL_TASK = "cancel_task", "取消任务"


class DrawAmendment(ScopedModel):
    """抽取更正记录：抽取后对抽取结果的更正（替换检查对象、更换执法人员、取消任务）。

    A drawn result is never edited in place. An entity found closed or gone, or an inspector
    who must recuse (回避) after the draw, is dealt with by a correction with a reason: the task
    is cancelled (kept, status 已取消) and, for a replacement, a new task takes the next entity
    of the same stratum in the order of the draw's own shuffle; an inspector is replaced by the
    next of a shuffle of the recorded pool seeded with the plan's seed and the correction's
    number (``supervision.draw.entity_order``/``inspector_order``). ``detail`` records what
    changed and every candidate passed over with the reason, so ``services.verify_draw``
    re-derives each correction from the snapshot and still verifies the original draw.
    Written by ``services.amend_draw`` only; audited (``draw_amend``) and never changed.
    """

    plan = models.ForeignKey(
        SamplingPlan, on_delete=models.CASCADE, related_name="amendments", verbose_name="抽查计划"
    )
    number = models.PositiveIntegerField("更正序号", editable=False)
    kind = models.CharField("更正类型", max_length=20, choices=AmendmentKind.choices)
    task = models.ForeignKey(
        "Task", on_delete=models.PROTECT, related_name="amendments", verbose_name="更正的任务"
    )
    new_task = models.ForeignKey(
        "Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="替换后的任务",
    )
    person_out = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="换下的执法人员",
    )
    reason = models.CharField("更正理由", max_length=300)
    #: entity_before/after, team_before/after (person ids), skipped [[id, reason code]]
    detail = models.JSONField("更正内容", default=dict, editable=False)

    class Meta:
        verbose_name = "抽取更正记录"
        verbose_name_plural = "抽取更正记录"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="draw_amendment_number_unique",
                violation_error_message="同一计划的更正序号不能重复。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · 更正{self.number}：{self.get_kind_display()}"


class Campaign(ScopedModel):
    """专项行动：把一批检查归为一次专项整治。"""

    name = models.CharField("专项行动名称", max_length=120)
    starts_on = models.DateField("开始日期", validators=period_date_validators("开始日期"))
    ends_on = models.DateField("结束日期", validators=period_date_validators("结束日期"))

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:campaign_detail", args=[self.pk])

    def clean(self) -> None:
        """The period runs forward and still holds every inspection already in the campaign
        (an inspection belongs to a campaign only within its period: ``Inspection.clean``)."""
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
        if self.pk is None or not (self.starts_on and self.ends_on):
            return
        outside = self.inspections.exclude(inspected_on__range=(self.starts_on, self.ends_on))
        span = outside.aggregate(first=models.Min("inspected_on"), last=models.Max("inspected_on"))
        if span["first"] is not None:
            field = "starts_on" if span["first"] < self.starts_on else "ends_on"
            raise ValidationError(
                {
                    field: f"已有{outside.count()}次检查归入本专项行动，检查日期"
                    f"（{span['first']:%Y-%m-%d}至{span['last']:%Y-%m-%d}）不在修改后的期间内："
                    "请先调整这些检查，或保留原期间。"
                }
            )

    @staticmethod
    def with_inspection_count(queryset):
        """``queryset`` of campaigns with ``inspection_count`` (检查户次), one query."""
        return queryset.annotate(inspection_count=models.Count("inspections"))

    def result_counts(self) -> dict[str, int]:
        """检查户次 of the campaign: ``{"total": n, <检查结论 value>: n, …}`` in one query."""
        rows = self.inspections.order_by().values_list("result").annotate(n=models.Count("pk"))
        counts = {value: 0 for value in InspectionResult.values}
        counts.update(dict(rows))
        counts["total"] = sum(counts.values())
        return counts


#: 文书 numbered by ``core.numbering`` (临东卫监笔〔2026〕1号).
RECORD = DocumentKind("supervision.record", "现场笔录", "卫监笔")
OPINION = DocumentKind("supervision.opinion", "卫生监督意见书", "卫监意")


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", "日常"
    RANDOM = "random", "双随机"
    SPECIAL = "special", "专项"
    COMPLAINT = "complaint", "投诉核查"
    FOLLOW_UP = "follow_up", "回头看"


class Inspection(ScopedModel):
    """监督检查：一次现场检查及其结论、文书和证据。"""

    #: What the public 公示 pages print of an inspection: changed after publication only by a
    #: correction with a reason (``core.publication.correct``).
    PUBLISHED_FIELDS = ("entity", "kind", "inspected_on", "result")

    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="检查对象",
    )
    kind = models.CharField("检查类型", max_length=10, choices=InspectionKind.choices)
    inspected_on = models.DateField("检查日期", validators=work_date_validators("检查日期"))
    inspectors = models.ManyToManyField(
        "core.Person", related_name="inspections", verbose_name="执法人员"
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="抽查任务",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="专项行动",
    )
    findings = models.TextField("检查情况", blank=True)
    result = models.CharField(
        "检查结论", max_length=10, choices=InspectionResult.choices, default=InspectionResult.PASSED
    )
    case_requested = models.BooleanField(
        "拟立案",
        default=False,
        editable=False,
        help_text="结论为立案时置位；案件模块接入后据此生成案件草稿。",
    )
    record_number = models.CharField(
        "现场笔录编号",
        max_length=40,
        blank=True,
        help_text="留空则自动编号（如 临东卫监笔〔2026〕1号）。",
    )
    opinion_number = models.CharField(
        "卫生监督意见书编号",
        max_length=40,
        blank=True,
        help_text="结论为责令整改或立案时留空则自动编号；合格时不出具可留空。",
    )
    checked_in_at = models.DateTimeField("扫码入企时间", null=True, blank=True, editable=False)
    published_on = models.DateField(
        "结果公示日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("结果公示日期"),
    )
    #: A free-text description of the evidence; the files themselves (photos, recordings, signed
    #: 文书) are core attachments of the inspection (``core.attachments``, SM3 digest).
    evidence_note = models.CharField("证据说明", max_length=300, blank=True)

    # The entities and inspectors of the agency and below (rules.inspector_problems, the form).
    references_below = ("entity", "inspectors")

    class Meta:
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        ordering = ["-inspected_on", "-id"]
        indexes = [
            # Covering the figures: 检查户次 by kind and 监督覆盖率 read only these indexes.
            models.Index(fields=["agency", "inspected_on", "kind"], name="inspection_date_idx"),
            models.Index(fields=["entity", "inspected_on", "agency"], name="inspection_entity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "record_number"],
                condition=~models.Q(record_number=""),
                name="inspection_record_number_unique",
                violation_error_message="现场笔录编号已被本机构的另一次检查使用。",
            ),
            models.UniqueConstraint(
                fields=["agency", "opinion_number"],
                condition=~models.Q(opinion_number=""),
                name="inspection_opinion_number_unique",
                violation_error_message="卫生监督意见书编号已被本机构的另一次检查使用。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.inspected_on}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", args=[self.pk])

    def clean(self) -> None:
        """The entity is in the agency's scope; a 双随机 task is the agency's own and its entity's.

        Checked here so the inspection form, the API (``ValidatedModelSerializer`` runs
        ``full_clean()``) and any import refuse the same inspections with the same messages.
        The task must be the inspection's agency's own, as the tasks a user may edit are
        (``editable_by``): saving the inspection moves the task (``services.inspect_task``).
        """
        errors = {}
        if self.entity_id and self.agency_id and not self.entity.agency.is_within(self.agency):
            errors["entity"] = "检查对象不在本机构的监管范围内。"
        if self.task_id and self.agency_id:
            if self.task.agency_id != self.agency_id:
                errors["task"] = f"抽查任务不属于{self.agency.name}：只能登记本机构抽查任务的检查。"
            elif self.entity_id and self.task.entity_id != self.entity_id:
                errors["task"] = "抽查任务的检查对象与本次检查不一致。"
            elif self.inspected_on and self.inspected_on < self.task.plan.planned_on:
                errors["inspected_on"] = (
                    f"检查日期早于抽查计划的计划检查日期（{self.task.plan.planned_on:%Y-%m-%d}）："
                    "抽查任务在计划检查日期之后实施。"
                )
        if self.campaign_id and self.agency_id and self.campaign.agency_id != self.agency_id:
            errors["campaign"] = "专项行动不属于本机构：只能归入本机构的专项行动。"
        elif self.campaign_id and self.inspected_on:
            c = self.campaign
            if not c.starts_on <= self.inspected_on <= c.ends_on:
                errors["campaign"] = (
                    f"检查日期不在专项行动“{c.name}”的期间"
                    f"（{c.starts_on:%Y-%m-%d}至{c.ends_on:%Y-%m-%d}）内。"
                )
        # 文书编号 are unique within the agency (the constraints say so too; a form does not
        # check them itself, the agency not being one of its fields).
        others = Inspection.objects.filter(agency_id=self.agency_id).exclude(pk=self.pk)
        for field, label in (
            ("record_number", "现场笔录编号"),
            ("opinion_number", "卫生监督意见书编号"),
        ):
            value = getattr(self, field)
            if value and self.agency_id and others.filter(**{field: value}).exists():
                errors[field] = f"{label}“{value}”已被本机构的另一次检查使用。"
        for field, message in self.date_errors().items():
            errors.setdefault(field, message)
        for field, message in published_changes_errors(self).items():
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def checklist_items(self):
        """抽查事项 the inspection checks: a 双随机 inspection's are its plan's items of the
        entity's category (an item is checked on entities of its category); others have none
        and are checked on their 监管类别's points (``ChecklistPoint.objects.for_inspection``)."""
        if not self.task_id or not self.entity_id:
            return InspectionItem.objects.none()
        return InspectionItem.objects.filter(
            samplingplan__tasks=self.task_id, category=self.entity.category
        ).distinct()

    def date_errors(self) -> dict[str, str]:
        """Dates that cannot be true, against the records around the inspection: published on
        or after it; not after the 整改令 it issued; as a 回头看, not before the orders it
        reviewed nor their inspections (an edit must not move a follow-up before its order)."""
        errors: dict[str, str] = {}
        day = self.inspected_on
        if msg := date_order_error("结果公示日期", self.published_on, "检查日期", day):
            errors["published_on"] = msg
        if day is None or self.pk is None:
            return errors
        issued = (
            RectificationOrder.objects.filter(inspection_id=self.pk)
            .order_by("issued_on")
            .values_list("number", "issued_on")
            .first()
        )
        if issued and issued[1] < day:
            errors["inspected_on"] = (
                f"检查日期不能晚于本次检查下达的整改令{issued[0]}的下达日期"
                f"（{issued[1]:%Y-%m-%d}）。"
            )
        reviewed = (
            RectificationOrder.objects.filter(follow_up_id=self.pk)
            .order_by("-issued_on")
            .values_list("number", "issued_on", "inspection__inspected_on")
            .first()
        )
        if reviewed:
            number, order_day, first_day = reviewed
            latest = max(order_day, first_day)
            if day < latest:
                errors["inspected_on"] = (
                    f"回头看的检查日期不能早于所复查整改令{number}的下达日期和原检查日期"
                    f"（{latest:%Y-%m-%d}）。"
                )
        return errors

    def save(self, *args, **kwargs) -> None:
        """A new inspection left without numbers gets them (``core.numbering``): its 现场笔录
        always, its 卫生监督意见书 when it concludes 责令整改 or 立案. Numbers are taken in the
        save's transaction, so an inspection that is not saved gives its numbers back."""
        self.case_requested = self.result == InspectionResult.CASE
        with transaction.atomic():
            if self._state.adding and self.agency_id and self.inspected_on:
                year = self.inspected_on.year
                if not self.record_number:
                    self.record_number = RECORD.number(self.agency, year)
                if not self.opinion_number and self.result != InspectionResult.PASSED:
                    self.opinion_number = OPINION.number(self.agency, year)
            super().save(*args, **kwargs)


class Finding(models.Model):
    """检查发现：对照检查要点的逐项结论。"""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    point = models.ForeignKey(
        ChecklistPoint, on_delete=models.PROTECT, null=True, blank=True, verbose_name="检查要点"
    )
    compliant = models.BooleanField("符合", default=True)
    note = models.CharField("情况说明", max_length=300, blank=True)

    def __str__(self) -> str:
        return self.note or str(self.point or "")


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    COMPLETED = "completed", "已整改"
    FAILED = "failed", "逾期未整改"


class RectificationOrder(ScopedModel):
    """责令整改：卫生监督意见书载明的整改事项与期限，回头看复查后关闭。"""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="rectifications", verbose_name="检查"
    )
    number = models.CharField(
        "文书编号",
        max_length=40,
        blank=True,
        help_text="卫生监督意见书编号；留空则用本次检查的意见书编号，或自动编号。",
    )
    issued_on = models.DateField("下达日期", validators=work_date_validators("下达日期"))
    due_on = models.DateField("整改期限", validators=period_date_validators("整改期限"))
    requirements = models.TextField("整改要求")
    status = models.CharField(
        "整改状态",
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        editable=False,
    )
    follow_up = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_of",
        editable=False,
        verbose_name="复查（回头看）",
    )
    completed_on = models.DateField(
        "整改完成日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("整改完成日期"),
    )

    class Meta:
        verbose_name = "责令整改"
        verbose_name_plural = "责令整改"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                name="rectification_number_unique",
                violation_error_message="文书编号已存在。",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("supervision:rectificationorder_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.inspection_id:
            day = self.inspection.inspected_on
            if self.due_on and self.due_on < day:
                errors["due_on"] = f"整改期限不能早于检查日期（{day:%Y-%m-%d}）。"
            if self.issued_on and self.issued_on < day:
                errors["issued_on"] = f"下达日期不能早于检查日期（{day:%Y-%m-%d}）。"
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            errors.setdefault("due_on", "整改期限不能早于下达日期。")
        for field, message in self.date_errors().items():
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def date_errors(self) -> dict[str, str]:
        """Dates that cannot be true: an order is completed, and reviewed by its 回头看, on or
        after the day it was issued (a follow-up cannot close an order before the order)."""
        errors: dict[str, str] = {}
        if msg := date_order_error("整改完成日期", self.completed_on, "下达日期", self.issued_on):
            errors["completed_on"] = msg
        if self.follow_up_id and self.issued_on:
            day = self.follow_up.inspected_on
            if msg := date_order_error("回头看的检查日期", day, "整改令下达日期", self.issued_on):
                errors["issued_on"] = msg
        return errors

    def save(self, *args, **kwargs) -> None:
        if self.inspection_id and not self.agency_id:
            self.agency_id = self.inspection.agency_id
        super().save(*args, **kwargs)


class CheckIn(ScopedModel):
    """扫码入企：执法人员到场时扫描企业码与本人执法证码，两者须与任务一致。"""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, null=True, blank=True, related_name="check_ins"
    )
    scanned_entity_code = models.CharField("扫描企业码", max_length=40)
    scanned_person_code = models.CharField("扫描执法证号", max_length=40)
    accepted = models.BooleanField("核验通过", default=False)
    reason = models.CharField("未通过原因", max_length=200, blank=True)
    #: Where the phone said it was when the codes were scanned (the browser's geolocation, WGS 84),
    #: when the user allowed it; the time is ``created_at`` (the server's clock, not the phone's).
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)

    class Meta:
        verbose_name = "扫码入企记录"
        verbose_name_plural = "扫码入企记录"

    def __str__(self) -> str:
        """“扫码入企 某某宾馆 2026-03-01”: the inspected entity (else the code scanned), the day."""
        where = self.inspection.entity.name if self.inspection_id else self.scanned_entity_code
        if self.created_at is not None:
            day = timezone.localdate(self.created_at)
        else:
            day = self.inspection.inspected_on if self.inspection_id else None
        return f"扫码入企 {where} {day:%Y-%m-%d}" if day else f"扫码入企 {where}"
