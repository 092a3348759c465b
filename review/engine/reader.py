"""Reading reports: bytes of a .txt/.docx/.html/.pdf/.md/.ofd file → text.

Offsets in every result refer to the text returned here (for .txt, the file's own characters
after decoding). Errors are ``ReadError`` with a Chinese message; a batch reports it for that file
and goes on.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from core.zipcheck import ArchiveRefused, ZipLimits, check_zip

MAX_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes; refuse what is clearly not one
# A .docx or .ofd (both zips of XML parts) is refused before it is parsed in memory if its parts
# would inflate past this (a report's XML is well under 1 MB; its images are stored, so inflate
# little).
DOCX_LIMITS = ZipLimits(max_total=40 * 1024 * 1024, max_members=1000)
ENCODINGS = ("utf-8-sig", "gb18030")


class ReadError(ValueError):
    """The file cannot be read as a report; the message says why, in Chinese."""


@dataclass
class Document:
    source: str
    text: str
    kind: str  # txt | docx | html | pdf | md | ofd


def read_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise ReadError(
            f"文件过大（{size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB），不像是一份报告。"
        )
    return read_bytes(p.read_bytes(), p.name)


def read_bytes(data: bytes, name: str) -> Document:
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"文件过大（{len(data) / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB）。"
        )
    if not data.strip():
        raise ReadError("文件为空。")
    suffix = Path(name).suffix.lower()
    if suffix == ".ofd" or (data[:2] == b"PK" and suffix != ".docx" and _is_ofd(data)):
        text, kind = _ofd(data, name), "ofd"
    elif suffix == ".docx" or (data[:2] == b"PK" and suffix not in (".txt", ".html", ".htm")):
        text, kind = _docx(data, name), "docx"
    elif suffix == ".pdf" or data[:5] == b"%PDF-":
        text, kind = _pdf(data), "pdf"
    elif suffix in (".html", ".htm") or re.match(rb"\s*<(!doctype|html)", data[:200], re.I):
        text, kind = _html(_decode(data)), "html"
    elif suffix in (".md", ".markdown"):
        text, kind = _markdown(_decode(data)), "md"
    else:
        text, kind = _decode(data), "txt"
        if _looks_binary(text):
            raise ReadError("文件不是文本：含有大量控制字符，可能是二进制文件。")
    if not text.strip():
        raise ReadError("文件中没有可读取的文字（如扫描件没有文字层）。")
    return Document(name, text, kind)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ReadError("文件不是文本：含有空字节，可能是二进制文件。")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文件编码：既不是 UTF-8 也不是 GB18030。")


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    bad = len(CONTROL_RE.findall(sample))
    return bad > max(8, len(sample) // 50)


def _docx(data: bytes, name: str) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise ReadError("缺少 python-docx，无法读取 .docx。") from exc
    try:
        check_zip(io.BytesIO(data), Path(name).name, DOCX_LIMITS)
    except ArchiveRefused as exc:
        raise ReadError(str(exc)) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged file
        raise ReadError("无法读取 .docx：文件已损坏或不是 Word 文档。") from exc
    lines = [p.text for p in document.paragraphs]
    # One line per cell, as for HTML tables: a table row is not a sentence, so figures of
    # different columns are never checked against each other.
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def _is_ofd(data: bytes) -> bool:
    """A zip whose root holds OFD.xml (GB/T 33190), whatever the file is called."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower() == "ofd.xml" for n in z.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False


def _ofd(data: bytes, name: str) -> str:
    """The text of an OFD file in reading order, one line per text block (ofdkit)."""
    import zipfile

    try:
        import ofdkit
    except ImportError as exc:  # pragma: no cover - ofdkit is a dependency
        raise ReadError("缺少 ofdkit，无法读取 .ofd。") from exc
    try:
        check_zip(io.BytesIO(data), Path(name).name, DOCX_LIMITS)
    except ArchiveRefused as exc:
        raise ReadError(str(exc)) from exc
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError("无法读取 .ofd：文件已损坏或不是 OFD 文档。") from exc
    try:
        text = ofdkit.extract_text(data, page_separator="\n")
    except ofdkit.OFDError as exc:
        raise ReadError("无法读取 .ofd：文件已损坏或不是 OFD 文档。") from exc
    return re.sub(r"\n{2,}", "\n", text)


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}")


def _markdown(text: str) -> str:
    """Markdown as the text a reader sees: no #, >, ** or link targets; table cells one per line."""
    lines = []
    for line in text.splitlines():
        line = _MD_LINK.sub(r"\1", line).replace("**", "")
        stripped = line.strip()
        if _MD_RULE.match(stripped):
            continue
        if stripped.startswith("|"):
            lines.extend(c.strip() for c in stripped.strip("|").split("|"))
            continue
        lines.append(re.sub(r"^(#{1,6}\s+|>\s?)", "", stripped))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    try:
        from pdfminer.high_level import extract_text
    except ImportError as exc:  # pragma: no cover
        raise ReadError("缺少 pdfminer.six，无法读取 PDF。") from exc
    try:
        return extract_text(io.BytesIO(data))
    except Exception as exc:
        raise ReadError("无法读取 PDF：文件已损坏或加密。") from exc


CHROME_CLASSES = re.compile(
    r"nav|menu|header|footer|share|breadcrumb|crumb|toolbar|sidebar|"
    r"print|close|qrcode|ewm|top|search|login|banner|copyright",
    re.I,
)


_SPACES = re.compile(r"\s+")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def _html(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "nav",
            "header",
            "footer",
            "iframe",
            "form",
            "button",
            "select",
            "input",
            "img",
            "svg",
        ]
    ):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        ident = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if ident.strip() and CHROME_CLASSES.search(ident) and len(tag.get_text(strip=True)) < 400:
            tag.decompose()
    body = soup.body or soup
    blocks = []
    headings = ["h1", "h2", "h3", "h4", "h5", "h6"]
    for el in body.find_all([*headings, "p", "li", "td", "th", "caption", "div"]):
        if el.find(["p", "div", "li", *headings, "table"]):
            continue  # only leaf blocks, so text is not repeated
        # Inline elements (links, emphasis) join the text around them without a gap; only
        # whitespace in the markup itself becomes one space (and none between Chinese characters).
        text = _CJK_GAP.sub("", _SPACES.sub(" ", el.get_text()).strip())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [line.strip() for line in body.get_text("\n").splitlines() if line.strip()]
    return "\n".join(blocks)
