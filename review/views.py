"""Pages: upload one or many reports, see the findings, compare and export to Excel.

Uploads are read in memory and never stored.
"""

from __future__ import annotations

import io
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_POST

from review import export
from review.compare import Table, compare, reused_text, write_xlsx
from review.engine import review_bytes
from review.engine.model import KIND_LABELS, PART_LABELS
from review.engine.reader import MAX_BYTES

# What the results page carries so its exports need no second upload (signed, not stored).
EXPORT_SALT = "review.export"
EXPORT_MAX_AGE = 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SOURCE_LABELS = {"title": "标题", "body": "正文", "metadata": "网页信息栏"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:  # nothing chosen: the field's 必填 message, not an empty result page
                return [single(None, initial)]
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    # Empty files pass the form: the checker reports them per file and the batch goes on.
    files = MultipleFileField(
        label="报告文件（.txt .docx .html .pdf .ofd，可多选）",
        allow_empty_file=True,
        error_messages={
            "required": "请选择要审查的报告文件（.txt .docx .html .pdf .ofd，可多选）。"
        },
    )
    export = forms.BooleanField(label="直接导出 Excel 对比表", required=False)


def _annotated(text: str, findings) -> list[tuple[str, object | None]]:
    """Split the text into (chunk, finding) pieces so the page can mark each finding."""
    pieces, pos = [], 0
    for f in sorted((f for f in findings if f.end > f.start), key=lambda f: f.start):
        if f.start < pos:
            continue
        pieces.append((text[pos : f.start], None))
        pieces.append((text[f.start : f.end], f))
        pos = f.end
    pieces.append((text[pos:], None))
    return pieces


def _sign(data) -> str:
    return signing.dumps(data, salt=EXPORT_SALT, compress=True)


def _attachment(content: bytes, content_type: str, filename: str, ascii_name: str) -> HttpResponse:
    """A download named in Chinese, with an ASCII name for clients that ignore ``filename*``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(filename)}"
    )
    return response


@login_required
@permission_required("core.use_review", raise_exception=True)
def review_upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["files"]
        reports = []
        for upload in uploads:
            if upload.size > MAX_BYTES:
                data = b"x" * (MAX_BYTES + 1)  # let the reader report the size uniformly
            else:
                data = upload.read()
            reports.append(review_bytes(data, upload.name))
        table = compare(reports)
        reuse = reused_text(reports) if len(reports) > 1 else [None] * len(reports)
        if form.cleaned_data.get("export"):
            buf = io.BytesIO()
            write_xlsx(table, buf, [r for r in reuse if r])
            return _attachment(buf.getvalue(), XLSX, "报告对比.xlsx", "review-compare.xlsx")
        results = [
            _result(r, copied, single=len(reports) == 1)
            for r, copied in zip(reports, reuse, strict=True)
        ]
        return render(
            request,
            "review/results.html",
            {
                "form": form,
                "results": results,
                "table": table,
                "table_rows": [[row.get(c, "") for c in table.columns] for row in table.rows],
                "headers": [table.headers.get(c, c) for c in table.columns],
                "compare_payload": _sign(
                    {"table": table.to_json(), "reuse": [r for r in reuse if r]}
                ),
                "severity_labels": SEVERITY_LABELS,
                "kind_labels": KIND_LABELS,
            },
        )
    return render(request, "review/upload.html", {"form": form})


def _result(report, copied, *, single: bool) -> dict:
    """What the page shows of one report: findings with their place, info notes grouped."""
    findings = [
        {
            "f": f,
            "severity": SEVERITY_LABELS[f.severity],
            "kind": KIND_LABELS.get(f.kind, f.kind),
            "part": PART_LABELS.get(f.part, "") if f.part else "",
            "place": f"第{f.paragraph}段" if f.paragraph else "全文",
        }
        for f in report.findings
    ]
    summary = report.summary() if report.error is None else {"info_groups": []}
    return {
        "report": report,
        "missing": [PART_LABELS[k] for k, v in report.parts.items() if not v and k != "other"],
        "pieces": _annotated(report.text, report.findings) if single and report.text else None,
        "counts": {
            SEVERITY_LABELS[s]: sum(f.severity == s for f in report.findings)
            for s in SEVERITY_LABELS
        },
        "main": [x for x in findings if x["f"].severity != "info"],
        "notes": [x for x in findings if x["f"].severity == "info"],
        "info_groups": summary["info_groups"],
        "copied": copied,
        "year_from": SOURCE_LABELS.get(report.year_source or "", ""),
        "agency_from": SOURCE_LABELS.get(report.agency_source or "", ""),
        "payload": _sign(export.findings_payload(report)) if report.error is None else "",
    }


@login_required
@permission_required("core.use_review", raise_exception=True)
@require_POST
def review_export(request):
    """Export what the results page shows: one report's findings (.docx/.xlsx) or the table."""
    what = request.POST.get("what", "")
    try:
        data = signing.loads(
            request.POST.get("payload", ""), salt=EXPORT_SALT, max_age=EXPORT_MAX_AGE
        )
    except signing.BadSignature:
        return HttpResponseBadRequest(
            "导出数据无效或已过期（有效期 24 小时），请重新上传报告后再导出。".encode(),
            content_type="text/plain; charset=utf-8",
        )
    if what == "compare":
        buf = io.BytesIO()
        write_xlsx(Table.from_json(data["table"]), buf, data.get("reuse"))
        return _attachment(buf.getvalue(), XLSX, "报告对比.xlsx", "review-compare.xlsx")
    name = (data.get("agency") or data.get("source") or "报告") + "-审查意见"
    if what == "docx":
        return _attachment(export.to_docx(data), DOCX, f"{name}.docx", "review-findings.docx")
    if what == "xlsx":
        return _attachment(export.to_xlsx(data), XLSX, f"{name}.xlsx", "review-findings.xlsx")
    return HttpResponseBadRequest(
        "导出格式只能是 docx、xlsx 或 compare。".encode(), content_type="text/plain; charset=utf-8"
    )
