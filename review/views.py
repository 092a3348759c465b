"""Pages: upload one or many reports, see the findings, compare and export to Excel.

Uploads are read in memory and never stored.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from review.compare import compare, write_xlsx
from review.engine import review_bytes
from review.engine.model import KIND_LABELS, PART_LABELS
from review.engine.reader import MAX_BYTES

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


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
        label="报告文件（.txt .docx .html .pdf，可多选）",
        allow_empty_file=True,
        error_messages={"required": "请选择要审查的报告文件（.txt .docx .html .pdf，可多选）。"},
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


@login_required
@permission_required("core.use_review", raise_exception=True)
def review_upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    results = []
    if request.method == "POST" and form.is_valid():
        reports = []
        for upload in form.cleaned_data["files"]:
            if upload.size > MAX_BYTES:
                data = b"x" * (MAX_BYTES + 1)  # let the reader report the size uniformly
            else:
                data = upload.read()
            report = review_bytes(data, upload.name)
            reports.append(report)
            text = ""
            if report.error is None:
                from review.engine.reader import read_bytes

                text = read_bytes(data, upload.name).text
            results.append(
                {
                    "report": report,
                    "missing": [
                        PART_LABELS[k] for k, v in report.parts.items() if not v and k != "other"
                    ],
                    "pieces": _annotated(text, report.findings)
                    if len(form.cleaned_data["files"]) == 1
                    else None,
                    "counts": {
                        SEVERITY_LABELS[s]: sum(f.severity == s for f in report.findings)
                        for s in SEVERITY_LABELS
                    },
                }
            )
        table = compare(reports)
        if form.cleaned_data.get("export"):
            buf = io.BytesIO()
            write_xlsx(table, buf)
            response = HttpResponse(
                buf.getvalue(),
                content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )
            response["Content-Disposition"] = "attachment; filename*=UTF-8''review-compare.xlsx"
            return response
        return render(
            request,
            "review/results.html",
            {
                "form": form,
                "results": results,
                "table": table,
                "headers": [table.headers.get(c, c) for c in table.columns],
                "severity_labels": SEVERITY_LABELS,
                "kind_labels": KIND_LABELS,
            },
        )
    return render(request, "review/upload.html", {"form": form})
