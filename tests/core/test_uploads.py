"""Uploads: judged by what they hold, not by how they start; stored files reached only through
the views that check the reader, under DEBUG too; served as downloads that are never sniffed."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from congress_office.pdf import html_to_pdf
from congress_office.uploads import DOCX as DOCX_TYPE
from congress_office.uploads import document_content_type
from proposals.models import ProposalAttachment
from proposals.services import attachment_add, proposal_draft_save
from sessions.services import agenda_document_add
from tests.core import documents
from tests.core.factories import office_user
from tests.sessions.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

WEB_PAGE_CODE = "The file holds web page code"


def judge(content: bytes, name: str = "upload.pdf") -> str:
    return document_content_type(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (documents.PDF, "application/pdf"),
        (documents.PNG, "image/png"),
        (documents.JPEG, "image/jpeg"),
        (documents.DOCX, DOCX_TYPE),
    ],
)
def test_real_files_of_each_kind_are_accepted(content, content_type):
    assert judge(content) == content_type


def test_a_pdf_printed_by_weasyprint_is_accepted():
    pdf = html_to_pdf("<html><body><h1>关于加强农村道路养护的建议</h1><p>正文</p></body></html>")
    assert judge(pdf) == "application/pdf"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # A web page behind the first bytes of an accepted kind used to pass: only they were read.
        (documents.PDF_HEADED_PAGE, WEB_PAGE_CODE),
        (documents.PNG_HEADED_PAGE, WEB_PAGE_CODE),
        (documents.JPEG_HEADED_PAGE, WEB_PAGE_CODE),
        # A PDF that every reader opens, with a page a sniffing browser would run.
        (documents.PDF_WITH_PAGE_INSIDE, WEB_PAGE_CODE),
        (documents.PDF + documents.PAGE, WEB_PAGE_CODE),
        # Only the first bytes are right.
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "not a readable PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "not a readable image"),
        (documents.JPEG[:40], "not a readable image"),
        (b"PK\x03\x04 not really a zip", "not a readable Word document"),
        # A zip with a document part but no declared main part, and a macro-enabled document.
        (documents.DOCX.replace(b"[Content_Types].xml", b"[Content_Typez].xml"), "Word document"),
        (
            documents.docx(main_part="wordprocessingml.document.macroEnabled.main+xml"),
            "not a readable Word document",
        ),
        (documents.PAGE, "Upload a PDF"),
        (b"MZ\x90\x00 an executable", "Upload a PDF"),
    ],
)
def test_files_that_only_start_like_an_accepted_kind_are_refused(content, message):
    with pytest.raises(ValidationError, match=message):
        judge(content)


@pytest.fixture
def draft(author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return proposal_draft_save(
        author=author, kind="suggestion", title="附件测试", situation="情况", recommendations="建议"
    )


def test_the_refusal_is_next_to_the_field_in_the_readers_language(client_for, delegate, draft):
    response = client_for(delegate).post(
        f"/proposals/{draft.pk}/attachments/",
        {"title": "现场照片", "file": SimpleUploadedFile("photo.png", documents.PNG_HEADED_PAGE)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert "含有网页代码" in page
    assert 'value="现场照片"' in page
    assert not ProposalAttachment.objects.exists()


@pytest.fixture
def stored(draft, author, secretariat, term):
    """An attachment of the draft and a document of a session of the author's term."""
    attachment = attachment_add(
        proposal=draft,
        uploaded_file=SimpleUploadedFile("scan.pdf", documents.PDF),
        title="现场照片",
        added_by=author.user,
    )
    item = AgendaItemFactory(session=SessionFactory(term=term), order=1, title="工作报告")
    document = agenda_document_add(
        item=item,
        uploaded_file=SimpleUploadedFile("plan.png", documents.PNG),
        title="会场平面图",
        uploaded_by=office_user(),
    )
    return {
        f"/proposals/attachments/{attachment.pk}/": attachment.file.name,
        f"/sessions/documents/{document.pk}/": document.file.name,
    }


@pytest.fixture
def debug_urls(settings, stored):
    """The project's URLs as DEBUG builds them (they are read once, at import)."""
    import congress_office.urls

    settings.DEBUG = True
    importlib.reload(congress_office.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(congress_office.urls)
    clear_url_caches()


def test_stored_files_have_no_url_of_their_own_even_under_debug(
    debug_urls, stored, client, client_for, delegate, other_delegate, unit_staff
):
    for name in stored.values():
        client.logout()
        assert client.get(f"/media/{name}").status_code == 404, name
        for user in (delegate, other_delegate, unit_staff):
            assert client_for(user).get(f"/media/{name}").status_code == 404, (name, user)


def test_the_checked_views_refuse_strangers_and_serve_the_reader(
    debug_urls, stored, client, client_for, delegate, other_delegate, unit_staff
):
    attachment_url, document_url = stored
    # The other delegate reads the session's documents (same term), not another's draft.
    strangers = {attachment_url: (other_delegate, unit_staff), document_url: (unit_staff,)}
    for url in stored:
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        for stranger in strangers[url]:
            assert client_for(stranger).get(url).status_code == 404, (url, stranger)
        response = client_for(delegate).get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_the_admin_links_a_document_through_the_checked_download(office, stored):
    from sessions.models import AgendaDocument

    document = AgendaDocument.objects.get()
    page = office.get(f"/admin/congress_sessions/agendadocument/{document.pk}/change/")
    html = page.content.decode()
    assert f'href="/sessions/documents/{document.pk}/"' in html
    assert "/media/" not in html
