"""One validator for every upload: judged by its bytes, never by its name or declared type.

``verify_upload(name, content, kinds=…)`` returns a ``CleanFile`` (a safe name, the bytes to
store and the content type) or raises ``InvalidInput`` naming the file and the reason:

- **size**: empty files and files over the limit (``LASTMILE["UPLOAD_MAX_BYTES"]`` unless the
  caller passes ``max_bytes``) are refused; ``check_size`` refuses before reading into memory;
- **images** (JPEG, PNG, WebP, GIF): opened, verified and re-encoded by Pillow, so what is stored
  is pixels only. EXIF, XMP, comments and text chunks are dropped; the orientation is applied
  first. With ``keep_location=True`` (the resident ticked "share my location with this photo")
  only the GPS block is written back. Over ``LASTMILE["UPLOAD_MAX_PIXELS"]`` pixels is refused;
- **PDF**: header, an object, a trailer or cross-reference and the end marker present;
  JavaScript and ``/Launch`` actions refused (names with ``#xx`` escapes are decoded first);
- **xlsx / docx**: a zip with ``[Content_Types].xml`` and the workbook or document part; macros
  (``vbaProject.bin``) and zip bombs refused;
- **csv**: text without NUL bytes, UTF-8 or GB18030;
- **polyglots**: a file that is also an archive, a web page or a script is refused;
- the **name** is reduced to letters, digits and a few marks (no path, control, zero-width or
  right-to-left characters) and gets the extension of the detected type.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from lastmile.core.errors import InvalidInput

IMAGE, PDF, XLSX, DOCX, CSV = "image", "pdf", "xlsx", "docx", "csv"

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}
ALIASES = {"MPO": "JPEG"}  # phones save multi-picture JPEGs (depth map, HDR gain map)
TYPES = {
    PDF: ("application/pdf", "pdf"),
    XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    DOCX: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    CSV: ("text/csv", "csv"),
}
OFFICE_PARTS = {XLSX: "xl/workbook.xml", DOCX: "word/document.xml"}
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 150

# Markers of another format hidden in a file; long enough not to turn up by chance in
# compressed image data.
_MARKUP = re.compile(
    rb"<\s*script[\s>/]|<\s*html[\s>]|<\s*iframe[\s>/]|<!doctype\s+html|<\?php|javascript:",
    re.IGNORECASE,
)
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str


# ---- limits and names --------------------------------------------------------------------------


def _lastmile(name: str, default: int) -> int:
    return int(getattr(settings, "LASTMILE", {}).get(name, default))


def max_upload_bytes() -> int:
    return _lastmile("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def _too_big(name: str, limit: int, field: str) -> InvalidInput:
    return InvalidInput(
        _("“%(name)s” is larger than %(mb)d MB.") % {"name": name, "mb": max(1, limit // 2**20)},
        field=field,
    )


def check_size(upload: Any, *, max_bytes: int | None = None, field: str = "photos") -> None:
    """Refuse an uploaded file over the limit before reading it into memory."""
    limit = max_bytes or max_upload_bytes()
    if (getattr(upload, "size", 0) or 0) > limit:
        raise _too_big(display_name(getattr(upload, "name", "")), limit, field)


def display_name(name: str | None) -> str:
    """The file's own name for messages: no path, no control or direction characters."""
    base = re.split(r"[/\\]", name or "")[-1]
    text = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return text[:80] or _("the file")


def safe_filename(name: str | None, ext: str, default: str = "file") -> str:
    """A storable name: letters (any script), digits, '-', '_', '(', ')'; the detected
    extension; at most 80 characters before it."""
    base = unicodedata.normalize("NFKC", re.split(r"[/\\]", name or "")[-1])
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    chars = []
    for ch in stem:
        if unicodedata.category(ch)[0] == "C":  # control, zero-width, bidi overrides
            continue
        chars.append(ch if ch.isalnum() or ch in "-_()" else "_")
    clean = re.sub(r"_+", "_", "".join(chars)).strip("._-")[:80]
    return f"{clean or default}.{ext}"


# ---- detection ---------------------------------------------------------------------------------


def _is_zip(content: bytes) -> bool:
    return content.startswith(b"PK\x03\x04")


def _hides_archive(content: bytes) -> bool:
    return b"PK\x03\x04" in content and b"PK\x05\x06" in content


def _refuse(name: str, message: str, field: str) -> InvalidInput:
    return InvalidInput(message % {"name": name}, field=field)


def _allowed_text(kinds: Collection[str]) -> str:
    kinds = set(kinds)
    if kinds == {IMAGE}:
        return _("a photo (JPEG, PNG, WebP or GIF)")
    if kinds == {IMAGE, PDF}:
        return _("a photo (JPEG, PNG, WebP or GIF) or a PDF")
    names = {
        IMAGE: _("a photo (JPEG, PNG, WebP or GIF)"),
        PDF: _("a PDF"),
        XLSX: _("an Excel workbook (.xlsx)"),
        DOCX: _("a Word document (.docx)"),
        CSV: _("a CSV file"),
    }
    return _(" or ").join(str(names[k]) for k in (IMAGE, PDF, XLSX, DOCX, CSV) if k in kinds)


def _not_allowed(name: str, kinds: Collection[str], field: str) -> InvalidInput:
    if set(kinds) == {PDF}:
        return InvalidInput(_("“%(name)s” is not a PDF document.") % {"name": name}, field=field)
    return InvalidInput(
        _("“%(name)s” is not %(allowed)s.") % {"name": name, "allowed": _allowed_text(kinds)},
        field=field,
    )


def _polyglot(name: str, field: str) -> InvalidInput:
    return _refuse(
        name,
        _(
            "“%(name)s” also contains a web page, a script or an archive hidden inside, so it "
            "was refused. Save it again from the original program and attach the new file."
        ),
        field,
    )


# ---- the validator -----------------------------------------------------------------------------


def verify_upload(
    name: str | None,
    content: bytes,
    *,
    kinds: Collection[str] = (IMAGE,),
    max_bytes: int | None = None,
    keep_location: bool = False,
    field: str = "photos",
) -> CleanFile:
    """A cleaned copy of the upload, or ``InvalidInput`` naming the file and the reason."""
    shown = display_name(name)
    limit = max_bytes or max_upload_bytes()
    if not content:
        raise InvalidInput(_("“%(name)s” is empty.") % {"name": shown}, field=field)
    if len(content) > limit:
        raise _too_big(shown, limit, field)
    if content.startswith(b"%PDF-"):
        if PDF not in kinds:
            raise _not_allowed(shown, kinds, field)
        _check_pdf(shown, content, kinds, field)
        return _typed(name, content, PDF)
    if _is_zip(content):
        return _office(name, shown, content, kinds, field)
    if IMAGE in kinds:
        try:
            return _image(name, shown, content, kinds, keep_location=keep_location, field=field)
        except InvalidInput as error:
            if CSV not in kinds or error.code != "not_image":
                raise
    if CSV in kinds:
        return _csv(name, shown, content, kinds, field)
    raise _not_allowed(shown, kinds, field)


def clean_upload(
    name: str, content: bytes, *, allow_pdf: bool = False, keep_location: bool = False
) -> CleanFile:
    """A photo (or, with ``allow_pdf``, a PDF) for the concern loop and the apps above it."""
    return verify_upload(
        name, content, kinds=(IMAGE, PDF) if allow_pdf else (IMAGE,), keep_location=keep_location
    )


def _typed(name: str | None, content: bytes, kind: str) -> CleanFile:
    content_type, ext = TYPES[kind]
    return CleanFile(safe_filename(name, ext, default=kind), content, content_type)


def _check_pdf(shown: str, content: bytes, kinds: Collection[str], field: str) -> None:
    tail = content[-2048:]
    has_index = any(mark in content for mark in (b"startxref", b"trailer", b"/XRef"))
    if b"%%EOF" not in tail or not has_index or not _PDF_OBJECT.search(content):
        raise _refuse(shown, _("“%(name)s” is not a complete PDF document."), field)
    if _hides_archive(content) or _MARKUP.search(content[:4096]):
        raise _polyglot(shown, field)
    names = _PDF_NAME_ESCAPE.sub(
        lambda m: re.sub(rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), m[0]),
        content,
    )
    if _PDF_ACTIONS.search(names):
        raise _refuse(
            shown,
            _(
                "“%(name)s” contains JavaScript or an action that starts a program, which is "
                "not accepted. Print it to a new PDF and attach that."
            ),
            field,
        )


def _office(
    name: str | None, shown: str, content: bytes, kinds: Collection[str], field: str
) -> CleanFile:
    wanted = [k for k in (XLSX, DOCX) if k in kinds]
    if not wanted:
        raise _not_allowed(shown, kinds, field)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _not_allowed(shown, kinds, field) from exc
    names = {m.filename for m in members}
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if len(members) > ZIP_MAX_MEMBERS or unpacked > ZIP_MAX_UNPACKED:
        raise _refuse(shown, _("“%(name)s” unpacks to too much data."), field)
    if unpacked / packed > ZIP_MAX_RATIO:
        raise _refuse(shown, _("“%(name)s” unpacks to too much data."), field)
    kind = next((k for k in wanted if OFFICE_PARTS[k] in names), None)
    if kind is None or "[Content_Types].xml" not in names:
        raise _not_allowed(shown, kinds, field)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _refuse(
            shown,
            _("“%(name)s” contains macros, which are not accepted. Save it without macros."),
            field,
        )
    if any(n.startswith("/") or ".." in n.split("/") for n in names):
        raise _polyglot(shown, field)
    return _typed(name, content, kind)


def _csv(
    name: str | None, shown: str, content: bytes, kinds: Collection[str], field: str
) -> CleanFile:
    if b"\x00" in content or _MARKUP.search(content):
        raise _not_allowed(shown, kinds, field)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _typed(name, content, CSV)
    raise _not_allowed(shown, kinds, field)


def _image(
    name: str | None,
    shown: str,
    content: bytes,
    kinds: Collection[str],
    *,
    keep_location: bool,
    field: str,
) -> CleanFile:
    max_pixels = _lastmile("UPLOAD_MAX_PIXELS", 40_000_000)
    try:
        with Image.open(io.BytesIO(content)) as probe:
            fmt = ALIASES.get(probe.format or "", probe.format or "")
            if fmt not in IMAGE_FORMATS:
                raise UnidentifiedImageError(fmt)
            width, height = probe.size
            if width * height > max_pixels:
                raise InvalidInput(
                    _("“%(name)s” has too many pixels (at most %(mp)d million).")
                    % {"name": shown, "mp": max_pixels // 1_000_000},
                    field=field,
                )
            probe.verify()
        if _hides_archive(content) or _MARKUP.search(content):
            raise _polyglot(shown, field)
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            out = io.BytesIO()
            if fmt == "GIF":
                for key in ("comment", "extension", "xmp", "exif"):
                    image.info.pop(key, None)
                image.save(out, format="GIF", save_all=getattr(image, "n_frames", 1) > 1)
            else:
                gps = _gps(image) if keep_location else None
                # Upright pixels first: the orientation tag goes with the rest of the metadata.
                cleaned = ImageOps.exif_transpose(image)
                kept: dict[str, Any] = {
                    str(k): v for k, v in image.info.items() if k in ("icc_profile", "dpi")
                }
                if fmt == "PNG" and "transparency" in image.info:
                    kept["transparency"] = image.info["transparency"]
                cleaned.info = {k: v for k, v in kept.items()}
                options = kept
                if gps is not None:
                    options["exif"] = gps
                if fmt == "JPEG":
                    options["quality"] = 90
                cleaned.save(out, format=fmt, **options)
    except InvalidInput:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        error = _not_allowed(shown, kinds, field)
        error.code = "not_image"
        raise error from exc
    content_type, ext = IMAGE_FORMATS[fmt]
    return CleanFile(safe_filename(name, ext, default="photo"), out.getvalue(), content_type)


def _gps(image: Image.Image) -> Image.Exif | None:
    """Only the GPS block of the photo's EXIF, or None when it has none."""
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    if not gps:
        return None
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = dict(gps)
    return exif
