"""Upload checks: size, real content (not the file name), and EXIF removal for photos."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lastmile.core.errors import InvalidInput

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str


def clean_upload(name: str, content: bytes, *, allow_pdf: bool = False) -> CleanFile:
    """Return a cleaned copy of an upload or raise InvalidInput naming the file."""
    limit = settings.LASTMILE["UPLOAD_MAX_BYTES"]
    if len(content) > limit:
        raise InvalidInput(
            _("“%(name)s” is larger than %(mb)d MB.") % {"name": name, "mb": limit // 2**20},
            field="photos",
        )
    if not content:
        raise InvalidInput(_("“%(name)s” is empty.") % {"name": name}, field="photos")
    if allow_pdf and content.startswith(b"%PDF-"):
        return CleanFile(name=name, content=content, content_type="application/pdf")
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            fmt = image.format or ""
            if fmt not in IMAGE_FORMATS:
                raise UnidentifiedImageError(fmt)
            image.load()
            if fmt == "GIF":
                return CleanFile(name, content, IMAGE_FORMATS[fmt][0])
            cleaned = ImageOps.exif_transpose(image) if fmt == "JPEG" else image
            out = io.BytesIO()
            cleaned.save(out, format=fmt)  # saved without EXIF: no location leaks
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        allowed = (
            _("a photo (JPEG, PNG, WebP or GIF) or a PDF")
            if allow_pdf
            else _("a photo (JPEG, PNG, WebP or GIF)")
        )
        raise InvalidInput(
            _("“%(name)s” is not %(allowed)s.") % {"name": name, "allowed": allowed},
            field="photos",
        ) from exc
    content_type, ext = IMAGE_FORMATS[fmt]
    base = name.rsplit(".", 1)[0][:80] or "photo"
    return CleanFile(name=f"{base}.{ext}", content=out.getvalue(), content_type=content_type)
