"""What an evidence file (印证资料) is, decided by its content, and its thumbnail.

An upload is accepted only when its content is one of the allowed formats *and* its name's
extension says the same format: a JPEG, PNG or WebP image that Pillow can read (and that is
not a decompression bomb), a PDF, or an Office Open XML workbook or document (a zip with
``[Content_Types].xml`` and ``xl/`` resp. ``word/``). Forms, the API and the round page all
come through :func:`inspect_upload`, so none of them can accept what another refuses.

The storage is Django's ``STORAGES["evidence"]``: a local folder with no public URL in the
embedded default, an S3-compatible bucket when configured (``zonetrack/settings.py``).
"""

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .choices import EvidenceKind

STORAGE_ALIAS = "evidence"
# The longest side of a thumbnail, in pixels.
THUMBNAIL_SIZE = 320
# Images larger than this (in pixels) are refused before they are decoded: a small file can
# describe a huge image (a decompression bomb) that would exhaust the server's memory.
MAX_PIXELS = 60_000_000

JPEG, PNG, WEBP, PDF, XLSX, DOCX = "jpeg", "png", "webp", "pdf", "xlsx", "docx"


@dataclass(frozen=True)
class Format:
    code: str
    kind: str
    content_type: str
    label: str


FORMATS = {
    JPEG: Format(JPEG, EvidenceKind.IMAGE, "image/jpeg", "JPEG"),
    PNG: Format(PNG, EvidenceKind.IMAGE, "image/png", "PNG"),
    WEBP: Format(WEBP, EvidenceKind.IMAGE, "image/webp", "WebP"),
    PDF: Format(PDF, EvidenceKind.DOCUMENT, "application/pdf", "PDF"),
    XLSX: Format(
        XLSX,
        EvidenceKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
    ),
    DOCX: Format(
        DOCX,
        EvidenceKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
}
EXTENSIONS = {
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "webp": WEBP,
    "pdf": PDF,
    "xlsx": XLSX,
    "docx": DOCX,
}
# What Pillow calls each image format.
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
# The file-picker hint of forms (the server decides by content, never by this).
ACCEPT = ",".join(f".{ext}" for ext in EXTENSIONS)


def allowed_types_message() -> str:
    return str(
        _("Allowed are images (JPEG, PNG, WebP) and documents (PDF, XLSX, DOCX), at most {limit}.")
    ).format(limit=size_label(max_bytes()))


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def size_label(size: int) -> str:
    """A size as people read it: 20 MB, 25.3 MB, 512 KB (binary units, as the limit is)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


@dataclass(frozen=True)
class Upload:
    """What :func:`inspect_upload` found: the format, the size and the content's digest."""

    format: Format
    size: int
    sha256: str
    extension: str


def _sniff(head: bytes, data) -> str | None:
    """The format the content is, from its first bytes (and a zip's directory)."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            data.seek(0)
            with zipfile.ZipFile(data) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("xl/") for name in names):
            return XLSX
        if any(name.startswith("word/") for name in names):
            return DOCX
    return None


def _unreadable(fmt: Format) -> ValidationError:
    return ValidationError(
        _("The image cannot be read: the file is damaged or not a {label} image.").format(
            label=fmt.label
        ),
        code="unreadable_image",
    )


def _check_image(data, fmt: Format) -> None:
    """Pillow must open the image as the format its bytes announce and verify it; images
    too large to decode safely are refused before decoding."""
    unreadable = _unreadable(fmt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            data.seek(0)
            with Image.open(data) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "The image is too large to process: {width}×{height} pixels, "
                            "at most {limit} million pixels."
                        ).format(width=width, height=height, limit=MAX_PIXELS // 1_000_000),
                        code="image_too_large",
                    )
                if image.format != PILLOW_FORMATS[fmt.code]:
                    raise unreadable
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is too large to process (more than {limit} million pixels).").format(
                limit=MAX_PIXELS // 1_000_000
            ),
            code="image_too_large",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def inspect_upload(name: str, data) -> Upload:
    """Check an uploaded file (``data``: a binary file object, read from its start) named
    ``name`` by the user; returns what it is or raises ``ValidationError`` with a message
    that says why it is refused. Reads the file; stores nothing."""
    data.seek(0, io.SEEK_END)
    size = data.tell()
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is {size}; a file may be at most {limit}.").format(
                size=size_label(size), limit=size_label(limit)
            ),
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Files of type “{extension}” cannot be attached. {allowed}").format(
                extension=f".{extension}" if extension else _("without extension"),
                allowed=allowed_types_message(),
            ),
            code="unsupported",
        )
    claimed = FORMATS[EXTENSIONS[extension]]
    data.seek(0)
    head = data.read(16)
    found = _sniff(head, data)
    if found != claimed.code:
        raise ValidationError(
            _(
                "The file's content does not match its extension “.{extension}”: it is not "
                "a {label} file."
            ).format(extension=extension, label=claimed.label),
            code="content_mismatch",
        )
    if claimed.kind == EvidenceKind.IMAGE:
        _check_image(data, claimed)
    digest = hashlib.sha256()
    data.seek(0)
    for chunk in iter(lambda: data.read(1024 * 1024), b""):
        digest.update(chunk)
    data.seek(0)
    return Upload(claimed, size, digest.hexdigest(), extension)


def make_thumbnail(data, fmt: Format) -> bytes:
    """A JPEG at most :data:`THUMBNAIL_SIZE` pixels on its longest side, turned upright as
    the camera's EXIF orientation says, transparency on white. The stored image keeps its
    own bytes; only the thumbnail is re-encoded. An image that cannot be decoded to the end
    (``verify`` does not decode a JPEG) is refused here, before anything is stored."""
    try:
        return _thumbnail(data)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise _unreadable(fmt) from error


def _thumbnail(data) -> bytes:
    data.seek(0)
    with Image.open(data) as image:
        image.draft("RGB", (THUMBNAIL_SIZE * 2, THUMBNAIL_SIZE * 2))  # JPEG: decode smaller
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        if upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=82, optimize=True)
    data.seek(0)
    return out.getvalue()


class EvidenceStorage(LazyObject):
    """``STORAGES["evidence"]``, looked up when first used (and again after the setting
    changes, as tests do), so the model field is not bound to one backend at import."""

    def _setup(self):
        self._wrapped = storages[STORAGE_ALIAS]


evidence_storage = EvidenceStorage()


def get_evidence_storage():
    """The evidence files' storage, for ``FileField(storage=...)`` (a callable keeps the
    migration free of settings)."""
    return evidence_storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "EVIDENCE_ROOT"):
        evidence_storage._wrapped = empty
