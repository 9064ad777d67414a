import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.uploads import sniff_kind, validate_document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def _odf(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", PDF, "pdf"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        ("quyet-dinh.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20, "ole2"),
        ("quyet-dinh.docx", _ooxml("word"), "docx"),
        ("so-lieu.xlsx", _ooxml("xl"), "xlsx"),
        ("van-ban.odt", _odf("application/vnd.oasis.opendocument.text"), "odt"),
        ("bang.ods", _odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    ],
)
def test_real_documents_are_accepted(name, content, kind):
    upload = SimpleUploadedFile(name, content)
    assert sniff_kind(upload) == kind
    validate_document(upload)


def test_renamed_executable_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ValidationError) as excinfo:
        validate_document(upload)
    assert "không phải là tệp .pdf hợp lệ" in str(excinfo.value)


def test_disallowed_extension_and_empty_and_oversized(settings):
    with pytest.raises(ValidationError, match="không được chấp nhận"):
        validate_document(SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 10))
    with pytest.raises(ValidationError, match="rỗng"):
        validate_document(SimpleUploadedFile("a.pdf", b""))
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_document(SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))


def test_a_spreadsheet_renamed_as_pdf_is_refused():
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("x.pdf", _ooxml("xl")))
