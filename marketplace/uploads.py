"""Uploaded files: checked by their content (not their name), kept out of the public media folder, and
served only through views that check who is asking.

Résumés, logos and (later) deliverables all go through these checks, so the rules live in one place.
"""

import codecs
import math
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property

MAX_PDF_BYTES = 5 * 1024 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024
# Pixels as well as bytes: a small file can claim (or really hold) an image that takes gigabytes to decode.
# A logo is shown small, so 4,000 x 4,000 is plenty; an image handed in as work may be a large scan.
MAX_IMAGE_PIXELS = 4_000 * 4_000
MAX_DELIVERABLE_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class PrivateFileSystemStorage(FileSystemStorage):
    """Files nobody may fetch by URL, under `settings.PRIVATE_MEDIA_ROOT` (read when first needed and again
    whenever the setting changes, so tests can point it at a temporary folder)."""

    def __init__(self, location: str | None = None, **kwargs) -> None:
        super().__init__(location=location, base_url=None, **kwargs)
        setting_changed.connect(self._forget_location)

    def _forget_location(self, *, setting: str, **kwargs) -> None:
        if setting == "PRIVATE_MEDIA_ROOT":
            for name in ("base_location", "location"):
                self.__dict__.pop(name, None)

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, str(settings.PRIVATE_MEDIA_ROOT))

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


def private_storage() -> FileSystemStorage:
    """The storage of files nobody may fetch by URL; the model fields name this callable, not a path."""
    return storages["private"]


def _check_size(upload: UploadedFile, *, limit: int, what: str) -> None:
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"This {what} is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}.",
            code="file_too_large",
        )
    if not upload.size:
        raise ValidationError(f"This {what} is empty.", code="file_empty")


def _head_and_tail(upload: UploadedFile, size: int = 1024) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(max(0, upload.size - size))
    tail = upload.read(size)
    upload.seek(0)
    return head, tail


def validate_pdf_upload(upload: UploadedFile) -> None:
    """A real PDF of at most 5 MB: the `%PDF-` header in the first kilobyte and an end-of-file marker.

    A Word file or an image renamed to `.pdf` fails, whatever its name or the browser's content type says.
    """
    _check_size(upload, limit=MAX_PDF_BYTES, what="file")
    head, tail = _head_and_tail(upload)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            "This file is not a PDF. Export your document as PDF and upload that.", code="not_a_pdf"
        )


def validate_image_upload(upload: UploadedFile) -> str:
    """A PNG, JPEG or WebP image of at most 2 MB and 16 megapixels that Pillow can actually read; returns
    its content type.

    SVG is refused on purpose: it can carry scripts.
    """
    _check_size(upload, limit=MAX_IMAGE_BYTES, what="image")
    image_format = _image_format(upload, max_pixels=MAX_IMAGE_PIXELS)
    if image_format is None:
        raise ValidationError("Upload a PNG, JPEG or WebP image.", code="not_an_image")
    return IMAGE_FORMATS[image_format]


def upload_name(upload: UploadedFile, *, allowed_suffixes: Iterable[str], default_suffix: str) -> str:
    """A safe stored name: the original stem, with the suffix that matches what the content was checked as."""
    path = PurePath(upload.name or "file")
    suffix = path.suffix.lower() if path.suffix.lower() in set(allowed_suffixes) else default_suffix
    stem = "".join(ch for ch in path.stem if ch.isalnum() or ch in "-_ ")[:80].strip() or "file"
    return f"{stem}{suffix}"


# Characters no file name shown or offered for download may hold: path separators and what Windows refuses.
_NAME_RESERVED = set('/\\:*?"<>|')
MAX_DISPLAY_NAME = 200


def display_name(upload: UploadedFile, *, allowed_suffixes: Iterable[str], default_suffix: str) -> str:
    """The name the uploader gave the file, fit to show people and to offer as the download name.

    Only its last path part is kept; control and formatting characters (such as a right-to-left override
    that would make `exe.pdf` look like `fdp.exe`) are dropped and reserved ones replaced by `_`; at most
    200 characters, ending in a suffix of the kind the content was checked as. Never used as a path: the
    file is stored under `upload_name` (made unique by the storage).
    """
    raw = unicodedata.normalize("NFC", upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        "_" if ch in _NAME_RESERVED else ch for ch in raw if not unicodedata.category(ch).startswith("C")
    )
    cleaned = " ".join(cleaned.split()).strip(" .")
    path = PurePath(cleaned or "file")
    allowed = set(allowed_suffixes)
    stem, suffix = (path.stem, path.suffix) if path.suffix.lower() in allowed else (path.name, default_suffix)
    stem = stem[: MAX_DISPLAY_NAME - len(suffix)].rstrip(" .") or "file"
    return f"{stem}{suffix}"


def private_file_response(
    field_file: FieldFile, *, download_name: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """Stream a private file after the caller has checked access: as an attachment by default, never
    sniffed by the browser, never cached by shared caches."""
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("No file.") from None
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Deliverables ------------------------------------------------------------------------------------------

MAX_DELIVERABLE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A type of file accepted as a deliverable: its name for people, stored suffixes and content type."""

    label: str
    suffixes: tuple[str, ...]
    content_type: str


DELIVERABLE_KINDS = {
    "pdf": FileKind("PDF", (".pdf",), "application/pdf"),
    "png": FileKind("PNG image", (".png",), "image/png"),
    "jpeg": FileKind("JPEG image", (".jpg", ".jpeg"), "image/jpeg"),
    "webp": FileKind("WebP image", (".webp",), "image/webp"),
    "docx": FileKind(
        "Word document",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": FileKind(
        "Excel workbook", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "pptx": FileKind(
        "PowerPoint presentation",
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "zip": FileKind("ZIP archive", (".zip",), "application/zip"),
    "csv": FileKind("CSV file", (".csv",), "text/csv; charset=utf-8"),
    "text": FileKind("text file", (".txt", ".md"), "text/plain; charset=utf-8"),
}
DELIVERABLE_ACCEPT = ",".join(suffix for kind in DELIVERABLE_KINDS.values() for suffix in kind.suffixes)
DELIVERABLE_TYPES_TEXT = "PDF, PNG, JPEG, WebP, Word, Excel, PowerPoint, ZIP, CSV or plain text"
_OFFICE_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
# Text a browser would run as a page or a script if it ever opened it: not accepted as "plain text".
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")


def _zip_kind(upload: UploadedFile) -> str | None:
    """The kind of a ZIP upload: docx, xlsx or pptx for Office files, zip for others, None for no ZIP at all.

    Only the central directory is read (no entry is unpacked), so a ZIP bomb costs nothing here.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for folder, kind in _OFFICE_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                return kind
    return "zip"


def _is_utf8_text(upload: UploadedFile) -> bool:
    """Every byte decodes as UTF-8 and there is no NUL byte (which no text file has, and binaries do)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _too_many_pixels(max_pixels: int, size: tuple[int, int] | None = None) -> ValidationError:
    shown = f" is {size[0]:,} x {size[1]:,} pixels;" if size else " has too many pixels;"
    return ValidationError(
        f"This image{shown} the limit is {max_pixels / 1_000_000:g} million pixels "
        f"(e.g. {math.isqrt(max_pixels):,} x {math.isqrt(max_pixels):,}). Resize it and upload it again.",
        code="image_too_many_pixels",
    )


def _image_format(upload: UploadedFile, *, max_pixels: int) -> str | None:
    """PNG, JPEG or WEBP for an image Pillow can actually read; None otherwise.

    The size in pixels comes from the header, before anything is decoded: an image of more than
    `max_pixels` raises ValidationError (as does one big enough for Pillow's own decompression-bomb guard).
    """
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                if image.width * image.height > max_pixels:
                    raise _too_many_pixels(max_pixels, image.size)
                image.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        upload.seek(0)
    return image_format if image_format in IMAGE_FORMATS else None


def _deliverable_kind(upload: UploadedFile) -> str | None:
    """The key in DELIVERABLE_KINDS that the content is, or None; the name only tells CSV from plain text."""
    head, tail = _head_and_tail(upload)
    if head.startswith(b"%PDF-") and b"%%EOF" in tail:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(upload)
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG")) or head[8:12] == b"WEBP":
        image_format = _image_format(upload, max_pixels=MAX_DELIVERABLE_IMAGE_PIXELS)
        return image_format.lower() if image_format else None
    if _is_utf8_text(upload):
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
            return None
        return "csv" if PurePath(upload.name or "").suffix.lower() == ".csv" else "text"
    return None


def validate_deliverable_upload(upload: UploadedFile) -> FileKind:
    """A deliverable file of at most 25 MB whose CONTENT is one of the accepted kinds; returns that kind.

    A name that claims another accepted kind is refused (a program or a web page renamed `.pdf` fails),
    and so is text that starts like a web page or an SVG, which could run in a browser. Store the file as
    `upload_name(upload, allowed_suffixes=kind.suffixes, default_suffix=kind.suffixes[0])`.
    """
    _check_size(upload, limit=MAX_DELIVERABLE_BYTES, what="file")
    kind_key = _deliverable_kind(upload)
    if kind_key is None:
        raise ValidationError(
            f"This type of file is not accepted. Upload a {DELIVERABLE_TYPES_TEXT} file, or share a link.",
            code="file_type_not_accepted",
        )
    kind = DELIVERABLE_KINDS[kind_key]
    suffix = PurePath(upload.name or "").suffix.lower()
    claimed = next((other for other in DELIVERABLE_KINDS.values() if suffix in other.suffixes), None)
    if claimed is not None and claimed != kind:
        raise ValidationError(
            f"This file is named {suffix} but its content is a {kind.label}. Check that you picked the "
            "right file.",
            code="file_type_mismatch",
        )
    return kind


def deliverable_content_type(name: str) -> str:
    """The content type to serve a stored deliverable with, from the suffix its checked content gave it."""
    suffix = PurePath(name).suffix.lower()
    for kind in DELIVERABLE_KINDS.values():
        if suffix in kind.suffixes:
            return kind.content_type
    return "application/octet-stream"
