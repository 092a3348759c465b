"""One report's findings as a list of 审查意见 (.docx or .xlsx), for sending back to the agency.

Works on the plain data of ``findings_payload`` (what the results page carries), so an export
needs no second upload. Pure Python: python-docx and openpyxl only.
"""

from __future__ import annotations

import io
from typing import Any

from review.engine.model import KIND_LABELS, PART_LABELS, Report

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
COLUMNS = ["序号", "级别", "类型", "所在部分", "段落", "原文", "审查意见"]


def findings_payload(report: Report) -> dict[str, Any]:
    """The data an export needs, small enough to travel with the page."""
    return {
        "source": report.source,
        "title": report.title,
        "agency": report.agency,
        "report_year": report.report_year,
        "findings": [
            {
                "severity": f.severity,
                "kind": f.kind,
                "message": f.message,
                "part": f.part,
                "paragraph": f.paragraph,
                "context": f.context,
            }
            for f in report.findings
        ],
    }


def rows(payload: dict[str, Any]) -> list[list[Any]]:
    """Errors first, then warnings, then info notes; each in text order."""
    ordered = sorted(
        enumerate(payload["findings"]),
        key=lambda p: (SEVERITY_ORDER.get(p[1]["severity"], 3), p[0]),
    )
    out = []
    for n, (_i, f) in enumerate(ordered, 1):
        out.append(
            [
                n,
                SEVERITY_LABELS.get(f["severity"], f["severity"]),
                KIND_LABELS.get(f["kind"], f["kind"]),
                PART_LABELS.get(f["part"], "") if f["part"] else "",
                f"第{f['paragraph']}段" if f["paragraph"] else "全文",
                f["context"],
                f["message"],
            ]
        )
    return out


def heading(payload: dict[str, Any]) -> str:
    name = payload["title"] or payload["agency"] or payload["source"]
    return f"《{name}》审查意见" if payload["title"] else f"{name} 审查意见"


def to_xlsx(payload: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from core.cells import xlsx_row

    wb = Workbook()
    ws = wb.active
    ws.title = "审查意见"
    # Titles, agencies and quoted passages come from the report read: text, never a formula.
    ws.append(xlsx_row(ws, [heading(payload)]))
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(COLUMNS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows(payload):
        ws.append(xlsx_row(ws, row))
    for col, width in zip("ABCDEFG", (6, 8, 14, 22, 8, 40, 50), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_docx(payload: dict[str, Any]) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading(heading(payload), level=1)
    counts = {s: sum(f["severity"] == s for f in payload["findings"]) for s in SEVERITY_LABELS}
    document.add_paragraph(
        "共 {} 条：".format(len(payload["findings"]))
        + "，".join(f"{SEVERITY_LABELS[s]} {n} 条" for s, n in counts.items())
        + "。"
    )
    data = rows(payload)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
    for row in data:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
