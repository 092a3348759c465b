"""Write the default templates of the case's 执法文书 (``notice.docx``, ``decision.docx`` beside
this file). Run after changing the layout, and commit the files:

    .venv/bin/python enforcement/document_templates/build.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402 - after the path is set

from core.docx_layout import field_table, heading, new_document, paragraph, signatures  # noqa: E402

PARTY_ROWS = [
    ("当事人", "{{ party_name }}"),
    ("{{ party_code_label }}", "{{ party_code }}"),
    ("法定代表人（负责人）", "{{ legal_representative }}"),
    ("住所（地址）", "{{ party_address }}"),
]


def notice() -> None:
    doc = new_document()
    heading(doc, "行政处罚事先告知书")
    field_table(doc, PARTY_ROWS)
    paragraph(doc, "{{ party_name }}：", before=10)
    paragraph(doc, "{{ facts }}", indent=True)
    paragraph(
        doc,
        "你（单位）的上述行为违反了{{ violated_basis }}的规定。依据{{ penalty_basis }}的规定，"
        "本机关拟对你（单位）作出如下行政处罚：{{ penalty_text }}。",
        indent=True,
    )
    paragraph(
        doc,
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
        "{% if hearing %}根据第六十三条、第六十四条的规定，你（单位）有权要求举行听证，"
        "如要求听证，应当在{{ hearing_due_on }}前向本机关提出。{% endif %}"
        "逾期未提出的，视为放弃上述权利。",
        indent=True,
        before=4,
    )
    paragraph(doc, "{{ agency_name }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, before=18)
    paragraph(doc, "{{ notified_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    signatures(doc, ["当事人签收（签名）", "送达人（签名）"])
    doc.save(HERE / "notice.docx")


def decision() -> None:
    doc = new_document()
    heading(doc, "行政处罚决定书")
    field_table(doc, PARTY_ROWS)
    paragraph(doc, "违法事实和证据：", bold=True, before=8)
    paragraph(doc, "{{ facts }}", indent=True)
    paragraph(
        doc,
        "本机关于{{ notified_on }}向你（单位）送达了行政处罚事先告知书。"
        "{% if statement %}{{ statement }}。{% endif %}"
        "{% if hearing_held_on %}本机关于{{ hearing_held_on }}依法举行了听证。{% endif %}",
        indent=True,
    )
    paragraph(doc, "处罚依据和内容：", bold=True, before=6)
    paragraph(
        doc,
        "你（单位）的上述行为违反了{{ violated_basis }}的规定。依据{{ penalty_basis }}的规定，"
        "本机关决定对你（单位）作出如下行政处罚：{{ penalty_text }}。",
        indent=True,
    )
    paragraph(doc, "履行方式和期限：", bold=True, before=6)
    paragraph(
        doc,
        "罚没款{{ total }}，请于收到本决定书之日起十五日内缴至指定银行或者通过电子支付系统缴纳。"
        "到期不缴纳的，本机关将依法每日按罚款数额的百分之三加处罚款（行政处罚法第六十七条、第七十二条）。",
        indent=True,
    )
    paragraph(doc, "救济途径和期限：", bold=True, before=6)
    paragraph(
        doc,
        "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。"
        "申请行政复议或者提起行政诉讼期间，本决定不停止执行（行政处罚法第七十三条）。",
        indent=True,
    )
    paragraph(doc, "{{ agency_name }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, before=18)
    paragraph(doc, "{{ decided_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    signatures(doc, ["当事人签收（签名）", "送达人（签名）"])
    doc.save(HERE / "decision.docx")


if __name__ == "__main__":
    notice()
    decision()
