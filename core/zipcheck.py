"""Zip-based files (.docx, .xlsx) checked before they are parsed: no decompression bombs.

A 611 KB .docx can inflate to 150 MB of XML, and python-docx or openpyxl would build it in
memory. A zip file declares every member's inflated size in its central directory, and
Python's ``zipfile`` never returns more bytes than declared (a member that inflates further
fails its CRC check), so the declared sizes bound what any reader built on ``zipfile`` can
produce. ``check_zip`` reads only the central directory and refuses a file whose members
are too many, too large together, or compressed far more than office documents ever are.

Pure Python, no Django: the report checker (``review``) uses it as a library too.
"""

from __future__ import annotations

import os
import struct
import zipfile
from dataclasses import dataclass
from typing import IO

MiB = 1024 * 1024

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_EOCD_SEARCH = _EOCD_SIZE + 65535  # the record ends the file, after a comment of up to 64 KiB


@dataclass(frozen=True)
class ZipLimits:
    """Limits for one zip-based file.

    ``max_total``: inflated bytes of all members together; ``max_members``: number of parts;
    ``max_ratio``: inflated/compressed ratio allowed for a member larger than ``ratio_from``
    (the XML of a large real spreadsheet compresses about 17:1, a run of zeros 1000:1).
    """

    max_total: int = 100 * MiB
    max_members: int = 2000
    max_ratio: int = 200
    ratio_from: int = 1 * MiB


class ArchiveRefused(ValueError):
    """The file is refused before parsing; the message names the file and the limit."""


def _size(n: int) -> str:
    return f"{n / MiB:.0f} MB" if n >= MiB else f"{n / 1024:.0f} KB"


def _tail_entries(fp: IO[bytes]) -> tuple[int, int] | None:
    """(entries, central directory size) from the end-of-central-directory record, or None.

    Read before ``zipfile`` builds an object per member, so that a file declaring millions of
    members is refused without building them.
    """
    fp.seek(0, os.SEEK_END)
    end = fp.tell()
    start = max(0, end - _EOCD_SEARCH)
    fp.seek(start)
    tail = fp.read(end - start)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return None
    fields = struct.unpack("<4s4H2LH", tail[at : at + _EOCD_SIZE])
    return fields[4], fields[5]


def check_zip(file: IO[bytes], name: str, limits: ZipLimits | None = None) -> None:
    """Refuse ``file`` (a seekable binary file, left at offset 0) if it could inflate too far.

    Raises ``ArchiveRefused`` with a Chinese message naming ``name`` and the limit. A file that
    is not a zip at all passes: the parser that follows reports it in its own words.
    """
    limits = limits or ZipLimits()
    refused = f"文件“{name}”"
    try:
        tail = _tail_entries(file)
        if tail is not None:
            entries, directory_size = tail
            # 0xFFFF entries is also the marker of a ZIP64 directory, which no office file
            # of a size we accept needs.
            if entries > limits.max_members or directory_size > limits.max_members * 1024:
                raise ArchiveRefused(
                    f"{refused}包含的部件过多（上限 {limits.max_members} 个），"
                    "不像是正常的 Office 文档，已拒绝读取。"
                )
        file.seek(0)
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
            return
        with archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ArchiveRefused(
                    f"{refused}包含 {len(members)} 个部件，超过上限 {limits.max_members} 个，"
                    "已拒绝读取。"
                )
            total = sum(m.file_size for m in members)
            if total > limits.max_total:
                raise ArchiveRefused(
                    f"{refused}解压后达 {_size(total)}，超过上限 {_size(limits.max_total)}，"
                    "可能是“压缩炸弹”，已拒绝读取。"
                )
            for m in members:
                ratio = m.file_size / max(m.compress_size, 1)
                if m.file_size > limits.ratio_from and ratio > limits.max_ratio:
                    raise ArchiveRefused(
                        f"{refused}中的“{m.filename}”压缩比为 {ratio:.0f}:1，"
                        f"超过上限 {limits.max_ratio}:1，可能是“压缩炸弹”，已拒绝读取。"
                    )
    finally:
        file.seek(0)
