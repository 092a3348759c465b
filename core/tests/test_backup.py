"""Backup and restore drill: load the demo, back up, destroy, restore, and check that the audit
chain, the kept counts and every attachment are as they were."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from core.attachments import attach, read_verified
from core.models import Agency, Attachment, AuditEvent, Tally, User
from registry.models import SupervisedEntity
from supervision.models import Inspection

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def tallies_snapshot():
    return {
        "agencies": Agency.objects.count(),
        "entities": SupervisedEntity.objects.count(),
        "inspections": Inspection.objects.count(),
        "audit": AuditEvent.objects.count(),
        "tallies": sorted(Tally.objects.values_list("name", "agency_id", "period", "dim", "n")),
        "attachments": sorted(Attachment.objects.values_list("pk", "sm3", "file")),
    }


def destroy_database():
    """As if the server were lost: the database gone, not merely emptied."""
    connection.close()
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        for path in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            path.unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()


def load_demo_with_evidence():
    call_command("demo", scale="small", stdout=open("/dev/null", "w"))
    officer = User.objects.filter(person__certificate_number__gt="").first()
    for n, inspection in enumerate(Inspection.objects.order_by("pk")[:3]):
        attach(
            inspection,
            SimpleUploadedFile(f"现场照片{n}.jpg", JPEG + f"scene {n}".encode() * 50),
            actor=officer,
        )


@pytest.mark.django_db(transaction=True)
def test_drill_backup_destroy_restore(media, tmp_path, capsys):
    load_demo_with_evidence()
    call_command("audit_verify")
    call_command("tallies", "verify")
    before = tallies_snapshot()
    assert before["inspections"] > 1000 and len(before["attachments"]) == 3

    call_command("backup", out=tmp_path / "backups")
    folder = next((tmp_path / "backups").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert {e["path"] for e in manifest["files"]} >= {
        f"media/{name}" for _pk, _sm3, name in before["attachments"]
    }

    destroy_database()
    shutil.rmtree(media)

    capsys.readouterr()
    call_command("restore", str(folder), yes=True)
    assert "附件摘要全部相符" in capsys.readouterr().out

    call_command("audit_verify")
    call_command("tallies", "verify")
    assert tallies_snapshot() == before
    assert backup.verify_attachments() == []
    for attachment in Attachment.objects.all():
        assert read_verified(attachment).startswith(JPEG)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(world, media, tmp_path):
    attach(
        world.officer_a.person,
        SimpleUploadedFile("笔录.jpg", JPEG + b"signed"),
        actor=world.admin_a,
    )
    folder = backup.backup(tmp_path)
    stored = next((folder / "media").rglob("*.jpg"))
    stored.write_bytes(JPEG + b"forged")
    Agency.objects.create(code="330199", name="备份之后新建的机构", parent=world.city)

    with pytest.raises(CommandError, match="SM3 摘要不符"):
        call_command("restore", str(folder), yes=True)
    assert Agency.objects.filter(code="330199").exists()  # nothing was restored

    with pytest.raises(CommandError, match="备份已损坏"):
        call_command("restore", str(folder), check=True)


@pytest.mark.django_db(transaction=True)
def test_restore_wants_confirmation_and_puts_back_what_changed_after(world, media, tmp_path):
    folder = backup.backup(tmp_path)
    Agency.objects.create(code="330199", name="备份之后新建的机构", parent=world.city)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    assert Agency.objects.filter(code="330199").exists()
    call_command("restore", str(folder), yes=True)
    assert not Agency.objects.filter(code="330199").exists()
    assert Agency.objects.filter(code="330100").exists()


def test_a_folder_without_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(backup.BackupError, match=r"缺少 manifest\.json"):
        backup.check(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_keep_deletes_all_but_the_newest_backups(world, media, tmp_path, capsys):
    (tmp_path / "fazhi-backup-20000101-000000-000000.partial").mkdir()  # an unfinished one
    (tmp_path / "notes").mkdir()  # not a backup: left alone
    for _ in range(3):
        call_command("backup", out=tmp_path, keep=2)
    kept = sorted(p.name for p in tmp_path.iterdir())
    backups = [name for name in kept if not name.endswith(".partial") and name != "notes"]
    assert len(backups) == 2 and "notes" in kept
    assert "已删除较早的备份" in capsys.readouterr().out
    for name in backups:
        backup.check(tmp_path / name)  # the two newest, whole
    with pytest.raises(CommandError, match="--keep 至少为 1"):
        call_command("backup", out=tmp_path, keep=0)
