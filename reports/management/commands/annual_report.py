"""fazhi annual-report --agency CODE --year YYYY --out FILE (.docx, .html, .pdf, .md).

Writes the agency's annual report for the year. When the report exists in Fazhi, it is written as
the officers left it (their text and the figures of its last generation); otherwise it is
generated from the records now, with the parts the officers write marked 【待填写】. Nothing is
saved to the database.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.models import Agency
from core.periods import Period
from indicators.catalogue import DEFINITIONS
from indicators.values import evaluate
from reports import compose, export, services
from reports.models import AnnualReport

#: Counts that tell whether a year has records at all (for the default year).
ACTIVITY = ("inspections_count", "random_tasks", "rectification_orders", "cases_filed")


def last_year_with_data(agency: Agency, today=None) -> int | None:
    """The last complete year in which any connected activity indicator counted records."""
    today = today or timezone.localdate()
    keys = [d.key for d in DEFINITIONS if d.key in ACTIVITY and d.connected]
    for year in range(today.year - 1, today.year - 11, -1):
        if any(evaluate(k, agency, Period.year(year)).value for k in keys):
            return year
    return None


class Command(BaseCommand):
    help = "导出法治政府建设年度报告（格式由文件扩展名决定：.docx、.html、.pdf、.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="机构代码；库中只有一个顶级机构时可省略。")
        parser.add_argument("--year", type=int, help="报告年度；默认为有数据的最近一个完整年度。")
        parser.add_argument("--out", required=True, help="输出文件，如 report.docx")
        parser.add_argument(
            "--base-url",
            default="",
            help="数字链接到记录页面所用的网址前缀，如 https://fazhi.example.gov.cn",
        )

    def handle(self, *args, agency=None, year=None, out, base_url="", **options):
        out_path = Path(out)
        fmt = out_path.suffix.lower().lstrip(".")
        if fmt not in services.FORMATS:
            raise CommandError(
                f"不支持的输出格式“{out_path.suffix}”：请使用 .docx、.html、.pdf 或 .md。"
            )
        scope = self._agency(agency)
        if year is None:
            year = last_year_with_data(scope)
            if year is None:
                raise CommandError(f"{scope.name}近十年没有业务数据，请用 --year 指定报告年度。")
        today = timezone.localdate()
        if not 2000 <= year <= today.year:
            raise CommandError(f"--year：报告年度须在2000年至{today.year}年之间。")
        report = AnnualReport.objects.filter(agency=scope, year=year).first()
        if report is not None:
            doc = services.assembly(report).document
            origin = f"已有报告（{report.get_status_display()}）"
        else:
            doc = compose.assemble(
                agency=scope,
                year=year,
                generated=compose.generate(scope, year),
                narratives={},
                date=today,
            ).document
            origin = "按业务数据新生成（叙述部分待填写）"
        try:
            data = services.render(doc, fmt, base_url=base_url)
        except export.ExportError as exc:
            raise CommandError(str(exc)) from exc
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_bytes(data)
        self.stdout.write(f"已写出 {out_path}：{doc['title']}，{origin}。")

    def _agency(self, code: str | None) -> Agency:
        if code:
            found = Agency.objects.filter(code=code).first()
            if found is None:
                raise CommandError(f"--agency：没有代码为 {code} 的机构。")
            return found
        tops = list(Agency.objects.filter(parent__isnull=True)[:2])
        if len(tops) != 1:
            raise CommandError(
                "--agency：库中有多个顶级机构，请指定机构代码。"
                if tops
                else "--agency：库中还没有机构。"
            )
        return tops[0]
