"""Upload checks: size, real content (not the file name), and EXIF removal for photos."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}

ALIASES = {"MPO": "JPEG"}


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str


def clean_upload(name: str, content: bytes, *, allow_pdf: bool = False) -> CleanFile:
    """Return a cleaned copy of an upload or raise InvalidInput naming the file."""
    limit = setting("UPLOAD_MAX_BYTES")
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
            # Phones save multi-picture JPEGs (depth map, HDR gain map) that Pillow calls MPO.
            fmt = ALIASES.get(image.format or "", image.format or "")
            if fmt not in IMAGE_FORMATS:
                raise UnidentifiedImageError(fmt)
            image.load()
            if fmt == "GIF":
                return CleanFile(name, content, IMAGE_FORMATS[fmt][0])
            # Turn the pixels upright first: the orientation tag goes with the rest of the EXIF.
            cleaned = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            cleaned.save(out, format=fmt)  # saved without EXIF: no location leaks
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
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
