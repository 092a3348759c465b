"""Limits on what users upload: the size of a request, and how far a .docx/.xlsx may inflate.

- ``UploadSizeMiddleware`` refuses a request whose body is larger than
  ``settings.FAZHI_MAX_UPLOAD_SIZE`` (413, in Chinese) before any of it is read. Django never
  reads more of a body than its declared ``Content-Length`` (none declared: nothing read), so
  the declared length bounds what a request can bring.
- ``check_upload(file)`` refuses a zip-based file (.docx, .xlsx) that would inflate past
  ``settings.FAZHI_MAX_INFLATED_SIZE`` or has more than ``settings.FAZHI_MAX_ZIP_MEMBERS``
  parts (``core.zipcheck``), before any parser sees it. ``core.io.open_workbook`` calls it, so
  every Excel import is covered.
"""

from __future__ import annotations

import json
import os
from typing import IO

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.zipcheck import ArchiveRefused, MiB, ZipLimits, check_zip

__all__ = ["ArchiveRefused", "UploadSizeMiddleware", "check_upload"]


def zip_limits() -> ZipLimits:
    """The limits for zip-based uploads, from the settings."""
    return ZipLimits(
        max_total=settings.FAZHI_MAX_INFLATED_SIZE, max_members=settings.FAZHI_MAX_ZIP_MEMBERS
    )


def check_upload(file: IO[bytes], name: str | None = None) -> None:
    """Raise ``ArchiveRefused`` (Chinese, naming the file and the limit) for a zip bomb."""
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as fp:
            return check_upload(fp, name or os.path.basename(file))
    name = name or getattr(file, "name", None) or "上传的文件"
    check_zip(file, os.path.basename(str(name)), zip_limits())
    return None


def too_large_message() -> str:
    return (
        f"上传的内容过大：每次上传不得超过 {settings.FAZHI_MAX_UPLOAD_SIZE // MiB} MB。"
        "请拆分文件后分批上传。"
    )


class UploadSizeMiddleware:
    """413 for a request body declared larger than ``FAZHI_MAX_UPLOAD_SIZE``, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.FAZHI_MAX_UPLOAD_SIZE:
            message = too_large_message()
            if request.path.startswith("/api/"):
                return HttpResponse(
                    json.dumps({"detail": message}, ensure_ascii=False),
                    status=413,
                    content_type="application/json",
                )
            return HttpResponse(
                f'<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
                f"<title>上传内容过大</title><p>{message}</p></html>",
                status=413,
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)
