"""Upload checks: real content, size, EXIF removal, PDF only where allowed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lastmile.concerns.uploads import clean_upload
from lastmile.core.errors import InvalidInput

GPS_IFD = 0x8825


def _image_bytes(fmt: str, *, gps: bool = True, size=(24, 16)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (28.0, 12.0, 30.0), 3: "E", 4: (112.0, 58.0, 0.0)}
        exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    return _image_bytes("PNG")


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_photo_is_reencoded_without_exif(fmt, ext):
    raw = _image_bytes(fmt)
    with Image.open(io.BytesIO(raw)) as original:
        assert GPS_IFD in original.getexif()
    cleaned = clean_upload(f"IMG_0001.{ext}", raw)
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.format == fmt
        assert not result.info.get("exif")
        assert dict(result.getexif()) == {}
        assert result.size == (24, 16)
    assert cleaned.content_type == f"image/{'jpeg' if fmt == 'JPEG' else ext}"


def test_name_follows_the_real_format():
    cleaned = clean_upload("photo.jpg", png_bytes())  # a PNG named .jpg
    assert cleaned.name == "photo.png" and cleaned.content_type == "image/png"


def test_text_named_jpg_is_rejected():
    with pytest.raises(InvalidInput) as info:
        clean_upload("photo.jpg", "我不是图片".encode() * 20)
    assert info.value.field == "photos"
    assert "photo.jpg" in str(info.value)


def test_empty_is_rejected():
    with pytest.raises(InvalidInput):
        clean_upload("x.png", b"")


def test_over_ten_megabytes_is_rejected(settings):
    limit = settings.LASTMILE["UPLOAD_MAX_BYTES"]
    assert limit == 10 * 1024 * 1024
    with pytest.raises(InvalidInput) as info:
        clean_upload("big.png", png_bytes() + b"\0" * limit)
    assert "10" in str(info.value)


def test_pdf_only_for_evidence():
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    with pytest.raises(InvalidInput):
        clean_upload("report.pdf", pdf)
    cleaned = clean_upload("report.pdf", pdf, allow_pdf=True)
    assert cleaned.content_type == "application/pdf" and cleaned.content == pdf


def test_truncated_image_is_rejected():
    with pytest.raises(InvalidInput):
        clean_upload("broken.png", png_bytes()[:60])


def test_decompression_bomb_is_rejected_not_a_crash(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # as if 100x100 were a huge image
    out = io.BytesIO()
    Image.new("1", (100, 100)).save(out, format="PNG")
    with pytest.raises(InvalidInput):
        clean_upload("bomb.png", out.getvalue())


def test_multi_picture_jpeg_from_a_phone_is_accepted_as_jpeg():
    first, second = Image.new("RGB", (30, 20), "red"), Image.new("RGB", (30, 20), "blue")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (28.0, 12.0, 30.0)}
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second], exif=exif.tobytes())
    cleaned = clean_upload("IMG_0002.JPG", out.getvalue())
    assert cleaned.content_type == "image/jpeg" and cleaned.name == "IMG_0002.jpg"
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.format == "JPEG" and dict(result.getexif()) == {}


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_orientation_is_applied_before_the_exif_goes(fmt):
    image = Image.new("RGB", (40, 10), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    cleaned = clean_upload(f"x.{fmt.lower()}", out.getvalue())
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.size == (10, 40)
        assert dict(result.getexif()) == {}
