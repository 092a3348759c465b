"""备份与恢复: a consistent snapshot of the database and the stored files, and putting it back.

A backup is a directory::

    fazhi-backup-20261208-013000/
      manifest.json        what is in it, with the SM3 digest and size of every file
      database.sqlite3     SQLite: written by SQLite's online backup API (a consistent copy
                           taken while the site runs)
      database.pgdump      PostgreSQL: pg_dump's custom format (one snapshot transaction)
      media/...            the stored files (attachments), as under FAZHI_MEDIA_ROOT

The database is copied first, then the files: a file is written before the row naming it
commits, and files are never deleted (attachments are retained records), so every attachment in
the database copy has its file in the backup. ``restore`` checks every digest of the manifest
before it changes anything, and refuses a backup of another database engine.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in Chinese."""


def sm3_file(path: Path) -> str:
    h = hashes.Hash(hashes.SM3())
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.finalize().hex()


def _vendor() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份此数据库：{vendor}（只支持 SQLite 与 PostgreSQL）。")
    return vendor


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{flag}={db[key]}")
    args.append(f"--dbname={db['NAME']}")
    return env, args


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    try:
        out = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{what}：找不到 {argv[0]}，请安装 PostgreSQL 客户端。") from exc
    if out.returncode != 0:
        raise BackupError(f"{what}失败：{out.stderr.strip()[-2000:]}")


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    env, args = _pg_env_and_args()
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", *args],
        env,
        "pg_dump 导出数据库",
    )


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup(destination: Path) -> Path:
    """Write a backup directory under ``destination`` and return its path."""
    vendor = _vendor()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(destination) / f"fazhi-backup-{stamp}"
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True)
    try:
        database = partial / DATABASE_FILES[vendor]
        _dump_database(vendor, database)
        media_root = Path(settings.MEDIA_ROOT)
        entries = [_entry(partial, database)]
        for source in _media_files(media_root):
            target = partial / "media" / source.relative_to(media_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            entries.append(_entry(partial, target))
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": vendor,
            "database": DATABASE_FILES[vendor],
            "files": entries,
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        # Only a complete backup has the final name: a crash leaves ``.partial`` behind.
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def prune(destination: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete backups in ``destination``; return them.

    Only directories this module wrote (``fazhi-backup-*`` with a manifest) are considered; the
    names sort by time, so the newest are the last.
    """
    if keep < 1:
        raise BackupError("至少保留 1 份备份。")
    backups = sorted(
        p
        for p in Path(destination).glob("fazhi-backup-*")
        if p.is_dir() and not p.name.endswith(".partial") and (p / MANIFEST).is_file()
    )
    old = backups[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


def _entry(root: Path, path: Path) -> dict:
    return {
        "path": path.relative_to(root).as_posix(),
        "size": path.stat().st_size,
        "sm3": sm3_file(path),
    }


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} 不是备份目录：缺少 {MANIFEST}。")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（应为 {FORMAT}）。")
    return manifest


def check(folder: Path) -> dict:
    """The manifest, after checking every file it lists against its size and SM3 digest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = []
    for entry in manifest["files"]:
        path = folder / entry["path"]
        if ".." in Path(entry["path"]).parts or not path.is_file():
            problems.append(f"缺少文件 {entry['path']}")
        elif path.stat().st_size != entry["size"] or sm3_file(path) != entry["sm3"]:
            problems.append(f"文件 {entry['path']} 与清单的 SM3 摘要不符")
    if problems:
        raise BackupError("备份已损坏，未作任何恢复：" + "；".join(problems[:20]))
    return manifest


@dataclass
class Restored:
    engine: str
    files: int


def restore(folder: Path) -> Restored:
    """Put the database and the stored files of a backup back in place.

    Overwrites the current database (its tables are replaced by the backup's) and writes the
    backup's files over those of the same name; files the backup does not hold are left alone.
    """
    folder = Path(folder)
    manifest = check(folder)
    vendor = _vendor()
    if manifest["engine"] != vendor:
        raise BackupError(
            f"备份来自 {manifest['engine']} 数据库，当前为 {vendor}：不能跨数据库类型恢复。"
        )
    for conn in connections.all():
        conn.close()
    database = folder / manifest["database"]
    if vendor == "sqlite":
        source = sqlite3.connect(database)
        live = sqlite3.connect(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
        try:
            with live:
                source.backup(live)
        finally:
            live.close()
            source.close()
    else:
        env, args = _pg_env_and_args()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(database),
            ],
            env,
            "pg_restore 恢复数据库",
        )
    media_root = Path(settings.MEDIA_ROOT)
    files = 0
    for entry in manifest["files"]:
        if not entry["path"].startswith("media/"):
            continue
        target = media_root / Path(entry["path"]).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / entry["path"], target)
        files += 1
    return Restored(engine=vendor, files=files)


def verify_attachments() -> list[str]:
    """Every attachment whose stored file is missing or differs from its recorded SM3 digest."""
    from core.models import Attachment

    problems = []
    for attachment in Attachment.objects.order_by("pk").iterator():
        path = Path(settings.MEDIA_ROOT) / attachment.file.name
        if not path.is_file():
            problems.append(f"附件 {attachment.pk}（{attachment.original_name}）缺少文件")
        elif sm3_file(path) != attachment.sm3:
            problems.append(f"附件 {attachment.pk}（{attachment.original_name}）SM3 摘要不符")
    return problems
