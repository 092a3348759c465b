"""``fazhi review FILE [FILE…] --json`` and ``fazhi review --compare DIR --xlsx OUT``.

Each input prints one JSON object per line (JSON Lines). A file that cannot be read prints an
object with ``"error"`` and the batch goes on; the exit code is 0 when at least one file was
reviewed, 1 when none could be, 2 for wrong arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from review.engine import review_path

SUFFIXES = {".txt", ".docx", ".html", ".htm", ".pdf", ".md", ".ofd"}


def _inputs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fazhi review", description="审查法治政府建设年度报告：结构、数字、算术、编号和文字。"
    )
    parser.add_argument("files", nargs="*", help="报告文件（.txt .docx .html .pdf .ofd）或目录")
    parser.add_argument("--json", action="store_true", help="每份报告输出一行 JSON（JSON Lines）")
    parser.add_argument("--compare", metavar="DIR", help="比较目录中的全部报告")
    parser.add_argument("--xlsx", metavar="OUT", help="与 --compare 一起使用：导出 Excel 对比表")
    args = parser.parse_args(argv)
    if args.compare:
        from review.compare import compare, reused_text, write_xlsx

        reports = [review_path(p) for p in _inputs([args.compare])]
        table = compare(reports)
        reuse = reused_text(reports)
        if args.xlsx:
            write_xlsx(table, args.xlsx, reuse)
            print(f"已写入 {args.xlsx}：{len(reports)} 份报告。")
        else:
            # One line per report: its comparison row, and the passages it shares with others.
            for row, copied in zip(table.rows, reuse, strict=True):
                row = {**row, "reuse": {k: copied[k] for k in ("sentences", "reused", "share")}}
                row["reuse"]["passages"] = copied["passages"]
                print(json.dumps(row, ensure_ascii=False))
        return 0 if reports else 1
    files = _inputs(args.files)
    if not files:
        parser.print_usage(sys.stderr)
        return 2
    ok = 0
    for f in files:
        report = review_path(f)
        ok += report.error is None
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False))
        else:
            _print_human(report)
    return 0 if ok else 1


def _print_human(report) -> None:
    print(f"== {report.source}")
    if report.error:
        print(f"   错误：{report.error}")
        return
    print(
        f"   标题：{report.title}  机构：{report.agency}  年度：{report.report_year}  "
        f"发布：{report.published or '未注明'}"
    )
    missing = [k for k, v in report.parts.items() if not v and k != "other"]
    print(
        f"   事实 {len(report.facts)} 个；问题 {len(report.findings)} 处；"
        f"缺少部分：{'、'.join(missing) or '无'}"
    )
    print(f"   年度来源：{report.year_source or '无'}  机构来源：{report.agency_source or '无'}")
    for f in report.findings:
        if f.severity != "info":
            where = f"第{f.paragraph}段 " if f.paragraph else ""
            print(f"   [{f.severity}] {f.kind}: {where}{f.message}")
    for group in report.summary()["info_groups"]:
        print(f"   [info] {group['label']} × {group['count']}：{group['first']}")


if __name__ == "__main__":
    raise SystemExit(main())
