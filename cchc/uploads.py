"""Uploaded documents (evidence, inspection minutes): checked by content, stored under
random names outside the static tree, served only through views that check access.

Allowed: pdf, doc/docx, xls/xlsx, odt/ods, jpg/png, zip. A file's extension must agree with
what its bytes are, so a renamed .exe is refused whatever it is called.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, multipartparser
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"

# Names are kept (Evidence.original_name …) in 255 characters.
MAX_NAME_LENGTH = 255
# Django reads at most 1 KiB of each multipart part's headers, where the file name is: a name of
# a few hundred Vietnamese characters (2–3 bytes each) got its bare English "Bad Request (400)".
# 8 KiB holds a 1,000-character name and still bounds the work per part.
MULTIPART_HEADER_LIMIT = 8 * 1024

ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "zip")


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_MB", 20)) * 1024 * 1024


def allow_long_file_names() -> None:
    """Called once at start-up (cchc/apps.py): the parser looks the limit up on every part."""
    multipartparser.MAX_TOTAL_HEADER_SIZE = max(multipartparser.MAX_TOTAL_HEADER_SIZE, MULTIPART_HEADER_LIMIT)


def shorten_file_name(name: str, limit: int = MAX_NAME_LENGTH) -> str:
    """The file name without folders, cut to `limit` characters keeping its extension."""
    name = PurePath(name.replace("\\", "/")).name
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) > 16:  # not an extension (no file type has one that long)
        suffix = ""
    return name[: limit - len(suffix)] + suffix


def _zip_kind(upload: UploadedFile) -> str:
    """docx, xlsx, odt, ods or plain zip, from the archive's own table of contents."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return "odt"
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
            return "zip"
    except zipfile.BadZipFile:
        return "unknown"
    finally:
        upload.seek(0)


def sniff_kind(upload: UploadedFile) -> str:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith((ZIP, EMPTY_ZIP)):
        return _zip_kind(upload)
    return "unknown"


# Which extensions each detected content may carry.
_COMPATIBLE = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "ole2": {"doc", "xls"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "odt": {"odt", "zip"},
    "ods": {"ods", "zip"},
    "zip": {"zip"},
}


def validate_document(upload: UploadedFile) -> None:
    """Raise ValidationError with a message a person can act on."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); giới hạn là %(limit)s MB."),
            code="too_large",
            params={"name": upload.name, "size": f"{upload.size / 1048576:.1f}", "limit": limit // 1048576},
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="empty", params={"name": upload.name})
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Loại tệp “.%(ext)s” không được chấp nhận. Chấp nhận: %(allowed)s."),
            code="extension",
            params={"ext": extension or "?", "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    kind = sniff_kind(upload)
    if extension not in _COMPATIBLE.get(kind, set()):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp .%(ext)s hợp lệ."),
            code="content",
            params={"name": upload.name, "ext": extension},
        )


class DocumentField(forms.FileField):
    """A form field for one evidence-like document, validated by content."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("PDF, Word, Excel, ODF, JPG/PNG hoặc ZIP; tối đa %(mb)s MB.") % {"mb": max_upload_bytes() // 1048576},
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, UploadedFile) and data.name:
            data.name = shorten_file_name(data.name)
        return super().to_python(data)

    def validate(self, value):
        super().validate(value)
        if value:
            validate_document(value)


@deconstructible
class RandomName:
    """upload_to: <folder>/<yyyy>/<uuid>.<ext>; the original name is kept in the row.
    A class rather than a closure so that migrations can serialise it."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def random_name(folder: str) -> RandomName:
    return RandomName(folder)


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Send a stored file as a download (never rendered inline)."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# What a person reads beside a stored file's name, and which files a page may show inline (the
# upload check made sure the content agrees with the extension: validate_document).
FILE_KINDS = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "odt": "OpenDocument",
    "ods": "OpenDocument",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "zip": "ZIP",
}
INLINE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def inline_response(field_file, name: str) -> FileResponse:
    """Send a stored PDF or image to be shown in the page (an <img> or a same-origin frame):
    its type from the checked extension, never sniffed; Http404 for any other kind."""
    content_type = INLINE_TYPES.get(file_extension(name))
    if content_type is None:
        raise Http404("Not shown inline")
    response = FileResponse(field_file.open("rb"), as_attachment=False, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
