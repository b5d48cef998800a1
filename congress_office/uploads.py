"""Uploaded documents are judged by their content, never by their name or the browser's
word: a page of HTML renamed photo.jpg is refused, and so is one that only starts like a PDF
or a PNG. The first bytes say what a file claims to be; the file is then read as that kind
(pypdf for a PDF, Pillow for an image, the zip's own list of parts for a DOCX), and neither its
beginning nor its end may hold web page code, which a browser that sniffs could run.

Stored files are served only by `stored_file_response`, from views that check the reader's
right to the object first: nothing under MEDIA_ROOT has a URL of its own (decision 96)."""

import logging
import re
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# content type -> (file name ending, how the content starts)
_SIGNATURES = {
    PDF: (".pdf", b"%PDF-"),
    PNG: (".png", b"\x89PNG\r\n\x1a\n"),
    JPEG: (".jpg", b"\xff\xd8\xff"),
}
_ZIP_START = b"PK\x03\x04"
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}

# Browsers that sniff look at the first 1,445 bytes; the end is checked as well because a
# reader of the format ignores what follows its last part. Tags of four letters or more only:
# shorter ones (<p>, <a ) turn up by chance in compressed data.
_EDGE_BYTES = 2048
_WEB_PAGE_CODE = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|title|style|meta|"
    rb"table|form|svg|frameset)[\s/>]",
    re.IGNORECASE,
)
# The main part a DOCX declares in [Content_Types].xml (a macro-enabled DOCM declares another).
_DOCX_MAIN_PART = DOCX.encode() + b".main+xml"
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def document_content_type(uploaded_file, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The content type of an uploaded PDF, DOCX, PNG or JPEG, read from its bytes.
    Raises ValidationError (in the user's language) for anything else, anything that only
    starts like one of them, or anything too big."""
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    content_type = _claimed_type(uploaded_file)
    if content_type is None:
        raise ValidationError(_("Upload a PDF, a Word document (DOCX), or a PNG or JPEG image."))
    if _holds_web_page_code(uploaded_file):
        raise ValidationError(
            _("The file holds web page code (HTML or a script): it cannot be accepted.")
        )
    readable = {PDF: _is_pdf, DOCX: _is_docx}.get(content_type, _is_image)
    if not _read_back(readable, uploaded_file, content_type):
        raise ValidationError(_unreadable_message(content_type))
    return content_type


def _claimed_type(uploaded_file) -> str | None:
    """What the first bytes say the file is."""
    head = _read_at(uploaded_file, 0, 8)
    for content_type, (_ending, start) in _SIGNATURES.items():
        if head.startswith(start):
            return content_type
    return DOCX if head.startswith(_ZIP_START) else None


def _holds_web_page_code(uploaded_file) -> bool:
    head = _read_at(uploaded_file, 0, _EDGE_BYTES)
    tail = _read_at(uploaded_file, max(0, uploaded_file.size - _EDGE_BYTES), _EDGE_BYTES)
    return bool(_WEB_PAGE_CODE.search(head) or _WEB_PAGE_CODE.search(tail))


def _read_at(uploaded_file, offset: int, length: int) -> bytes:
    uploaded_file.seek(offset)
    data = uploaded_file.read(length)
    uploaded_file.seek(0)
    return data


def _read_back(readable, uploaded_file, content_type: str) -> bool:
    """Whether the file reads as the kind it claims. A reader may raise anything on a
    damaged file (each library its own errors), and every such file is refused."""
    try:
        return readable(uploaded_file, content_type)
    except Exception as error:  # noqa: BLE001 - any failure to read means: not this kind
        logger.info("An upload claiming to be %s could not be read: %r", content_type, error)
        return False
    finally:
        uploaded_file.seek(0)


def _is_pdf(uploaded_file, _content_type) -> bool:
    return len(PdfReader(uploaded_file, strict=False).pages) > 0


def _is_image(uploaded_file, content_type) -> bool:
    with Image.open(uploaded_file) as image:
        if image.format != _PILLOW_FORMATS[content_type]:
            return False
        image.verify()  # reads every chunk (and checks a PNG's checksums) without decoding
    return True


def _is_docx(uploaded_file, _content_type) -> bool:
    with zipfile.ZipFile(uploaded_file) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            return False
        if archive.getinfo("[Content_Types].xml").file_size > _MAX_CONTENT_TYPES_BYTES:
            return False
        return _DOCX_MAIN_PART in archive.read("[Content_Types].xml")


def _unreadable_message(content_type: str) -> str:
    if content_type == PDF:
        return _("The file starts like a PDF but is not a readable PDF document.")
    if content_type == DOCX:
        return _("The file is not a readable Word document (DOCX).")
    return _("The file starts like a PNG or JPEG image but is not a readable image.")


def file_ending(content_type: str) -> str:
    return ".docx" if content_type == DOCX else _SIGNATURES[content_type][0]


def stored_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file for a reader the calling view has already checked: always a download
    (never shown in the site's origin) of the type judged on upload, and never sniffed."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
