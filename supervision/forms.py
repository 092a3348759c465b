import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.forms import DateInput, FazhiModelForm
from core.models import Person
from registry.forms import EntityCodeField
from registry.models import SUBCATEGORY_CHOICES, CreditGrade, EntityCategory, SupervisedEntity
from supervision import rules, services
from supervision.models import (
    NO_REGION_LABEL,
    AmendmentKind,
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    InspectionResult,
    QuotaMode,
    RectificationOrder,
    SamplingPlan,
    StratumField,
    TaskStatus,
    UnableReason,
)

DATE = DateInput()  # ISO value, as <input type=date> requires


def _plain(text: str) -> str:
    """Text compared without width, case or spaces: “Ｃ级（失信）” matches “c级(失信)”."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


#: stratum field → ((value, label), ...) a line may name it by (value or label, as written).
_STRATUM_WORDS = {
    StratumField.CATEGORY: EntityCategory.choices,
    StratumField.SUBCATEGORY: SUBCATEGORY_CHOICES,
    StratumField.CREDIT: [
        *CreditGrade.choices,
        *((g.value, f"{g.value}级") for g in CreditGrade),
        *((g.value, g.label.split("（")[1].rstrip("）")) for g in CreditGrade),  # 守信, 失信 …
    ],
}
_LINE = re.compile(r"^(?P<stratum>.+?)\s*[=＝:：]\s*(?P<value>[^=＝:：]+)$")
_PARTS = re.compile(r"\s*[/／|｜]\s*")


def _stratum_value(field: str, word: str, regions: dict[int, str]) -> str:
    """The key part for ``word`` (a value or a Chinese label) of ``field``."""
    plain = _plain(word)
    if field == StratumField.REGION:
        if plain in {_plain(NO_REGION_LABEL), "无片区", "无"}:
            return ""
        found = [str(pk) for pk, name in regions.items() if _plain(name) == plain]
        if len(found) > 1:
            raise ValidationError(f"片区“{word}”有重名，无法确定是哪一个。")
        if found:
            return found[0]
    else:
        for value, label in _STRATUM_WORDS[field]:
            if plain in (_plain(value), _plain(label)):
                return value
    raise ValidationError(f"{StratumField(field).label}中没有“{word}”。")


def _quota_text(value: str, mode: str) -> str:
    """“5%” or “5” → “0.05” (a percentage, as in 比例或户数), “10户” → “10”; anything else is
    left for the model to judge."""
    text = unicodedata.normalize("NFKC", value).strip()
    if mode == QuotaMode.COUNT:
        return text.removesuffix("户").strip()
    try:
        return str(Decimal(text.removesuffix("%").strip()) / 100)
    except InvalidOperation:
        return text


def parse_stratum_quotas(
    text: str, strata_by: list[str], mode: str, regions: dict[int, str]
) -> dict[str, str]:
    """分层比例 as typed on the plan page, one stratum a line (“C = 100%”, “公共场所 / A = 5%”),
    to ``SamplingPlan.stratum_quotas`` keys. Raises ``ValidationError`` naming each bad line."""
    quotas: dict[str, str] = {}
    errors = []
    names = " / ".join(StratumField(f).label for f in strata_by)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        where = f"第{number}行“{line}”"
        match = _LINE.match(line)
        if match is None:
            errors.append(f"{where}：须写成“分层 = 比例”，如“C = 100%”。")
            continue
        if not strata_by:
            errors.append(f"{where}：本计划未选分层依据，请先选择分层依据。")
            continue
        words = _PARTS.split(match["stratum"].strip())
        if len(words) != len(strata_by):
            errors.append(
                f"{where}：本计划按“{names}”分层，须依次写{len(strata_by)}项，用“/”隔开。"
            )
            continue
        try:
            key = "|".join(
                _stratum_value(f, w, regions) for f, w in zip(strata_by, words, strict=True)
            )
        except ValidationError as exc:
            errors.append(f"{where}：{exc.messages[0]}")
            continue
        if key in quotas:
            errors.append(f"{where}：该分层已在前面写过。")
            continue
        quotas[key] = _quota_text(match["value"], mode)
    if errors:
        raise ValidationError(errors)
    return quotas


def parse_quota_value(text: str, mode: str) -> Decimal:
    """比例或户数 as typed on the plan page, to what ``SamplingPlan.quota_value`` stores.

    By proportion people write a percentage, as the plan page shows it: “5”, “5%” and “５％”
    are 5% and give 0.05 (the model and the API keep the fraction). By count: “10” or “10户”.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if mode == QuotaMode.COUNT:
        try:
            return Decimal(text.removesuffix("户").strip())
        except InvalidOperation:
            raise ValidationError("按户数抽取时请填写户数（正整数），如“10”。") from None
    try:
        percent = Decimal(text.removesuffix("%").strip())
    except InvalidOperation:
        raise ValidationError("按比例抽取时请填写百分数，如“5”或“5%”表示5%。") from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise ValidationError("按比例抽取时，比例须大于0且不超过100%（如“5”表示5%）。")
    fraction = percent / 100
    if fraction != fraction.quantize(Decimal("0.0001")):
        raise ValidationError("比例最多精确到0.01%。")
    return fraction


class PlanForm(FazhiModelForm):
    quota_value = forms.CharField(
        label="比例（%）或户数",
        max_length=20,
        help_text="按比例抽取填百分数，如“5”或“5%”表示抽取5%；按户数抽取填户数，如“10”。",
    )
    categories = forms.MultipleChoiceField(
        label="对象类别",
        choices=EntityCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subcategories = forms.MultipleChoiceField(
        label="细分类别", choices=SUBCATEGORY_CHOICES, required=False
    )
    strata_by = forms.MultipleChoiceField(
        label="分层依据",
        choices=StratumField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stratum_quotas = forms.CharField(
        label="分层比例",
        required=False,
        widget=forms.Textarea({"rows": 4, "placeholder": "C = 100%\nD = 100%\nA = 5%"}),
        help_text=(
            "可选：个别分层另定比例，每行一层，写“分层 = 百分数”，如“C = 100%”“A = 5”；"
            "按户数抽取时写户数，如“C = 10”。按多个字段分层时依“监管类别 / 细分类别 / 片区 / "
            "信用等级”的顺序写所选各项，用“/”隔开，如“公共场所 / C = 100%”。"
            "未写的分层按上面的比例或户数抽取。"
        ),
    )

    class Meta:
        model = SamplingPlan
        fields = [
            "name",
            "year",
            "source",
            "items",
            "categories",
            "subcategories",
            "strata_by",
            "quota_mode",
            "quota_value",
            "stratum_quotas",
            "exclude_inspected_months",
            "inspectors_per_target",
            "workload_cap",
            "restrict_to_region",
            "partner_department",
            "planned_on",
            "check_ends_on",
            "witness",
        ]
        widgets = {
            "planned_on": DATE,
            "check_ends_on": DATE,
            "items": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "items": "抽取只从所选事项的对象类别中抽取；同时选了对象类别时，两者须一致。",
            "exclude_inspected_months": (
                "排除最近N个月内已检查过的对象；高风险对象不排除。0为不排除。"
            ),
            "strata_by": "按所选字段分层，每层按比例或户数抽取。",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.fields["items"].queryset = InspectionItem.objects.in_scope(agency)
        self.fields["witness"].queryset = witness_choices(agency)
        self.initial["stratum_quotas"] = self._quotas_as_text()
        if self.instance.quota_value is not None:  # a percentage, as it is typed (“5%”)
            self.initial["quota_value"] = self.instance.quota_text().removesuffix("户")

    def clean_quota_value(self) -> Decimal:
        mode = self.cleaned_data.get("quota_mode") or QuotaMode.PROPORTION
        return parse_quota_value(self.cleaned_data["quota_value"], mode)

    def _quotas_as_text(self) -> str:
        """The saved quotas as the lines a user would type (labels, percentages)."""
        return "\n".join(f"{label} = {text}" for label, text in self.instance.stratum_quota_texts())

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_on"), data.get("check_ends_on")
        if start and end and end < start:
            self.add_error("check_ends_on", "检查截止日期不能早于计划检查日期。")
        if data.get("items") is not None:
            try:
                SamplingPlan.check_items(data["items"], data.get("categories") or [])
            except ValidationError as exc:
                self.add_error(None, exc)
        if "stratum_quotas" in data:
            strata_by = data.get("strata_by") or []
            regions = self.instance.stratum_regions(strata_by)
            try:
                data["stratum_quotas"] = parse_stratum_quotas(
                    data["stratum_quotas"] or "",
                    strata_by,
                    data.get("quota_mode") or QuotaMode.PROPORTION,
                    regions,
                )
            except ValidationError as exc:
                self.add_error("stratum_quotas", exc)
        return data

    def _post_clean(self):
        super()._post_clean()
        # The page shows each error after the field's label (分层比例：…); the model's messages
        # start with the field's name for the API, which would print it twice here.
        errors = self._errors.get("stratum_quotas")
        if errors:
            self._errors["stratum_quotas"] = self.error_class(
                [re.sub(r"^分层(比例|户数)：", "", str(e)) for e in errors]
            )


class InspectionForm(FazhiModelForm):
    """登记检查 on a phone, at the unit: who, when, the 检查要点 answered one by one, what was
    found and the conclusion, which the inspector chooses (no default: a 合格 nobody chose is
    not a result). Only inspectors with a valid 执法证 on the inspection date are offered."""

    entity = EntityCodeField(label="检查对象（统一社会信用代码）")
    result = forms.ChoiceField(
        label="检查结论",
        choices=InspectionResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择检查结论（合格、责令整改或立案）。"},
    )

    class Meta:
        model = Inspection
        fields = [
            "entity",
            "kind",
            "inspected_on",
            "inspectors",
            "task",
            "campaign",
            "findings",
            "result",
            "record_number",
            "opinion_number",
            "evidence_note",
        ]
        widgets = {
            "inspected_on": DATE,
            "inspectors": forms.CheckboxSelectMultiple,
            "findings": forms.Textarea({"rows": 4}),
        }

    def __init__(self, *args, user=None, follow_up_of=None, points=None, **kwargs):
        given = (kwargs.get("initial") or {}).get("result")
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not given:
            self.initial["result"] = None  # not the model's default: the inspector chooses
        self._limit_choices(follow_up_of)
        self._add_checklist(points)

    def _limit_choices(self, follow_up_of):
        agency = self.instance.agency
        self.follow_up_of = follow_up_of
        if follow_up_of is not None:
            self.fields["rectified"] = forms.TypedChoiceField(
                label="整改是否到位",
                choices=[("", "—"), ("1", "整改到位，关闭整改令"), ("0", "未整改到位")],
                coerce=lambda v: v == "1",
                help_text=(
                    f"复查整改令 {follow_up_of.number}（期限{follow_up_of.due_on:%Y-%m-%d}）。"
                ),
            )
        self.fields["entity"].queryset = SupervisedEntity.objects.in_scope(agency)
        # The agency's and its subordinate agencies' inspectors, as the rule and the draw allow
        # (rules.inspector_problems); certificates are checked against the date on save, and
        # those not valid on the inspection date are marked among the choices.
        self.fields["inspectors"].queryset = (
            Person.objects.in_scope(agency).exclude(certificate_number="").select_related("agency")
        )
        self.inspection_day = self._inspection_day()
        self._uncertified = rules.uncertified_on(
            self.fields["inspectors"].queryset.values_list("pk", flat=True), self.inspection_day
        )
        self.fields["inspectors"].label_from_instance = self._inspector_label
        # Offered: those who may inspect that day. Someone already chosen (an edit, a task's
        # team, a refused form) stays on the list, marked, so the refusal names them.
        chosen = {str(v) for v in (self["inspectors"].value() or [])}
        self.fields["inspectors"].widget.choices = [
            (person.pk, self._inspector_label(person))
            for person in self.fields["inspectors"].queryset
            if person.pk not in self._uncertified or str(person.pk) in chosen
        ]
        # Tasks not yet concluded (to inspect, or awaiting a 回头看, which links the task too)
        # and the one already linked, with what their labels print (plan · unit) joined: a
        # county holds tens of thousands of concluded tasks.
        still_open = Q(status__in=[TaskStatus.ASSIGNED, TaskStatus.INSPECTED, TaskStatus.REVIEWING])
        if self.instance.task_id:
            still_open |= Q(pk=self.instance.task_id)
        self.fields["task"].queryset = (
            self.fields["task"]
            .queryset.filter(still_open, agency=agency)
            .select_related("plan", "entity")
        )
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.filter(agency=agency)

    def _inspection_day(self) -> datetime.date:
        """The date the inspectors' certificates are checked against: the date typed (a bound
        form), else the inspection's or the prefilled one, else today."""
        if self.is_bound:
            try:
                day = self.fields["inspected_on"].clean(
                    self.data.get(self.add_prefix("inspected_on"))
                )
            except ValidationError:
                day = None
        else:
            day = self.initial.get("inspected_on") or self.instance.inspected_on
        return day or timezone.localdate()

    def _inspector_label(self, person: Person) -> str:
        """A subordinate agency's inspector is named with the agency: names repeat across them.
        Someone without a valid 执法证 on the inspection date is marked (saving refuses them)."""
        name = person.name
        if person.agency_id != self.instance.agency_id:
            name = f"{name}（{person.agency.short_name or person.agency.name}）"
        if person.pk in self._uncertified:
            valid_until = person.certificate_valid_until
            expired = valid_until is not None and valid_until < self.inspection_day
            name += "（执法证已过期）" if expired else "（执法证无效）"
        return name

    # --- 检查要点, answered in the form itself (before the inspection exists) ---

    def _add_checklist(self, points) -> None:
        """One verdict and one note per 检查要点 of the unit's category (``points``, given by the
        page once the unit is known), answered as the inspector walks through the premises."""
        self.points = list(points or ())
        findings = {}
        if self.instance.pk is not None:
            findings = {f.point_id: f for f in self.instance.items.all()}
        for p in self.points:
            f = findings.get(p.pk)
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.text,
                choices=ChecklistForm.CHOICES,
                required=False,
                help_text=f"依据：{p.basis}",
                initial="" if f is None else ("1" if f.compliant else "0"),
                widget=forms.RadioSelect({"class": "btn-check"}),
            )
            self.fields[f"n{p.pk}"] = forms.CharField(
                label=f"第{self.points.index(p) + 1}项情况说明",
                required=False,
                max_length=300,
                initial=f.note if f else "",
                widget=forms.TextInput({"placeholder": "不符合时写明情况，将带入整改要求"}),
            )

    def main_fields(self):
        """The inspection's own fields, without the checklist's."""
        names = {f"{k}{p.pk}" for p in self.points for k in "pn"}
        return [self[name] for name in self.fields if name not in names]

    def checklist_rows(self):
        for number, p in enumerate(self.points, start=1):
            yield number, p, self[f"p{p.pk}"], self[f"n{p.pk}"]

    def findings_rows(self) -> list[dict]:
        """The points answered, as ``services.record_findings`` takes them."""
        data = self.cleaned_data
        return [
            {
                "point": p,
                "compliant": data[f"p{p.pk}"] == "1",
                "note": data[f"n{p.pk}"].strip(),
            }
            for p in self.points
            if data.get(f"p{p.pk}") in ("0", "1")
        ]

    def findings_changed(self) -> bool:
        """A checklist answer or note differs from what was saved (or shown) before."""
        names = {f"{k}{p.pk}" for p in self.points for k in "pn"}
        return bool(names & set(self.changed_data))

    def clean(self):
        data = super().clean()
        for number, p, _verdict, _note in self.checklist_rows():
            if data.get(f"p{p.pk}") == "0" and not (data.get(f"n{p.pk}") or "").strip():
                self.add_error(f"n{p.pk}", f"第{number}项“{p.text}”不符合：须写明情况说明。")
        entity = data.get("entity")
        answered = any(data.get(f"p{p.pk}") in ("0", "1") for p in self.points)
        if entity is not None and answered and self.points[0].category != entity.category:
            self.add_error(
                "entity",
                "检查要点按原检查对象的类别列出，与现在填写的检查对象类别不同："
                "请重新选择检查对象后再填写检查要点。",
            )
        inspectors = data.get("inspectors")
        day = data.get("inspected_on")
        if inspectors is not None:
            for problem in rules.inspector_problems(inspectors, day, self.instance.agency):
                self.add_error("inspectors", problem)
        order = self.follow_up_of
        if order is not None:
            entity = data.get("entity")
            problems = services.follow_up_problems(
                order,
                inspection_id=self.instance.pk,
                entity_id=entity.pk if entity else None,
                kind=data.get("kind"),
                inspected_on=day,
            )
            for field, problem in problems:
                self.add_error(field, problem)
        return data


class RectificationForm(FazhiModelForm):
    """责令整改 on an inspection (the inspection comes from the page, not the form)."""

    class Meta:
        model = RectificationOrder
        fields = ["number", "issued_on", "due_on", "requirements"]
        widgets = {"issued_on": DATE, "due_on": DATE, "requirements": forms.Textarea({"rows": 3})}
        help_texts = {
            "number": "留空则自动编号：沿用本次检查的卫生监督意见书编号，已被使用时另取新号。"
        }


class CheckInForm(forms.Form):
    """扫码入企: the two codes (a scanner types them, or the user does) and where the phone was
    (filled by ``fazhi.js`` from the browser's geolocation when the user allows it)."""

    entity_code = forms.CharField(
        label="企业码（统一社会信用代码）",
        max_length=40,
        error_messages={"required": "请扫描或输入企业码（统一社会信用代码）。"},
        widget=forms.TextInput(
            {"autocomplete": "off", "inputmode": "latin", "autocapitalize": "characters"}
        ),
    )
    person_code = forms.CharField(
        label="执法证号",
        max_length=40,
        error_messages={"required": "请扫描或输入本人执法证号。"},
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    latitude = forms.FloatField(
        min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        min_value=-180, max_value=180, required=False, widget=forms.HiddenInput
    )
    accuracy_m = forms.FloatField(min_value=0, required=False, widget=forms.HiddenInput)

    def location(self) -> dict:
        """The position, when the phone gave one whole (both coordinates)."""
        data = self.cleaned_data
        if data.get("latitude") is None or data.get("longitude") is None:
            return {}
        accuracy = data.get("accuracy_m")
        return {
            "latitude": Decimal(f"{data['latitude']:.6f}"),
            "longitude": Decimal(f"{data['longitude']:.6f}"),
            "accuracy_m": round(accuracy) if accuracy is not None else None,
        }


class DrawForm(forms.Form):
    """抽取：the witness (见证人) chosen on the plan page; the drawer is the user."""

    witness = forms.ModelChoiceField(
        label="见证人（监督人）",
        queryset=Person.objects.none(),
        required=False,  # asked by services.run_draw, with the rule named
        help_text="抽取时在场监督的人员，须与抽取人不同；抽取人、见证人和法制审核员不会被抽为执法人员。",
    )

    confirm = forms.BooleanField(
        label="已核对抽取范围、比例和见证人，确认抽取",
        required=False,  # refused with its own message, so that it names the rule
        help_text="抽取结果一经保存不可撤销，此后只能以写明理由的更正记录更正。",
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = witness_choices(plan.agency)

    def clean_confirm(self) -> bool:
        if not self.cleaned_data.get("confirm"):
            raise ValidationError(
                "请勾选确认：抽取不可撤销，须在核对抽取范围、比例和见证人后确认。"
            )
        return True


class AmendForm(forms.Form):
    """抽取更正 of one task: what to correct, whom (for 更换执法人员) and why."""

    kind = forms.ChoiceField(
        label="更正类型", choices=AmendmentKind.choices, widget=forms.RadioSelect, required=False
    )
    person = forms.ModelChoiceField(
        label="换下的执法人员（更换执法人员时）",
        queryset=Person.objects.none(),
        required=False,
        help_text="需回避或无法参加检查的执法人员；替换人员按记录的顺序从执法人员名录库中抽取。",
    )
    reason = forms.CharField(
        label="更正理由",
        max_length=300,
        required=False,  # asked by services.amend_draw, with the rule named
        widget=forms.Textarea({"rows": 3}),
        help_text="如：该单位已于2026-04-20注销；执法人员与该单位负责人系近亲属，申请回避。",
    )
    confirm = forms.BooleanField(
        label="确认更正",
        required=False,
        help_text="更正记录保存后不可删除；原抽取结果仍保留，并可复核。",
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = task.inspectors.all() if task else Person.objects.none()

    def clean_confirm(self) -> bool:
        if not self.cleaned_data.get("confirm"):
            raise ValidationError("请勾选确认：更正记录保存后不可删除。")
        return True


def witness_choices(agency):
    """The people who may witness a draw of ``agency``: active staff of it and below."""
    return Person.objects.in_scope(agency).filter(is_active=True).select_related("agency")


class InspectionCorrectionForm(forms.Form):
    """更正已公示的检查结果：the corrected date and conclusion, and why (required)."""

    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    result = forms.ChoiceField(label="检查结论", choices=InspectionResult.choices)
    reason = forms.CharField(
        label="更正理由",
        max_length=300,
        widget=forms.Textarea({"rows": 2}),
        help_text="已公示的结果只能更正：更正前的内容会保留，公示页面注明“已更正”、更正日期和理由。",
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label="公示日期", widget=DateInput(attrs={"class": "form-control"})
    )


class ChecklistForm(forms.Form):
    """逐项检查：每个检查要点一行（符合 / 不符合 / 未检查 + 说明）。"""

    CHOICES = [("", "未检查"), ("1", "符合"), ("0", "不符合")]

    def __init__(self, *args, points=(), findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        findings = findings or {}
        self.points = list(points)
        for p in self.points:
            f = findings.get(p.pk)
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.text,
                choices=self.CHOICES,
                required=False,
                help_text=p.basis,
                initial="" if f is None else ("1" if f.compliant else "0"),
            )
            self.fields[f"n{p.pk}"] = forms.CharField(
                label="情况说明", required=False, max_length=300, initial=f.note if f else ""
            )

    def clean(self):
        data = super().clean()
        for p in self.points:
            if data.get(f"p{p.pk}") == "0" and not (data.get(f"n{p.pk}") or "").strip():
                self.add_error(f"n{p.pk}", f"“{p.text}”不符合：须写明情况说明。")
        return data

    def rows(self):
        for p in self.points:
            yield p, self[f"p{p.pk}"], self[f"n{p.pk}"]


class CampaignForm(FazhiModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class InspectionItemForm(FazhiModelForm):
    class Meta:
        model = InspectionItem
        fields = ["name", "category", "basis", "method", "level"]


class ItemChoiceField(forms.ModelChoiceField):
    """A 抽查事项 named with its agency: agencies keep items of the same name."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.agency.short_name or obj.agency.name}）"


class ChecklistPointForm(FazhiModelForm):
    """检查要点 (shared data, the top-level 系统管理员's page): the item is one of any agency."""

    item = ItemChoiceField(
        label="抽查事项",
        queryset=InspectionItem.objects.select_related("agency").order_by("category", "name"),
        required=False,
        help_text="留空表示适用于该监管类别的检查。",
    )

    class Meta:
        model = ChecklistPoint
        fields = ["category", "item", "order", "text", "basis", "retired_on", "retired_reason"]
        widgets = {"retired_on": DATE}


class ConflictForm(FazhiModelForm):
    entity = EntityCodeField(label="监管对象（统一社会信用代码）")

    class Meta:
        model = Conflict
        fields = ["person", "entity", "reason"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.agency
        self.fields["person"].queryset = Person.objects.in_scope(agency).exclude(
            certificate_number=""
        )
        self.fields["entity"].queryset = SupervisedEntity.objects.in_scope(agency)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label="无法检查原因", choices=[("", "—"), *UnableReason.choices], required=False
    )
    evidence = forms.CharField(label="佐证说明", required=False)
