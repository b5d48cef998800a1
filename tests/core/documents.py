"""Small real files of each kind an upload may be (made by the libraries that write them, as a
scanner or a word processor would), and crafted ones that only start like one."""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def docx(*, main_part="wordprocessingml.document.main+xml") -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.{main_part}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")
DOCX = docx()

PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"
# Each starts as an accepted kind does and holds a web page.
PDF_HEADED_PAGE = b"%PDF-1.7\n" + PAGE
PNG_HEADED_PAGE = b"\x89PNG\r\n\x1a\n" + PAGE
JPEG_HEADED_PAGE = b"\xff\xd8\xff\xe0" + PAGE
# A real PDF, readable by any PDF reader, with a web page before its first object.
PDF_WITH_PAGE_INSIDE = PDF[:15] + PAGE + PDF[15:]
