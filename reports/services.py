"""Operations on annual reports: create, regenerate, edit text, keep versions, export."""

from __future__ import annotations

import datetime
import difflib
import io
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import record
from core.deadlines import start_deadline
from reports import compose, export
from reports.models import AnnualReport, NarrativeBlock, ReportVersion
from reports.template import CURRENT, Narrative, get_template

#: Longest narrative block accepted (characters); a whole report is rarely over 15,000.
MAX_NARRATIVE = 20_000

FORMATS = {"docx", "html", "md", "pdf"}


def title_for(agency: Any, year: int, version: str = CURRENT) -> str:
    return get_template(version).title.format(agency=agency.name, year=year, next_year=year + 1)


def _check_year(year: int) -> None:
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise ValidationError({"year": f"报告年度须在2000年至{today.year}年之间。"})


@transaction.atomic
def create_report(agency: Any, year: int, *, actor: Any = None) -> AnnualReport:
    """Start the year's report: generate it, start the 报送 and 公开 clocks, keep version 1."""
    _check_year(year)
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": f"本机构{year}年度的报告已存在，请打开原报告继续编辑。"})
    report = AnnualReport(
        agency=agency,
        year=year,
        title=title_for(agency, year),
        template_version=CURRENT,
        created_by=actor,
    )
    report.full_clean()
    report.generated = compose.generate(agency, year, get_template(report.template_version))
    report.generated_at = timezone.now()
    report.save()
    year_end = report.period_end
    start_deadline(
        report, "annual_report.submit", year_end, title=f"{report.title}：报送", actor=actor
    )
    start_deadline(
        report, "annual_report.publish", year_end, title=f"{report.title}：向社会公开", actor=actor
    )
    snapshot(report, "生成初稿", actor=actor)
    return report


def _require_draft(report: AnnualReport) -> None:
    if not report.editable:
        raise ValidationError(
            f"报告当前状态为“{report.get_status_display()}”，只有起草阶段可以修改；"
            "如需修改，请先退回起草。"
        )


@transaction.atomic
def regenerate(report: AnnualReport, *, actor: Any = None) -> AnnualReport:
    """Recompute the figures from the records; the officer's text is kept as it is."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    report.generated = compose.generate(
        report.agency, report.year, get_template(report.template_version)
    )
    report.generated_at = timezone.now()
    report.updated_by = actor
    report.save(update_fields=["generated", "generated_at", "updated_by", "updated_at"])
    record("change", report, actor=actor, data={"regenerated": report.year})
    snapshot(report, "重新生成数据", actor=actor)
    return report


@transaction.atomic
def save_narrative(report: AnnualReport, key: str, text: str, *, actor: Any = None) -> bool:
    """Save the officer's text of one block; returns whether it changed (a version is kept)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    template = get_template(report.template_version)
    try:
        block = template.block(key)
    except KeyError:
        raise ValidationError({"key": f"模板中没有该段落：{key}"}) from None
    if not isinstance(block, Narrative):
        raise ValidationError({"key": "该段落由系统根据数据生成，不能手工修改。"})
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_NARRATIVE:
        raise ValidationError(
            {"text": f"“{block.title}”不能超过{MAX_NARRATIVE}字（现有{len(text)}字）。"}
        )
    current = narratives_of(report)
    ctx = {"agency": report.agency.name, "year": report.year, "next_year": report.year + 1}
    if compose.narrative_text(block, current, ctx).strip() == text and key in current:
        return False
    NarrativeBlock.objects.update_or_create(
        report=report,
        key=key,
        defaults={"text": text, "agency": report.agency, "updated_by": actor},
        create_defaults={"text": text, "agency": report.agency, "created_by": actor},
    )
    snapshot(report, f"修改：{block.title}", actor=actor)
    return True


def narratives_of(report: AnnualReport) -> dict[str, str]:
    return dict(report.narratives.values_list("key", "text"))


def report_date(report: AnnualReport) -> datetime.date:
    """落款日期: the date set, else the day it was approved, else today."""
    return report.report_date or report.approved_on or timezone.localdate()


def assembly(report: AnnualReport) -> compose.Assembly:
    return compose.assemble(
        agency=report.agency,
        year=report.year,
        generated=report.generated,
        narratives=narratives_of(report),
        date=report_date(report),
        template=get_template(report.template_version),
    )


def snapshot(report: AnnualReport, note: str, *, actor: Any = None) -> ReportVersion:
    """Keep the whole report as it reads now (numbers are taken under a row lock)."""
    with transaction.atomic():
        AnnualReport.objects.select_for_update().filter(pk=report.pk).first()
        doc = assembly(report).document
        last = report.versions.aggregate(n=Max("number"))["n"] or 0
        return ReportVersion.objects.create(
            agency=report.agency,
            report=report,
            number=last + 1,
            status=report.status,
            note=note[:300],
            document=doc,
            text=export.render_markdown(compose.to_export(doc)),
            created_by=actor,
        )


def diff(old: ReportVersion, new: ReportVersion) -> list[tuple[str, str]]:
    """Line diff of two versions' text: ("same"|"added"|"removed", line)."""
    out = []
    for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines()):
        tag, text = line[:2], line[2:]
        if tag == "  ":
            out.append(("same", text))
        elif tag == "+ ":
            out.append(("added", text))
        elif tag == "- ":
            out.append(("removed", text))
    return out


# --- Export -----------------------------------------------------------------------------------


def render(
    doc: dict,
    fmt: str,
    *,
    base_url: str = "",
    out_dir: Path | None = None,
    stylesheet: str = "",
) -> bytes:
    """The document tree in ``fmt`` (docx, html, md, pdf); numbers link to their records.

    ``stylesheet``: for HTML shown by Fazhi itself, link this CSS instead of inlining it."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可选 .docx、.html、.pdf、.md）")
    document = compose.to_export(doc, lambda run: compose.record_link(run, base_url))
    if fmt == "html":
        return export.render_html(document, stylesheet=stylesheet).encode("utf-8")
    if fmt == "md":
        return export.render_markdown(document).encode("utf-8")
    buf = io.BytesIO()
    export.write_docx(document, buf)
    if fmt == "docx":
        return buf.getvalue()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fazhi-report-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(buf.getvalue())
        pdf = export.convert_docx_to_pdf(src, Path(tmp))
        return pdf.read_bytes()


def filename(report: AnnualReport, fmt: str) -> str:
    return f"{report.title}.{fmt}"
