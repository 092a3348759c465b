"""Write the default templates of supervision's 执法文书 (``record.docx``, ``opinion.docx``,
``roster.docx`` beside this file). Run after changing the layout, and commit the files:

    .venv/bin/python supervision/document_templates/build.py

An agency starts its own template from one of these (downloaded from the 文书模板 page).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402 - after the path is set
from docx.shared import Mm  # noqa: E402

from core.docx_layout import (  # noqa: E402
    field_table,
    heading,
    list_table,
    new_document,
    paragraph,
    signatures,
)

ENTITY_ROWS = [
    ("被检查单位", "{{ entity_name }}"),
    ("地址", "{{ entity_address }}"),
    ("法定代表人（负责人）", "{{ legal_representative }}"),
    ("统一社会信用代码", "{{ uscc }}"),
]
FINDING_COLUMNS = [
    ("序号", "{{ f.seq }}", 14),
    ("检查要点", "{{ f.point }}", 50),
    ("结论", "{{ f.verdict }}", 18),
    ("情况说明", "{{ f.note }}", 74),
]


def record() -> None:
    doc = new_document()
    heading(doc, "现场笔录")
    field_table(
        doc,
        [
            *ENTITY_ROWS,
            ("检查时间", "{{ inspected_on }}"),
            ("检查地点", "{{ place }}"),
            ("检查类型", "{{ inspection_kind }}"),
            ("执法人员及执法证号", "{{ inspectors_text }}"),
        ],
    )
    paragraph(
        doc,
        "执法人员向被检查单位出示了执法证件，说明了检查的依据和内容，告知其有陈述、申辩和申请"
        "回避的权利。被检查单位对执法人员的身份无异议，不申请回避。",
        indent=True,
        before=8,
    )
    paragraph(doc, "现场检查情况：", bold=True, before=6)
    list_table(doc, "f in findings", FINDING_COLUMNS, empty="未逐项记录检查要点")
    paragraph(doc, "{{ findings_text }}", indent=True, before=6)
    paragraph(doc, "检查结论：{{ result }}", before=6)
    paragraph(doc, "以上笔录经被检查单位核对，与事实相符。", indent=True, before=6)
    signatures(doc, ["被检查单位负责人（签名）", "执法人员（签名）", "记录人（签名）"])
    doc.save(HERE / "record.docx")


def opinion() -> None:
    doc = new_document()
    heading(doc, "卫生监督意见书")
    field_table(
        doc,
        [
            *ENTITY_ROWS,
            ("检查时间", "{{ inspected_on }}"),
            ("检查地点", "{{ place }}"),
            ("执法人员及执法证号", "{{ inspectors_text }}"),
        ],
    )
    paragraph(doc, "{{ entity_name }}：", before=10)
    paragraph(
        doc,
        "经{{ inspected_on }}现场检查，你单位存在以下问题：",
        indent=True,
    )
    list_table(
        doc,
        "f in problems",
        [
            ("序号", "{{ f.seq }}", 14),
            ("检查要点", "{{ f.point }}", 48),
            ("法律依据", "{{ f.basis }}", 46),
            ("情况说明", "{{ f.note }}", 48),
        ],
        empty="未发现不符合项",
    )
    paragraph(doc, "卫生监督意见：", bold=True, before=8)
    paragraph(doc, "{{ requirements }}", indent=True)
    paragraph(doc, "整改期限：{{ due_on }}", indent=True)
    paragraph(
        doc,
        "请按上述意见整改，逾期未整改或整改不合格的，将依法处理。",
        indent=True,
        before=4,
    )
    paragraph(doc, "{{ agency_name }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, before=18)
    paragraph(doc, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    signatures(doc, ["被检查单位签收人（签名）", "执法人员（签名）"])
    doc.save(HERE / "opinion.docx")


def roster() -> None:
    doc = new_document(landscape=True)
    heading(doc, "双随机抽查名单", number=None)
    field_table(
        doc,
        [
            ("抽查计划", "{{ plan_name }}"),
            ("年度", "{{ plan_year }}"),
            ("任务来源", "{{ source }}"),
            ("检查期间", "{{ planned_on }}至{{ check_ends_on }}"),
            ("抽取日期", "{{ drawn_at }}"),
            ("见证人", "{{ witness }}"),
            ("抽中户数", "{{ task_count }}"),
        ],
        widths=(Mm(48), Mm(199)),
    )
    paragraph(doc, "抽中对象及执法人员：", bold=True, before=8)
    list_table(
        doc,
        "t in tasks",
        [
            ("序号", "{{ t.seq }}", 14),
            ("单位名称", "{{ t.entity_name }}", 58),
            ("统一社会信用代码", "{{ t.uscc }}", 56),
            ("地址", "{{ t.address }}", 50),
            ("执法人员及执法证号", "{{ t.inspectors_text }}", 69),
        ],
    )
    paragraph(doc, "随机种子：{{ seed }}；结果摘要（SM3）：{{ result_digest }}", before=6)
    signatures(doc, ["抽取人（签名）", "见证人（签名）"])
    doc.save(HERE / "roster.docx")


if __name__ == "__main__":
    record()
    opinion()
    roster()
