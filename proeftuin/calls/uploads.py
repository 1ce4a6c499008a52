"""What an attachment really is, judged by its content, never by its name."""

import zipfile
from typing import IO

from django.utils.translation import gettext_lazy as _

from proeftuin.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024

OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff(head: bytes, handle: IO[bytes]) -> tuple[str, str] | None:
    """(kind, content type) of a file from its first bytes (and, for zip containers, its
    table of contents); None when it is none of the allowed kinds."""
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "office", "application/x-ole-storage"
    if head.startswith(b"PK\x03\x04"):
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype.startswith("application/vnd.oasis.opendocument."):
                        return "office", mimetype
                if "[Content_Types].xml" in names:
                    for prefix, content_type in OOXML.items():
                        if any(name.startswith(prefix) for name in names):
                            return "office", content_type
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload: IO[bytes], *, size: int, allowed: list[str]) -> str:
    """The content type of an acceptable upload, or a DomainError saying why not."""
    if size > MAX_BYTES:
        raise DomainError(_("Dit bestand is te groot (maximaal 10 MB)."))
    if size == 0:
        raise DomainError(_("Dit bestand is leeg."))
    upload.seek(0)
    head = upload.read(16)
    found = sniff(head, upload)
    upload.seek(0)
    if found is None:
        raise DomainError(
            _("Dit bestand is geen PDF, afbeelding of kantoordocument, wat de naam ook zegt.")
        )
    kind, content_type = found
    if kind not in allowed:
        raise DomainError(_("Deze oproep laat dit soort bijlage niet toe."))
    return content_type
