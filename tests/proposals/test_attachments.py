import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.models import Proposal, ProposalAttachment
from proposals.services import proposal_draft_save
from tests.core.documents import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return proposal_draft_save(
        author=author, kind="suggestion", title="附件测试", situation="情况", recommendations="建议"
    )


def attach(client, item, name, content, title="照片"):
    return client.post(
        f"/proposals/{item.pk}/attachments/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_an_attachment_is_added_and_downloaded_by_those_who_may(
    client_for, delegate, other_delegate, item
):
    client = client_for(delegate)
    page = attach(client, item, "scan.pdf", PDF, title="现场照片").content.decode()
    assert "The attachment is added." in page and "现场照片" in page
    attachment = ProposalAttachment.objects.get()
    response = client.get(f"/proposals/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert (
        client_for(other_delegate).get(f"/proposals/attachments/{attachment.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "Upload a PDF"),
        ("big.pdf", PDF + b"\0" * (21 * 1024 * 1024), "larger than 20 MB"),
    ],
)
def test_wrong_types_and_oversized_files_are_refused(
    client_for, delegate, item, name, content, message
):
    page = attach(client_for(delegate), item, name, content).content.decode()
    assert message in page
    assert not ProposalAttachment.objects.exists()


def test_attachments_only_on_drafts(client_for, delegate, item):
    Proposal.objects.filter(pk=item.pk).update(status="submitted")
    page = attach(client_for(delegate), item, "scan.pdf", PDF).content.decode()
    assert "cannot be given attachments now" in page
    assert not ProposalAttachment.objects.exists()


def test_an_untitled_attachment_is_named_after_its_file_cut_to_fit(client_for, delegate, item):
    """A file name longer than a title (found by fuzzing: a server error on PostgreSQL)."""
    attach(client_for(delegate), item, "扫描件" * 100 + ".pdf", PDF, title="")
    attachment = ProposalAttachment.objects.get()
    assert attachment.title == ("扫描件" * 100)[:200]
    attachment.full_clean()


@pytest.mark.parametrize("attachments", [0, 3])
def test_the_units_page_reads_the_attachments_once(
    client_for, author, unit, unit_staff, attachments
):
    """The item's text asks for its attachments twice (any? then each): one read, written
    once (decision 399), as many queries with none as with three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.proposals.kit import S, proposal_in

    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    for n in range(attachments):
        ProposalAttachment.objects.create(
            proposal=item, title=f"照片<{n}>", file=f"p/{n}.pdf", content_type="a/b", size=2048
        )
    client = client_for(unit_staff)
    url = f"/proposals/unit/items/{lead.pk}/"
    client.get(url)  # the statements written once made in this process
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert len(queries) == 11
    attachment_reads = [q for q in queries if "proposalattachment" in q["sql"]]
    assert len(attachment_reads) <= 1  # prepared: an EXECUTE naming no table
    assert page.count("照片&lt;") == attachments
