"""Uploaded documents are judged by their content, never by their name or the browser's
word: a page of HTML renamed photo.jpg is refused."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# content type -> (file name ending, how the content starts)
_SIGNATURES = {
    "application/pdf": (".pdf", (b"%PDF-",)),
    "image/png": (".png", (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": (".jpg", (b"\xff\xd8\xff",)),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_content_type(uploaded_file, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The content type of an uploaded PDF, DOCX, PNG or JPEG, read from its bytes.
    Raises ValidationError (in the user's language) for anything else or anything too big."""
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    for content_type, (_ending, starts) in _SIGNATURES.items():
        if head.startswith(starts):
            return content_type
    if head.startswith(b"PK\x03\x04") and _is_docx(uploaded_file):
        return DOCX
    raise ValidationError(_("Upload a PDF, a Word document (DOCX), or a PNG or JPEG image."))


def _is_docx(uploaded_file) -> bool:
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded_file.seek(0)


def file_ending(content_type: str) -> str:
    return ".docx" if content_type == DOCX else _SIGNATURES[content_type][0]
