"""Uploaded files: checked by their content (not their name), kept out of the public media folder, and
served only through views that check who is asking.

Résumés, logos and (later) deliverables all go through these checks, so the rules live in one place.
"""

from collections.abc import Iterable
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
    """A PNG, JPEG or WebP image of at most 2 MB that Pillow can actually read; returns its content type.

    SVG is refused on purpose: it can carry scripts.
    """
    from PIL import Image, UnidentifiedImageError

    _check_size(upload, limit=MAX_IMAGE_BYTES, what="image")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError("Upload a PNG, JPEG or WebP image.", code="not_an_image")
    return IMAGE_FORMATS[image_format]


def upload_name(upload: UploadedFile, *, allowed_suffixes: Iterable[str], default_suffix: str) -> str:
    """A safe stored name: the original stem, with the suffix that matches what the content was checked as."""
    path = PurePath(upload.name or "file")
    suffix = path.suffix.lower() if path.suffix.lower() in set(allowed_suffixes) else default_suffix
    stem = "".join(ch for ch in path.stem if ch.isalnum() or ch in "-_ ")[:80].strip() or "file"
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
