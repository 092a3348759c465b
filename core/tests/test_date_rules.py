"""Every date, datetime and year field of every model of the project has a decided rule.

A new date field without an entry here fails ``test_every_date_field_has_a_decided_rule``: decide
whether it records work done (never after today), a day that may lie ahead, a system stamp or a
derived value, and give it the validators of ``core.validators``. Cross-field order (a follow-up
after its order, 公示 after the check) is checked in each model's ``clean()``/``date_errors()``.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from core.validators import NotInFuture, PlausibleDate, YearInRange

#: work done (an inspection, an order, a publication): a plausible year, not after today
WORK = "work"
#: a day that may lie ahead (a plan's period, a deadline, a validity): a plausible year
PERIOD = "period"
#: stamped by the system with the current time (auto_now, a service, the audit chain)
STAMP = "stamp"
#: computed from other values, never typed
DERIVED = "derived"
#: a 年度: four digits in range
YEAR = "year"

RULES: dict[str, tuple[str, str]] = {
    # core
    "core.Attachment.captured_at": (WORK, "拍摄、录制或签署的时间：已发生"),
    "core.Attachment.uploaded_at": (STAMP, "auto_now_add"),
    "core.Attachment.withdrawn_at": (STAMP, "core.retention.withdraw"),
    "core.AuditEvent.created_at": (STAMP, "core.audit.record"),
    "core.CalendarDay.date": (PERIOD, "节假日安排含将来的日期"),
    "core.CalendarYear.year": (YEAR, "年度节假日安排"),
    "core.Deadline.start_on": (PERIOD, "起算事件可在将来（如检查截止日期）"),
    "core.Deadline.due_on": (PERIOD, "到期日"),
    "core.Deadline.done_on": (WORK, "完成日：已完成"),
    "core.DocumentSequence.year": (YEAR, "文书编号的年度"),
    "core.Job.started_at": (STAMP, "core.jobs.running"),
    "core.Job.finished_at": (STAMP, "core.jobs.running / finish"),
    "core.Person.certificate_valid_until": (PERIOD, "执法证有效期"),
    "core.PublicationCorrection.corrected_on": (WORK, "更正日期：记为更正当天"),
    "core.Tally.period": (DERIVED, "计数所属期间的起始日，由记录日期算出"),
    "core.User.date_joined": (STAMP, "Django"),
    "core.User.last_login": (STAMP, "Django"),
    # registry
    "registry.SupervisedEntity.opened_on": (WORK, "开业日期：已开业"),
    "registry.Licence.valid_from": (PERIOD, "许可证有效期自：换证可先于生效"),
    "registry.Licence.valid_until": (PERIOD, "许可证有效期至"),
    "registry.Licence.withdrawn_at": (STAMP, "core.retention.withdraw"),
    # supervision
    "supervision.SamplingPlan.year": (YEAR, "计划年度，须为检查期间的年份（clean）"),
    "supervision.SamplingPlan.planned_on": (PERIOD, "计划检查日期"),
    "supervision.SamplingPlan.check_ends_on": (PERIOD, "检查截止日期"),
    "supervision.SamplingPlan.drawn_at": (STAMP, "services.run_draw"),
    "supervision.SamplingPlan.published_on": (WORK, "公示日期，不早于抽取（clean、publish_plan）"),
    "supervision.Task.inspected_on": (WORK, "检查日期，不早于计划检查日期（date_errors）"),
    "supervision.Task.closed_on": (WORK, "完结日期，不早于检查（workflow.transition）"),
    "supervision.Task.published_on": (WORK, "结果公示日期，不早于检查（publish_plan）"),
    "supervision.ChecklistPoint.retired_on": (WORK, "停用日期：记为已停用之日"),
    "supervision.Campaign.starts_on": (PERIOD, "专项行动期间"),
    "supervision.Campaign.ends_on": (PERIOD, "专项行动期间，不早于开始（clean）"),
    "supervision.Inspection.inspected_on": (WORK, "检查日期；与整改令、回头看的先后（clean）"),
    "supervision.Inspection.checked_in_at": (STAMP, "services.check_in"),
    "supervision.Inspection.published_on": (WORK, "结果公示日期，不早于检查（clean）"),
    "supervision.RectificationOrder.issued_on": (WORK, "下达日期，不早于检查（clean）"),
    "supervision.RectificationOrder.due_on": (PERIOD, "整改期限，不早于下达（clean）"),
    "supervision.RectificationOrder.completed_on": (WORK, "整改完成日期，不早于下达（clean）"),
    # enforcement: every step date is work done, in the order of Case.DATE_ORDER (date_errors)
    "enforcement.Violation.retired_on": (PERIOD, "停用日期可事先确定"),
    "enforcement.Case.clue_on": (WORK, "线索登记日期"),
    "enforcement.Case.filed_on": (WORK, "立案日期，不早于线索（date_errors）"),
    "enforcement.Case.evidence_preserved_on": (WORK, "先行登记保存日期"),
    "enforcement.Case.investigation_closed_on": (WORK, "调查终结日期，不早于立案（date_errors）"),
    "enforcement.Case.referred_on": (WORK, "移送日期"),
    "enforcement.Case.notified_on": (WORK, "事先告知日期，不早于立案（date_errors）"),
    "enforcement.Case.statement_on": (WORK, "陈述申辩日期"),
    "enforcement.Case.hearing_requested_on": (WORK, "申请听证日期，告知后5个工作日内（workflow）"),
    "enforcement.Case.hearing_notified_on": (WORK, "听证通知日期，不早于申请（workflow）"),
    "enforcement.Case.hearing_held_on": (WORK, "举行听证日期，通知后7个工作日起（workflow）"),
    "enforcement.Case.decided_on": (WORK, "决定日期，晚于事先告知（date_errors）"),
    "enforcement.Case.served_on": (WORK, "送达日期，不早于决定（date_errors）"),
    "enforcement.Case.publicized_on": (WORK, "公示日期，不早于决定（date_errors）"),
    "enforcement.Case.paid_on": (WORK, "缴清日期，不早于决定（date_errors）"),
    "enforcement.Case.court_applied_on": (WORK, "申请强制执行日期，缴款期限届满后（workflow）"),
    "enforcement.Case.closed_on": (WORK, "结案日期"),
    "enforcement.Case.archived_on": (WORK, "归档日期，不早于结案（date_errors）"),
    "enforcement.Case.withdrawn_at": (STAMP, "core.retention.withdraw"),
    "enforcement.CaseInvestigator.no_conflict_declared_on": (WORK, "回避声明日期"),
    "enforcement.LegalReview.submitted_on": (WORK, "送审日期"),
    "enforcement.LegalReview.reviewed_on": (WORK, "审核日期，不早于送审（date_errors）"),
    "enforcement.CollectiveDiscussion.held_on": (WORK, "讨论日期"),
    "enforcement.Payment.paid_on": (WORK, "缴款日期，不早于决定（workflow.pay）"),
    # reports: decided here, enforced by the reports app (not yet: see ENFORCED_APPS)
    "reports.AnnualReport.year": (YEAR, "报告年度"),
    "reports.AnnualReport.generated_at": (STAMP, "生成时间"),
    "reports.AnnualReport.report_date": (WORK, "成文日期"),
    "reports.AnnualReport.meeting_on": (WORK, "审议日期"),
    "reports.AnnualReport.approved_on": (WORK, "审议通过日期"),
    "reports.AnnualReport.published_on": (WORK, "公开日期"),
    "reports.Submission.submitted_on": (WORK, "报送日期"),
}

#: Apps whose fields carry the validators their rule names (asserted below). The others have
#: their rule decided above; their owners add the validators.
ENFORCED_APPS = {"core", "registry", "supervision", "enforcement"}


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield from config.get_models()


def _date_fields():
    """(``app.Model.field``, field) of every date, datetime and 年度 field of the project."""
    for model in _project_models():
        for field in model._meta.concrete_fields:
            is_date = isinstance(field, models.DateField)  # DateTimeField is a DateField
            is_year = isinstance(field, models.IntegerField) and (
                field.name == "year" or field.name.endswith("_year")
            )
            if is_date or is_year:
                yield f"{model._meta.label}.{field.name}", field


def test_every_date_field_has_a_decided_rule():
    found = {}
    for key, field in _date_fields():
        if key.endswith((".created_at", ".updated_at")) and (field.auto_now or field.auto_now_add):
            continue  # ScopedModel's stamps
        found[key] = field
    undecided = sorted(set(found) - set(RULES))
    assert not undecided, f"date fields without a decided rule (add them to RULES): {undecided}"
    stale = sorted(set(RULES) - set(found))
    assert not stale, f"RULES names fields that no longer exist: {stale}"


def test_each_rule_is_carried_by_the_field():
    for key, field in _date_fields():
        if key not in RULES or key.split(".")[0] not in ENFORCED_APPS:
            continue
        rule, _ = RULES[key]
        kinds = {type(v) for v in field.validators}
        if rule == WORK:
            assert {NotInFuture, PlausibleDate} <= kinds, f"{key}: work done needs both"
        elif rule == PERIOD:
            assert PlausibleDate in kinds and NotInFuture not in kinds, key
        elif rule == YEAR:
            assert YearInRange in kinds, key
        elif rule == STAMP:
            assert (
                not field.editable
                or field.model._meta.label == "core.AuditEvent"
                or (field.model._meta.label == "core.User")
            ), f"{key}: a stamp is not typed in a form"
