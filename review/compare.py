"""Comparison of many reports: agencies × indicators, with each report's findings count."""

from __future__ import annotations

from dataclasses import dataclass, field

from review.engine.catalogue import CATALOGUE
from review.engine.model import Report


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def compare(reports: list[Report]) -> Table:
    """One row per report: metadata, findings by severity, and the first figure per indicator."""
    names = {key: name for key, name, _w, _u in CATALOGUE}
    used = [
        key for key, *_ in CATALOGUE if any(f.indicator == key for r in reports for f in r.facts)
    ]
    table = Table(
        columns=["source", "agency", "report_year", "published", "errors", "warnings", *used]
    )
    for r in reports:
        row = {
            "source": r.source,
            "agency": r.agency or r.title,
            "report_year": r.report_year,
            "published": r.published.isoformat() if r.published else "",
            "errors": sum(f.severity == "error" for f in r.findings),
            "warnings": sum(f.severity == "warning" for f in r.findings),
        }
        if r.error:
            row["agency"] = f"（无法读取：{r.error}）"
        for key in used:
            fact = next((f for f in r.facts if f.indicator == key), None)
            row[key] = f"{fact.value:g}{fact.unit}{'余' if fact.approx else ''}" if fact else ""
        table.rows.append(row)
    table.headers = {
        "source": "文件",
        "agency": "机构",
        "report_year": "年度",  # type: ignore[attr-defined]
        "published": "发布日期",
        "errors": "错误",
        "warnings": "警告",
        **{k: names[k] for k in used},
    }
    return table


def write_xlsx(table: Table, path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.cells import xlsx_row

    wb = Workbook()
    ws = wb.active
    ws.title = "报告对比"
    headers = getattr(table, "headers", {})
    ws.append(xlsx_row(ws, [headers.get(c, c) for c in table.columns]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        # Titles and agencies come from the reports read: text, never a formula.
        ws.append(xlsx_row(ws, [row.get(c, "") for c in table.columns]))
    wb.save(path)
