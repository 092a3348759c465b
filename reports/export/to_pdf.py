"""PDF 版: .docx → PDF with LibreOffice in headless mode, and a PNG preview of page 1 (poppler).

Each conversion runs with its own throw-away LibreOffice profile (``-env:UserInstallation``):
two conversions sharing a profile block each other or fail silently.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")


class ExportError(RuntimeError):
    """转换失败: a tool is missing, timed out or produced no file. The message is Chinese."""


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_docx_to_pdf(
    docx_path: str | Path,
    out_dir: str | Path,
    *,
    soffice: str | None = None,
    timeout: float = 120,
) -> Path:
    """Convert a .docx file to ``out_dir/<stem>.pdf`` and return that path."""
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise ExportError(f"找不到要转换的文件：{source} (no such file)")
    exe = soffice or find_soffice()
    if exe is None or shutil.which(exe) is None:
        raise ExportError(
            "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer "
            f"(soffice not found: {exe or 'not on PATH'})"
        )
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{source.stem}.pdf"
    if target.exists():
        target.unlink()
    with tempfile.TemporaryDirectory(prefix="fazhi-soffice-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": profile}
        returncode, output = _run_group(cmd, env=env, timeout=timeout, what=source.name)
    if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        detail = output.strip()[-500:]
        raise ExportError(
            f"LibreOffice 未能生成 PDF：{source.name}（退出码 {returncode}）"
            f" (soffice produced no PDF: {detail or 'no output'})"
        )
    return target


def _run_group(
    cmd: list[str], *, env: dict[str, str], timeout: float, what: str
) -> tuple[int, str]:
    """Run ``cmd`` in its own process group; on timeout kill the whole group.

    ``soffice`` is a launcher that starts ``soffice.bin``: killing only the launcher would leave
    the real office process running.
    """
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        raise ExportError(f"无法运行 LibreOffice：{exc} (cannot run {cmd[0]})") from exc
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ExportError(
            f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）：{what} "
            f"(soffice timed out after {timeout:g}s)"
        ) from exc
    return proc.returncode, output or ""


def render_first_page_png(
    pdf_path: str | Path,
    out_png: str | Path,
    *,
    dpi: int = 100,
    pdftoppm: str | None = None,
) -> Path:
    """Render page 1 of a PDF to ``out_png`` at ``dpi`` with poppler's pdftoppm."""
    source = Path(pdf_path).resolve()
    if not source.is_file():
        raise ExportError(f"找不到 PDF 文件：{source} (no such file)")
    exe = pdftoppm or shutil.which("pdftoppm")
    if exe is None:
        raise ExportError(
            "未找到 pdftoppm，无法生成预览图；请安装 poppler-utils (pdftoppm not found)"
        )
    target = Path(out_png).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # pdftoppm appends ".png" to the root it is given.
    root = target.with_suffix("") if target.suffix.lower() == ".png" else target
    produced = root.with_name(root.name + ".png")
    cmd = [exe, "-png", "-f", "1", "-l", "1", "-r", str(dpi), "-singlefile", str(source), str(root)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except (subprocess.TimeoutExpired, OSError) as exc:
        raise ExportError(f"pdftoppm 运行失败：{exc} (pdftoppm failed)") from exc
    if proc.returncode != 0 or not produced.is_file():
        raise ExportError(
            f"pdftoppm 未能生成预览图（退出码 {proc.returncode}）"
            f" (no PNG: {proc.stderr.strip()[-300:] or 'no output'})"
        )
    if produced != target:
        produced.replace(target)
    return target
