"""行政处罚 (enforcement): cases from 线索 to 归档, with the 三项制度 (RULES §2, §3).

A ``Case`` carries the dates and documents of its steps; ``enforcement.workflow`` is the only
writer of ``Case.status`` and checks the invariants of RULES §3.2 at each step. The catalogue of
common violations (``Violation`` with its ``DiscretionLevel`` ranges, 裁量基准) is shared reference
data, maintained like the 检查要点. 法制审核 and 集体讨论 are records of their own, so a case
returned for 补充调查 and reviewed again keeps both reviews.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.crypto import EncryptedCharField, mask_id, mask_phone
from core.models import RetainedModel, ScopedModel, SharedModel
from core.numbering import DocumentKind
from core.validators import (
    date_order_error,
    period_date_validators,
    validate_phone,
    work_date_validators,
)

#: 案号 (立案审批表), 事先告知书 and 行政处罚决定书 numbers: 临东卫立〔2026〕3号 and so on.
CASE_NUMBER = DocumentKind("enforcement.case", "立案审批表", "卫立")
NOTICE_NUMBER = DocumentKind("enforcement.notice", "行政处罚事先告知书", "卫罚告")
DECISION_NUMBER = DocumentKind("enforcement.decision", "行政处罚决定书", "卫罚")

#: The procedure rule a case follows, by its 立案 date (RULES §3.1): the 2025 rule from
#: 2025-06-01, before that 卫生部令第53号. Stored per case (``procedure_rule_version``).
PROCEDURE_RULES = (
    ("2025-06-01", "nhc-2025-13", "卫生健康行政处罚程序规定（国家卫生健康委员会令第13号）"),
    ("1997-06-19", "moh-1997-53", "卫生行政处罚程序（卫生部令第53号）"),
)


class Domain(models.TextChoices):
    """执法领域 (专业): how reports break cases down (seed 001: 医疗卫生51件、公共场所卫生8件…)."""

    MEDICAL_INSTITUTION = "medical_institution", "医疗机构执业"
    PHYSICIAN = "physician", "医师执业"
    NURSE = "nurse", "护士执业"
    MATERNAL = "maternal", "母婴保健"
    PUBLIC_PLACE = "public_place", "公共场所"
    DRINKING_WATER = "drinking_water", "生活饮用水"
    OCCUPATIONAL = "occupational", "职业卫生"
    RADIATION = "radiation", "放射诊疗"
    INFECTIOUS = "infectious", "传染病防治"
    DISINFECTION = "disinfection", "消毒产品"
    SCHOOL = "school", "学校卫生"
    TOBACCO = "tobacco", "控烟"
    OTHER = "other", "其他"


#: The 专业 a report names (seed 001 “其中医疗卫生51件”): 医疗卫生 gathers the medical domains.
REPORT_GROUPS = {
    Domain.MEDICAL_INSTITUTION: "医疗卫生",
    Domain.PHYSICIAN: "医疗卫生",
    Domain.NURSE: "医疗卫生",
    Domain.MATERNAL: "医疗卫生",
    Domain.PUBLIC_PLACE: "公共场所卫生",
    Domain.DRINKING_WATER: "生活饮用水",
    Domain.OCCUPATIONAL: "职业卫生",
    Domain.RADIATION: "放射卫生",
    Domain.INFECTIOUS: "传染病卫生",
    Domain.DISINFECTION: "消毒产品",
    Domain.SCHOOL: "学校卫生",
    Domain.TOBACCO: "控烟",
    Domain.OTHER: "其他",
}


class PenaltyKind(models.TextChoices):
    """行政处罚的种类（行政处罚法第九条）."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_INCOME = "confiscate_income", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    OTHER = "other", "其他"


#: 听证 scope (第63条): besides 较大数额 amounts, these kinds always give the right to a hearing.
HEARING_KINDS = frozenset(
    {
        PenaltyKind.DOWNGRADE,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSE,
        PenaltyKind.RESTRICT_PRACTICE,
        PenaltyKind.RESTRICT_BUSINESS,
    }
)
#: Kinds that make a decision 重大 in the local catalogues (RULES §2.3) whatever the amount.
MAJOR_KINDS = frozenset(
    {PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.REVOKE_LICENCE, PenaltyKind.CLOSE}
)


class DiscretionGrade(models.TextChoices):
    MINOR = "minor", "轻微"
    GENERAL = "general", "一般"
    SERIOUS = "serious", "严重"


class Violation(SharedModel):
    """违法行为：违法条款、处罚条款与裁量基准（共用目录，由最高级机构的系统管理员维护）。"""

    code = models.CharField("编码", max_length=20, unique=True)
    domain = models.CharField("执法领域", max_length=30, choices=Domain.choices)
    name = models.CharField("违法行为", max_length=200)
    violated_basis = models.CharField("违法条款", max_length=300)
    penalty_basis = models.CharField("处罚条款", max_length=300)
    penalty_kinds = models.JSONField("处罚种类", default=list)
    retired_on = models.DateField(
        "停用日期", null=True, blank=True, validators=period_date_validators("停用日期")
    )
    retired_reason = models.CharField("停用理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "违法行为"
        verbose_name_plural = "违法行为与裁量基准"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        unknown = [k for k in self.penalty_kinds or () if k not in PenaltyKind.values]
        if unknown:
            raise ValidationError(
                {"penalty_kinds": f"处罚种类不在行政处罚法第九条所列种类中：{'、'.join(unknown)}。"}
            )
        if self.retired_on and not self.retired_reason.strip():
            raise ValidationError({"retired_reason": "停用须说明理由。"})

    def level(self, grade: str) -> DiscretionLevel | None:
        return self.levels.filter(grade=grade).first()


class DiscretionLevel(SharedModel):
    """裁量基准的一档：情形与罚款幅度（元）。"""

    violation = models.ForeignKey(
        Violation, on_delete=models.CASCADE, related_name="levels", verbose_name="违法行为"
    )
    grade = models.CharField("裁量档次", max_length=10, choices=DiscretionGrade.choices)
    condition = models.CharField("适用情形", max_length=300, blank=True)
    fine_min = models.DecimalField(
        "罚款下限（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "罚款上限（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["violation", "fine_min"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "grade"],
                name="discretion_level_unique",
                violation_error_message="同一违法行为的裁量档次已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.violation.code} {self.get_grade_display()}：{self.range_text()}"

    def range_text(self) -> str:
        if self.fine_min is None and self.fine_max is None:
            return "不处罚款"
        low = f"{self.fine_min:,.0f}" if self.fine_min is not None else "0"
        high = f"{self.fine_max:,.0f}" if self.fine_max is not None else "—"
        return f"罚款{low}–{high}元"

    def clean(self) -> None:
        if (
            self.fine_min is not None
            and self.fine_max is not None
            and self.fine_min > self.fine_max
        ):
            raise ValidationError({"fine_max": "罚款上限不能低于下限。"})


class CaseSource(models.TextChoices):
    """案件来源（RULES §3.2 CLUE）."""

    INSPECTION = "inspection", "监督检查"
    RANDOM_CHECK = "random_check", "双随机抽查"
    COMPLAINT = "complaint", "投诉举报"
    TRANSFER = "transfer", "移送"
    ASSIGNED = "assigned", "上级交办"
    MONITORING = "monitoring", "监督监测"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    CLUE = "clue", "线索核查"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATING = "investigating", "立案调查"
    INVESTIGATED = "investigated", "调查终结"
    NO_PENALTY = "no_penalty", "不予处罚"
    REFERRED = "referred", "移送司法"
    NOTIFIED = "notified", "已事先告知"
    HEARING = "hearing", "听证"
    LEGAL_REVIEW = "legal_review", "法制审核"
    DISCUSSION = "discussion", "集体讨论"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    EXECUTING = "executing", "执行中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


class PartyKind(models.TextChoices):
    ORGANISATION = "org", "法人或其他组织"
    PERSON = "person", "公民"


class NoPenaltyReason(models.TextChoices):
    """不予处罚的理由（行政处罚法第三十三条，第三十六条）."""

    MINOR = "minor", "违法行为轻微并及时改正，没有造成危害后果（轻微不罚）"
    FIRST = "first", "初次违法且危害后果轻微并及时改正（首违不罚）"
    NO_FAULT = "no_fault", "当事人有证据足以证明没有主观过错"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立"
    TIME_BARRED = "time_barred", "违法行为已超过追责时效"


class ServiceMethod(models.TextChoices):
    """送达方式（卫生健康行政处罚程序规定第53–57条；民事诉讼法）."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    ELECTRONIC = "electronic", "电子送达"
    ENTRUSTED = "entrusted", "委托送达"
    POST = "post", "邮寄送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class CloseKind(models.TextChoices):
    EXECUTED = "executed", "执行完毕"
    NO_PENALTY = "no_penalty", "不予处罚"
    REFERRED = "referred", "移送司法机关"
    COURT = "court", "申请法院强制执行终结"
    TERMINATED = "terminated", "终止调查"


#: What a case's clue and party are written with (page and API); the rest is written by the steps
#: of ``enforcement.workflow``.
CLUE_FIELDS = [
    "cause",
    "source",
    "domain",
    "clue_on",
    "place",
    "entity",
    "party_kind",
    "party_name",
    "party_code",
    "party_id_number",
    "party_phone",
    "legal_representative",
    "party_address",
    "facts",
]


class Case(RetainedModel):
    """行政处罚案件：从线索、立案到结案、归档的全过程。"""

    #: What the 双公示 pages print of a decided case (RULES §2.1 publication record fields).
    PUBLISHED_FIELDS = ("decision_number", "party_name", "decided_on", "facts", "penalty_kinds")

    number = models.CharField("案号", max_length=40, blank=True, help_text="立案时自动编号。")
    procedure_rule_version = models.CharField(
        "适用程序规定", max_length=20, blank=True, editable=False
    )
    cause = models.CharField("案由", max_length=200)
    source = models.CharField("案件来源", max_length=20, choices=CaseSource.choices)
    source_inspection = models.ForeignKey(
        "supervision.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="来源检查",
    )
    domain = models.CharField("执法领域", max_length=30, choices=Domain.choices)
    status = models.CharField(
        "办理状态",
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.CLUE,
        editable=False,
    )
    clue_on = models.DateField("线索登记日期", validators=work_date_validators("线索登记日期"))
    place = models.CharField("案发地点", max_length=200, blank=True)
    # 当事人
    entity = models.ForeignKey(
        "registry.SupervisedEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="监管对象",
    )
    party_kind = models.CharField("当事人类型", max_length=10, choices=PartyKind.choices)
    party_name = models.CharField("当事人", max_length=200)
    party_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, help_text="当事人为法人或其他组织时填写。"
    )
    party_id_number = EncryptedCharField(
        "身份证件号码",
        max_plain_length=30,
        blank=True,
        mask=mask_id,
        help_text="当事人为公民时填写。",
    )
    party_phone = EncryptedCharField(
        "联系电话", max_plain_length=30, blank=True, mask=mask_phone, validators=[validate_phone]
    )
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    party_address = models.CharField("住所（地址）", max_length=200, blank=True)
    # 立案
    filed_on = models.DateField(
        "立案日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("立案日期"),
    )
    filing_approved_by = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="立案批准人",
    )
    not_filed_reason = models.CharField("不予立案理由", max_length=300, blank=True, editable=False)
    simple_procedure = models.BooleanField("简易程序", default=False, editable=False)
    investigators = models.ManyToManyField(
        "core.Person", through="CaseInvestigator", related_name="cases", verbose_name="承办人员"
    )
    # 调查
    evidence_preserved_on = models.DateField(
        "先行登记保存日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("先行登记保存日期"),
    )
    investigation_closed_on = models.DateField(
        "调查终结日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("调查终结日期"),
    )
    facts = models.TextField("违法事实", blank=True)
    investigation_report = models.TextField("调查终结报告", blank=True, editable=False)
    violation = models.ForeignKey(
        Violation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="违法行为",
    )
    discretion_grade = models.CharField(
        "裁量档次", max_length=10, choices=DiscretionGrade.choices, blank=True
    )
    no_penalty_reason = models.CharField(
        "不予处罚理由", max_length=20, choices=NoPenaltyReason.choices, blank=True, editable=False
    )
    no_penalty_list_item = models.CharField(
        "不予处罚清单事项", max_length=300, blank=True, editable=False
    )
    referred_to = models.CharField("移送机关", max_length=100, blank=True, editable=False)
    referred_on = models.DateField(
        "移送日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("移送日期"),
    )
    # 拟处罚
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine = models.DecimalField("罚款（元）", max_digits=12, decimal_places=2, default=Decimal(0))
    confiscated_income = models.DecimalField(
        "没收违法所得（元）", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    confiscated_property_value = models.DecimalField(
        "没收非法财物作价（元）", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    outside_range_reason = models.CharField(
        "超出裁量基准的理由",
        max_length=500,
        blank=True,
        help_text="罚款超出所选裁量档次的幅度时必填（从轻、减轻或从重的事实和依据）。",
    )
    is_major = models.BooleanField("重大执法决定", default=False, editable=False)
    major_reasons = models.JSONField("重大理由", default=list, blank=True, editable=False)
    # 告知、听证
    notified_on = models.DateField(
        "事先告知日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("事先告知日期"),
    )
    notice_number = models.CharField("事先告知书文号", max_length=40, blank=True, editable=False)
    hearing_in_scope = models.BooleanField("属听证范围", default=False, editable=False)
    statement_on = models.DateField(
        "陈述申辩日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("陈述申辩日期"),
        help_text="听取陈述申辩或当事人明确放弃的日期。",
    )
    statement_waived = models.BooleanField("放弃陈述申辩", default=False, editable=False)
    hearing_requested_on = models.DateField(
        "申请听证日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("申请听证日期"),
    )
    hearing_notified_on = models.DateField(
        "听证通知日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("听证通知日期"),
    )
    hearing_held_on = models.DateField(
        "举行听证日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("举行听证日期"),
    )
    # 决定、送达
    decided_on = models.DateField(
        "决定日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("决定日期"),
    )
    decision_number = models.CharField(
        "行政处罚决定书文号", max_length=40, blank=True, editable=False
    )
    decided_by = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="决定人（负责人）",
    )
    served_on = models.DateField(
        "送达日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("送达日期"),
    )
    service_method = models.CharField(
        "送达方式", max_length=20, choices=ServiceMethod.choices, blank=True, editable=False
    )
    credit_notice_served = models.BooleanField(
        "信用修复告知书同时送达", default=False, editable=False, help_text="两书同达。"
    )
    publicized_on = models.DateField(
        "公示日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("公示日期"),
    )
    # 执行、结案
    paid_amount = models.DecimalField(
        "已缴纳（元）", max_digits=12, decimal_places=2, default=Decimal(0), editable=False
    )
    paid_on = models.DateField(
        "缴清日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("缴清日期"),
    )
    court_applied_on = models.DateField(
        "申请法院强制执行日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("申请法院强制执行日期"),
    )
    closed_on = models.DateField(
        "结案日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("结案日期"),
    )
    close_kind = models.CharField(
        "结案方式", max_length=20, choices=CloseKind.choices, blank=True, editable=False
    )
    archived_on = models.DateField(
        "归档日期",
        null=True,
        blank=True,
        editable=False,
        validators=work_date_validators("归档日期"),
    )
    archive_reference = models.CharField("档案号", max_length=60, blank=True, editable=False)

    references_below = ("entity", "source_inspection")

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-clue_on", "-id"]
        permissions = [
            ("approve_case", "批准立案、作出处罚决定（负责人）"),
            ("review_case", "法制审核"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~models.Q(number=""),
                name="case_number_unique",
                violation_error_message="案号已被登记。",
            ),
            models.UniqueConstraint(
                fields=["source_inspection"],
                condition=models.Q(source_inspection__isnull=False, withdrawn_at__isnull=True),
                name="case_one_per_inspection",
                violation_error_message="该检查已有立案记录。",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "filed_on"], name="case_filed_idx"),
            models.Index(fields=["agency", "decided_on"], name="case_decided_idx"),
            models.Index(fields=["agency", "closed_on"], name="case_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '（未立案）'} {self.party_name} {self.cause}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:case_detail", args=[self.pk])

    @property
    def confiscation_total(self) -> Decimal:
        """罚没金额：罚款、没收违法所得与没收非法财物作价之和（分别记录，合计时相加）。"""
        return self.fine + self.confiscated_income + self.confiscated_property_value

    @property
    def amount_due(self) -> Decimal:
        """应缴金额：罚款与没收违法所得（没收的财物已扣押，不需缴纳）。"""
        return self.fine + self.confiscated_income

    def reveals_personal_data_to(self, user) -> bool:
        """The party's ID and phone in full: the case's own investigators, and the 法规科,
        负责人 and 法制审核员 of the case's agency (they sign the documents that carry them)."""
        from core.models import Role, user_agency

        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if user.person_id and self.pk and self.investigators.filter(pk=user.person_id).exists():
            return True
        agency = user_agency(user)
        return bool(
            agency
            and agency.pk == self.agency_id
            and user.role in (Role.LEGAL_OFFICE, Role.LEADER, Role.LEGAL_REVIEWER)
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.party_kind == PartyKind.ORGANISATION and self.party_code:
            from core.validators import validate_uscc

            try:
                validate_uscc(self.party_code)
            except ValidationError as exc:
                errors["party_code"] = exc.messages[0]
        if self.party_kind == PartyKind.PERSON and self.party_id_number:
            from core.validators import validate_id_number

            try:
                validate_id_number(self.party_id_number)
            except ValidationError as exc:
                errors["party_id_number"] = exc.messages[0]
        if self.entity_id and not self.party_name:
            self.party_name = self.entity.name
        unknown = [k for k in self.penalty_kinds or () if k not in PenaltyKind.values]
        if unknown:
            errors["penalty_kinds"] = (
                f"处罚种类不在行政处罚法第九条所列种类中：{'、'.join(unknown)}。"
            )
        for name in ("fine", "confiscated_income", "confiscated_property_value"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                errors[name] = f"{self._meta.get_field(name).verbose_name}不能为负数。"
        if self.source_inspection_id and self.source_inspection.entity_id and not self.entity_id:
            self.entity_id = self.source_inspection.entity_id
        errors.update({k: v for k, v in self.date_errors().items() if k not in errors})
        if errors:
            raise ValidationError(errors)

    #: The order of a case's dates (RULES §3.2: filing ≤ notice < decision ≤ service).
    DATE_ORDER = (
        ("filed_on", "立案日期", "clue_on", "线索登记日期"),
        ("investigation_closed_on", "调查终结日期", "filed_on", "立案日期"),
        ("notified_on", "事先告知日期", "filed_on", "立案日期"),
        ("hearing_held_on", "举行听证日期", "hearing_requested_on", "申请听证日期"),
        ("decided_on", "决定日期", "notified_on", "事先告知日期"),
        ("decided_on", "决定日期", "filed_on", "立案日期"),
        ("served_on", "送达日期", "decided_on", "决定日期"),
        ("publicized_on", "公示日期", "decided_on", "决定日期"),
        ("paid_on", "缴清日期", "decided_on", "决定日期"),
        ("closed_on", "结案日期", "clue_on", "线索登记日期"),
        ("archived_on", "归档日期", "closed_on", "结案日期"),
    )

    def date_errors(self) -> dict[str, str]:
        """Dates out of order, by field (a decision the same day as its notice is refused:
        the party must have had the 陈述申辩 period)."""
        errors: dict[str, str] = {}
        for field in self._meta.concrete_fields:  # each date's own rule (none in the future)
            if isinstance(field, models.DateField) and getattr(self, field.attname) is not None:
                try:
                    field.run_validators(getattr(self, field.attname))
                except ValidationError as exc:
                    errors[field.name] = exc.messages[0]
        for later, later_label, earlier, earlier_label in self.DATE_ORDER:
            msg = date_order_error(
                later_label, getattr(self, later), earlier_label, getattr(self, earlier)
            )
            if msg and later not in errors:
                errors[later] = msg
        if (
            self.decided_on
            and self.notified_on
            and not self.simple_procedure
            and self.decided_on == self.notified_on
            and "decided_on" not in errors
        ):
            errors["decided_on"] = (
                "决定日期须晚于事先告知日期：当事人须有陈述、申辩的期间（行政处罚法第六十二条）。"
            )
        return errors

    def save(self, *args, **kwargs) -> None:
        if self.source_inspection_id and not self.entity_id:
            self.entity_id = self.source_inspection.entity_id
        super().save(*args, **kwargs)


class CaseInvestigator(models.Model):
    """承办人员及其回避声明（行政处罚法第四十二条、第四十三条）。"""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="team", verbose_name="案件"
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="case_roles", verbose_name="执法人员"
    )
    lead = models.BooleanField("主办人", default=False)
    no_conflict_declared_on = models.DateField(
        "回避声明日期",
        null=True,
        blank=True,
        validators=work_date_validators("回避声明日期"),
        help_text="声明与本案当事人无利害关系、无应当回避情形的日期。",
    )

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                name="case_investigator_unique",
                violation_error_message="该人员已是本案承办人员。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.person.name}"


class ReviewOutcome(models.TextChoices):
    PASS = "pass", "同意（通过）"
    RETURN = "return", "退回补充调查"
    FAIL = "fail", "不同意（不通过）"


class LegalReview(ScopedModel):
    """重大执法决定法制审核（行政处罚法第五十八条）：审核要点、意见与结论。"""

    CHECKLIST = (
        ("subject", "主体与资格"),
        ("facts", "事实与证据"),
        ("basis", "法律依据"),
        ("discretion", "裁量"),
        ("procedure", "程序与权利保障"),
        ("authority", "职权"),
        ("documents", "文书"),
        ("referral", "涉嫌犯罪须移送"),
    )

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="legal_reviews", verbose_name="案件"
    )
    reviewer = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="legal_reviews", verbose_name="审核人"
    )
    submitted_on = models.DateField("送审日期", validators=work_date_validators("送审日期"))
    reviewed_on = models.DateField(
        "审核日期", null=True, blank=True, validators=work_date_validators("审核日期")
    )
    outcome = models.CharField("审核结论", max_length=10, choices=ReviewOutcome.choices, blank=True)
    checklist = models.JSONField("审核要点", default=dict, blank=True)
    opinion = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ["case", "submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} 法制审核 {self.get_outcome_display() or '审核中'}"

    def date_errors(self) -> dict[str, str]:
        errors = {}
        if msg := date_order_error("审核日期", self.reviewed_on, "送审日期", self.submitted_on):
            errors["reviewed_on"] = msg
        return errors


class CollectiveDiscussion(ScopedModel):
    """负责人集体讨论（行政处罚法第五十七条第二款）：出席人、意见、结论与不同意见。"""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="discussions", verbose_name="案件"
    )
    held_on = models.DateField("讨论日期", validators=work_date_validators("讨论日期"))
    attendees = models.ManyToManyField("core.Person", related_name="+", verbose_name="出席人员")
    opinions = models.TextField("讨论意见")
    conclusion = models.TextField("讨论结论")
    dissent = models.TextField("不同意见", blank=True)

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} 集体讨论 {self.held_on:%Y-%m-%d}"


class Payment(ScopedModel):
    """缴款：罚没款的一次缴纳（分期缴纳时多次）。"""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="payments", verbose_name="案件"
    )
    paid_on = models.DateField("缴款日期", validators=work_date_validators("缴款日期"))
    amount = models.DecimalField("缴款金额（元）", max_digits=12, decimal_places=2)
    receipt = models.CharField("缴款凭证号", max_length=60, blank=True)

    class Meta:
        verbose_name = "缴款"
        verbose_name_plural = "缴款"
        ordering = ["case", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} 缴款 {self.amount}元"

    def clean(self) -> None:
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": "缴款金额须大于0。"})
