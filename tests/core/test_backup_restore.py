"""The restore drill: the demo office and proposals with attachments, backed up with bin/backup,
restored with bin/restore into a new empty database and an empty media folder, and compared:
every table's rows, every attachment's bytes, and the session report printed again from each.

bin/backup and bin/restore run as the operator runs them, as processes, on the committed
data (transactional_db). PostgreSQL only: the backup is pg_dump's."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from delegates.models import Delegate
from proposals.models import ProposalAttachment
from proposals.services import attachment_add, proposal_draft_save
from sessions.models import Session
from tests.core.documents import JPEG, PDF, PNG

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the backup is pg_dump's: the restore drill needs the test database on PostgreSQL",
    ),
]

# Prints a session's report as the office prints it (the PDF) and then its text, from the
# database that DATABASE_URL names.
# The report says when it was printed: both printings are made at the same given moment.
REPORT_TEXT = """
import datetime, io, sys, django
from unittest import mock
django.setup()
from django.utils import timezone
moment = datetime.datetime.fromisoformat(sys.argv[2])
mock.patch.object(timezone, "now", lambda: moment).start()
from pypdf import PdfReader
from congress_office.pdf import html_to_pdf
from sessions.models import SessionDocument
from sessions.printing import session_document_render_html
document = SessionDocument(session_id=int(sys.argv[1]), kind="report")
pdf = html_to_pdf(session_document_render_html(document))
print("\\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
"""


PRINTED_AT = "2026-12-06T10:00:00+08:00"


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{name}"


def run(command: list[str], **environment) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def row_counts(name: str) -> dict[str, int]:
    """Every table's exact row count, read with a connection of its own."""
    with psycopg2.connect(database_url(name)) as db, db.cursor() as cursor:
        cursor.execute(
            "select tablename from pg_tables where schemaname = 'public' order by tablename"
        )
        tables = [table for (table,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'select count(*) from "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def attachment_files(name: str) -> dict[int, str]:
    with psycopg2.connect(database_url(name)) as db, db.cursor() as cursor:
        cursor.execute("select id, file from proposals_proposalattachment order by id")
        return dict(cursor.fetchall())


def report_text(name: str, session_id: int, media_root: Path) -> str:
    printed = run(
        [sys.executable, "-c", REPORT_TEXT, str(session_id), PRINTED_AT],
        DJANGO_SETTINGS_MODULE="congress_office.settings.test",
        DATABASE_URL=database_url(name),
        MEDIA_ROOT=str(media_root),
    )
    return printed.stdout


@pytest.fixture
def restored_database():
    """A new, empty database beside the test database, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')
        cursor.execute(f'create database "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')
    admin.close()


@pytest.fixture
def filled_office(transactional_db, settings, tmp_path):
    """The demo office, and proposals of the demo delegate with a PDF, a PNG and a JPEG each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", allow_without_debug=True, stdout=io.StringIO())
    author = Delegate.objects.filter(user__username="delegate").order_by("-term__start_date")[0]
    for number in range(3):
        proposal = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"备份演练建议{number}",
            situation="情况说明",
            recommendations="具体建议",
        )
        for file_name, content in (("scan.pdf", PDF), ("photo.png", PNG), ("site.jpg", JPEG)):
            attachment_add(
                proposal=proposal,
                uploaded_file=SimpleUploadedFile(f"{number}-{file_name}", content),
                added_by=author.user,
            )
    return settings.MEDIA_ROOT


def test_a_backup_restores_into_an_empty_database_and_media_folder_as_it_was(
    filled_office, restored_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    media, restored_media, backups = filled_office, tmp_path / "restored-media", tmp_path / "b"
    assert ProposalAttachment.objects.count() == 9
    session = Session.objects.filter(sittings__isnull=False).order_by("pk")[0]

    made = run(
        ["bin/backup"],
        DATABASE_URL=database_url(source),
        MEDIA_ROOT=str(media),
        BACKUP_ROOT=str(backups),
    )
    (backup,) = backups.iterdir()
    assert "Backup complete" in made.stdout
    assert sorted(path.name for path in backup.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar",
    ]

    restored = run(
        ["bin/restore", str(backup)],
        DATABASE_URL=database_url(restored_database),
        MEDIA_ROOT=str(restored_media),
    )
    assert "Restore complete" in restored.stdout

    # Every table, row for row as many.
    before, after = row_counts(source), row_counts(restored_database)
    assert len(before) > 50 and sum(before.values()) > 1000
    assert after == before
    # Every attachment's file, byte for byte, where the restored row says it is.
    files = attachment_files(restored_database)
    assert files == attachment_files(source) and len(files) == 9
    for path in files.values():
        assert (restored_media / path).read_bytes() == (media / path).read_bytes()
    assert {(restored_media / path).read_bytes() for path in files.values()} == {PDF, PNG, JPEG}
    # The session's report, printed again from each database, says the same.
    original = report_text(source, session.pk, media)
    assert "10:00" in original  # printed at the given moment (Beijing time)
    assert re.search(r"Expected \d+, present \d+", " ".join(original.split())), original
    assert report_text(restored_database, session.pk, restored_media) == original


def test_a_restore_refuses_a_database_or_media_folder_that_is_not_empty(
    transactional_db, restored_database, tmp_path
):
    """Nothing but the migrated tables and one file: the refusals do not need the office."""
    source = connection.settings_dict["NAME"]
    media, backups = tmp_path / "media", tmp_path / "b"
    (media / "proposal-attachments").mkdir(parents=True)
    (media / "proposal-attachments" / "scan.pdf").write_bytes(PDF)
    run(
        ["bin/backup"],
        DATABASE_URL=database_url(source),
        MEDIA_ROOT=str(media),
        BACKUP_ROOT=str(backups),
    )
    (backup,) = backups.iterdir()

    def restore(name, media_root, *options):
        return subprocess.run(
            ["bin/restore", str(backup), *options],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url(name), "MEDIA_ROOT": str(media_root)},
            capture_output=True,
            text=True,
            timeout=600,
        )

    # Into the office's own database: refused, and nothing touched.
    refused = restore(source, tmp_path / "empty-media")
    assert refused.returncode == 1
    assert "Restore refused: the database of DATABASE_URL is not empty" in refused.stderr
    assert not (tmp_path / "empty-media").exists()
    # Into an empty database but the office's own files: refused.
    refused = restore(restored_database, media)
    assert refused.returncode == 1 and "media folder" in refused.stderr
    assert row_counts(restored_database) == {}
    # A damaged backup: refused before anything is written.
    with open(backup / "media.tar", "ab") as tar:
        tar.write(b"\0")
    refused = restore(restored_database, tmp_path / "empty-media")
    assert refused.returncode == 1 and "does not match its checksum" in refused.stderr
    assert row_counts(restored_database) == {}
