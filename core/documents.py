"""执法文书 printed from records (现场笔录, 卫生监督意见书, 抽查名单; later 立案审批表, 处罚决定书).

Each kind of printed document is registered once (``register``): its key, its Chinese title,
the placeholders its template may use and the function that builds them from a record, and a
default Word template shipped with the app. An agency may upload its own template
(``core.models.DocumentTemplate``); a record is printed with its agency's, else the nearest
higher agency's, else the default (``template_for``).

Templates are .docx files with Jinja placeholders (``{{ entity_name }}``, ``{%tr for f in
findings %}`` for table rows), rendered by docxtpl. The templates are written by users, so they
run in Jinja's sandbox with strict undefined names: a template can read the values it is given
and nothing else, and a misspelt placeholder is an error at upload, not a blank in a document.
PDF goes through the LibreOffice conversion of the annual report (``reports.export``).
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.zipcheck import ArchiveRefused, ZipLimits, check_zip

MiB = 1024 * 1024
#: Largest template accepted: an official document's template is text and a table or two.
MAX_TEMPLATE_BYTES = 2 * MiB
TEMPLATE_ZIP_LIMITS = ZipLimits(max_total=20 * MiB, max_members=200)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FORMATS = {"docx": DOCX_TYPE, "pdf": PDF_TYPE}


@dataclass(frozen=True)
class Placeholder:
    """一个占位符: ``name`` as written in the template, its Chinese ``label``, an example value
    for the trial render. A list (table rows) has ``fields``: each row offers those names."""

    name: str
    label: str
    example: str = "示例"
    fields: tuple[Placeholder, ...] = ()
    required: bool = False

    def sample(self) -> Any:
        if self.fields:
            return [{f.name: f.sample() for f in self.fields} for _ in range(2)]
        return self.example


@dataclass(frozen=True)
class PrintedDocument:
    """一种执法文书: what the registry knows of it.

    ``context(record, user)`` returns the placeholders' values for one record; it may give the
    record its document number (the caller holds a transaction).
    """

    key: str
    title: str
    default_template: Path
    placeholders: tuple[Placeholder, ...]
    context: Callable[[Any, Any], dict[str, Any]] = field(compare=False)

    def names(self) -> set[str]:
        return {p.name for p in self.placeholders}

    def sample_context(self) -> dict[str, Any]:
        return {p.name: p.sample() for p in self.placeholders}

    def default_bytes(self) -> bytes:
        return self.default_template.read_bytes()


REGISTRY: dict[str, PrintedDocument] = {}


def register(document: PrintedDocument) -> PrintedDocument:
    """Add a kind of document (called at import of the app's ``documents`` module)."""
    REGISTRY[document.key] = document
    return document


def get(key: str) -> PrintedDocument:
    try:
        return REGISTRY[key]
    except KeyError:
        raise LookupError(f"未知的文书种类：{key}") from None


def choices() -> list[tuple[str, str]]:
    return [(d.key, d.title) for d in REGISTRY.values()]


class TemplateRefused(ValueError):
    """A template that cannot be used; ``messages`` say why, in Chinese, one problem each."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def _environment() -> Any:
    """Jinja for templates written by users: the sandbox (no attribute of Python internals),
    strict undefined names, autoescaping (a value with "<" or "&" stays text in the XML), no
    global functions (``range`` would let a template loop without end) and no ``*``/``**``
    (``"x" * 10**9`` would fill the memory). A document needs none of them: it prints values
    and loops over the lists it is given."""
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class DocumentEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            raise SecurityError(f"operator {operator} is not allowed in a document template")

    env = DocumentEnvironment(undefined=StrictUndefined, autoescape=True)
    env.globals.clear()
    return env


_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


def _explain(exc: Exception) -> str:
    """A Jinja error in Chinese."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, UndefinedError):
        m = _NO_ATTRIBUTE.search(str(exc)) or _UNDEFINED.search(str(exc))
        name = m.group(1) if m else str(exc)
        return f"未知的占位符“{name}”：请对照页面上的可用占位符列表修改。"
    if isinstance(exc, SecurityError):
        return "模板使用了不允许的写法（只能引用可用占位符）。"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板中的占位符写法有误（{exc.message}）：占位符须写成 {{{{ 名称 }}}}。"
    return f"模板无法填充（{exc}）。"


def _open(data: bytes, name: str) -> Any:
    """The template as a ``DocxTemplate``; refused if it is too large, a zip bomb or no .docx."""
    from docxtpl import DocxTemplate

    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            [f"文件“{name}”超过 {MAX_TEMPLATE_BYTES // MiB} MB，文书模板不应这么大。"]
        )
    stream = io.BytesIO(data)
    try:
        check_zip(stream, name, TEMPLATE_ZIP_LIMITS)
    except ArchiveRefused as exc:
        raise TemplateRefused([str(exc)]) from exc
    try:
        template = DocxTemplate(stream)
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds on a non-docx file
        raise TemplateRefused(
            [f"文件“{name}”不是有效的 Word（.docx）文档，请用 Word 或 WPS 另存为 .docx 后上传。"]
        ) from exc
    return template


def check_template(document: PrintedDocument, data: bytes, name: str) -> list[str]:
    """Check an uploaded template by reading and trial-rendering it with example values.

    Returns the labels of the placeholders the template leaves out (allowed, told to the
    user); raises ``TemplateRefused`` naming every unknown placeholder, every required one
    missing, a syntax error, a file that is no .docx, too large or a zip bomb.
    """
    template = _open(data, name)
    env = _environment()
    try:
        used = template.get_undeclared_template_variables(env)
    except Exception as exc:  # any Jinja error, explained below
        raise TemplateRefused([_explain(exc)]) from exc
    known = document.names() | set(env.globals)
    errors = [
        f"未知的占位符“{n}”：请对照页面上的可用占位符列表修改。" for n in sorted(used - known)
    ]
    errors += [
        f"缺少必需的占位符 {{{{ {p.name} }}}}（{p.label}）。"
        for p in document.placeholders
        if p.required and p.name not in used
    ]
    if errors:
        raise TemplateRefused(errors)
    try:
        render_docx(data, document.sample_context())
    except Exception as exc:  # an attribute error of a row, etc.
        raise TemplateRefused([_explain(exc)]) from exc
    return [p.label for p in document.placeholders if p.name not in used]


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill ``template`` (.docx bytes) with ``context``; the filled .docx as bytes."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(io.BytesIO(template))
    doc.render(context, _environment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_to_pdf(content: bytes, stem: str = "document") -> bytes:
    """The PDF of a .docx, through LibreOffice (``reports.export.convert_docx_to_pdf``)."""
    from reports.export import convert_docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as tmp:
        source = Path(tmp) / f"{stem}.docx"
        source.write_bytes(content)
        return convert_docx_to_pdf(source, Path(tmp) / "out").read_bytes()


def template_for(key: str, agency: Any) -> tuple[bytes, Any]:
    """The template an agency's documents of ``key`` are printed with, and its row.

    The agency's own active template, else the nearest higher agency's, else the shipped
    default (row None).
    """
    from core.models import DocumentTemplate

    ancestors = list(agency.ancestors()) if agency is not None else []
    rows = {
        t.agency_id: t
        for t in DocumentTemplate.objects.filter(
            document=key, active=True, agency__in=ancestors
        ).only("agency_id", "content", "file_name")
    }
    for a in sorted(ancestors, key=lambda a: a.depth, reverse=True):
        if a.pk in rows:
            return bytes(rows[a.pk].content), rows[a.pk]
    return get(key).default_bytes(), None


@dataclass(frozen=True)
class PrintedFile:
    name: str
    content_type: str
    content: bytes


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "文书"


def print_record(key: str, record: Any, *, user: Any, fmt: str = "docx") -> PrintedFile:
    """打印文书: fill the record's template and record the export in the audit chain.

    The context function may number the record (``core.numbering``); the number, the audit
    event and the rendering share one transaction, so a failed rendering gives the number back.
    """
    from django.db import transaction

    from core import audit
    from core.models import AuditAction

    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可选 docx、pdf）")
    document = get(key)
    with transaction.atomic():
        context = document.context(record, user)
        template, row = template_for(key, record.agency)
        try:
            content = render_docx(template, context)
        except Exception as exc:  # a template that passed its trial but not this record's data
            raise TemplateRefused([_explain(exc)]) from exc
        number = context.get("number", "")
        stem = safe_name(f"{document.title}_{number or context.get('file_label', '')}")
        if fmt == "pdf":
            printed = PrintedFile(f"{stem}.pdf", PDF_TYPE, docx_to_pdf(content))
        else:
            printed = PrintedFile(f"{stem}.docx", DOCX_TYPE, content)
        # Last, so the audit chain is held only for the event itself, not for the conversion.
        audit.record(
            AuditAction.EXPORT,
            record,
            actor=user,
            data={
                "document": document.title,
                "format": fmt,
                "number": number,
                "template": row.file_name if row is not None else "系统默认模板",
            },
        )
    return printed
