"""The one upload validator (lastmile/core/uploads.py): content, not names, decides."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from PIL import ExifTags, Image

from lastmile.concerns.choices import Kind
from lastmile.concerns.models import Attachment, Concern
from lastmile.core import uploads
from lastmile.core.errors import InvalidInput
from lastmile.core.uploads import CSV, DOCX, IMAGE, PDF, XLSX, safe_filename, verify_upload

NOT_PHOTO = "不是照片（JPEG、PNG、WebP 或 GIF）"
HIDDEN = "内部夹带了网页、脚本或压缩包"
SCRIPT_PDF = "含有JavaScript脚本"
PDF_DOC = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\nstartxref\n0\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def jpeg_with_exif(*, orientation: int = 1, size: tuple[int, int] = (40, 20)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (28.0, 12.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (112.0, 55.0, 0.0),
    }
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def image_bytes(fmt: str, **save: Any) -> bytes:
    out = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, (16, 16)).save(out, format=fmt, **save)
    return out.getvalue()


def opened(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["标题", "内容"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(name: str, content: bytes, **kw: Any) -> str:
    with pytest.raises(InvalidInput) as exc:
        verify_upload(name, content, **kw)
    return str(exc.value.message)


# ---- photos ------------------------------------------------------------------------------------


def test_jpeg_loses_exif_and_gps_and_is_turned_upright() -> None:
    clean = verify_upload("井盖.JPG", jpeg_with_exif(orientation=6))
    assert clean.content_type == "image/jpeg" and clean.name == "井盖.jpg"
    image = opened(clean.content)
    assert dict(image.getexif()) == {}
    assert image.size == (20, 40)  # rotated by the orientation tag, which is gone


def test_location_is_kept_only_when_the_resident_chose_to_share_it() -> None:
    clean = verify_upload("p.jpg", jpeg_with_exif(), keep_location=True)
    exif = opened(clean.content).getexif()
    assert ExifTags.Base.Make not in exif  # the camera and everything else still go
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert tuple(float(x) for x in gps[ExifTags.GPS.GPSLongitude]) == (112.0, 55.0, 0.0)
    plain = verify_upload("p.jpg", image_bytes("JPEG"), keep_location=True)
    assert dict(opened(plain.content).getexif()) == {}


def test_clean_upload_passes_the_choice_on() -> None:
    shared = uploads.clean_upload("p.jpg", jpeg_with_exif(), keep_location=True)
    assert opened(shared.content).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    private = uploads.clean_upload("p.jpg", jpeg_with_exif())
    assert not opened(private.content).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_png_webp_gif_are_reencoded_without_metadata() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret note")
    png = verify_upload("a.png", image_bytes("PNG", pnginfo=info))
    assert png.content_type == "image/png" and b"secret note" not in png.content
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    webp = verify_upload("b.webp", image_bytes("WEBP", exif=exif))
    assert webp.content_type == "image/webp" and b"PhoneMaker" not in webp.content
    gif = verify_upload("c.gif", image_bytes("GIF", comment=b"hello comment"))
    assert gif.content_type == "image/gif" and b"hello comment" not in gif.content


def test_animated_gif_keeps_its_frames() -> None:
    frames = [Image.new("RGB", (8, 8), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    clean = verify_upload("anim.gif", out.getvalue())
    assert getattr(opened(clean.content), "n_frames", 1) == 3


def test_not_an_image_is_named_and_refused() -> None:
    message = refused("路灯.jpg", "其实是一段文字".encode())
    assert "“路灯.jpg”" in message and NOT_PHOTO in message
    assert "PDF" in refused("x.jpg", b"\x89PNG\r\n\x1a\nbroken", kinds=(IMAGE, PDF))


def test_empty_and_too_large() -> None:
    assert "空文件" in refused("a.jpg", b"")
    assert "超过 1 MB" in refused("a.jpg", b"x" * (2**20 + 1), max_bytes=2**20)
    big = SimpleUploadedFile("big.jpg", b"x" * 10, "image/jpeg")
    with pytest.raises(InvalidInput) as exc:
        uploads.check_size(big, max_bytes=5, field="photos")
    assert "big.jpg" in str(exc.value.message) and exc.value.field == "photos"


def test_too_many_pixels(settings: Any) -> None:
    settings.LASTMILE = {**settings.LASTMILE, "UPLOAD_MAX_PIXELS": 1_000_000}
    out = io.BytesIO()
    Image.new("L", (1100, 1000)).save(out, format="PNG")
    assert "像素过多" in refused("huge.png", out.getvalue())


# ---- polyglots -------------------------------------------------------------------------------


def test_image_with_an_archive_appended_is_refused() -> None:
    polyglot = image_bytes("JPEG") + zip_bytes({"evil.html": b"<b>hi</b>"})
    assert HIDDEN in refused("gifar.jpg", polyglot)


def test_image_with_a_script_inside_is_refused() -> None:
    jpeg = image_bytes("JPEG")
    # A JPEG comment segment (FFFE) carrying markup, right after the start marker.
    payload = b"<script>alert(document.cookie)</script>"
    segment = b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload
    assert HIDDEN in refused("x.jpg", jpeg[:2] + segment + jpeg[2:])
    assert HIDDEN in refused("y.png", image_bytes("PNG") + b"<html><body>hi</body></html>")
    assert HIDDEN in refused("z.gif", image_bytes("GIF") + b"<?php system($_GET['c']); ?>")


def test_pdf_with_javascript_or_launch_is_refused() -> None:
    kinds = (IMAGE, PDF)
    js = PDF_DOC.replace(b"/Type /Catalog", b"/OpenAction <</S /JavaScript /JS (app.alert(1))>>")
    assert SCRIPT_PDF in refused("a.pdf", js, kinds=kinds)
    escaped = PDF_DOC.replace(b"/Type /Catalog", b"/OpenAction <</S /J#61vaScript>>")
    assert SCRIPT_PDF in refused("b.pdf", escaped, kinds=kinds)
    launch = PDF_DOC.replace(b"/Type /Catalog", b"/OpenAction <</S /Launch /F (cmd.exe)>>")
    assert SCRIPT_PDF in refused("c.pdf", launch, kinds=kinds)
    polyglot = PDF_DOC + zip_bytes({"a.txt": b"x"}) + b"\n%%EOF\n"
    assert HIDDEN in refused("d.pdf", polyglot, kinds=kinds)
    html = PDF_DOC.replace(b"1 0 obj", b"<html><script>x</script></html>\n1 0 obj")
    assert HIDDEN in refused("e.pdf", html, kinds=kinds)


def test_pdf_structure() -> None:
    clean = verify_upload("报告.PDF", PDF_DOC, kinds=(PDF,))
    assert clean.content_type == "application/pdf" and clean.name == "报告.pdf"
    assert clean.content == PDF_DOC
    assert "不是完整的PDF文件" in refused("cut.pdf", PDF_DOC[:40], kinds=(PDF,))
    assert "不是完整的PDF文件" in refused("x.pdf", b"%PDF-1.4\n%%EOF\n", kinds=(PDF,))
    assert "不是PDF文件" in refused("x.pdf", image_bytes("PNG"), kinds=(PDF,))
    assert NOT_PHOTO in refused("x.pdf", PDF_DOC)  # a photo field takes no PDF


# ---- office files and CSV --------------------------------------------------------------------


def test_xlsx_workbook_accepted_by_content() -> None:
    clean = verify_upload("名单.xlsx", workbook(), kinds=(XLSX,), field="file")
    assert clean.name == "名单.xlsx" and clean.content_type.endswith("spreadsheetml.sheet")
    renamed = verify_upload("名单.csv", workbook(), kinds=(XLSX, CSV), field="file")
    assert renamed.name == "名单.xlsx"


def test_macros_bombs_and_other_zips_are_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    macro = zip_bytes({**members, "xl/vbaProject.bin": b"\x00" * 100})
    assert "含有宏" in refused("m.xlsx", macro, kinds=(XLSX,))
    bomb = zip_bytes({**members, "xl/big.xml": b"0" * 5_000_000})
    assert "解压后的数据量过大" in refused("bomb.xlsx", bomb, kinds=(XLSX,))
    other = zip_bytes({"readme.txt": b"hello"})
    assert "Excel 工作簿" in refused("a.xlsx", other, kinds=(XLSX,))
    assert "Excel 工作簿" in refused("a.xlsx", b"PK\x03\x04 not a zip at all", kinds=(XLSX,))
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert verify_upload("a.docx", docx, kinds=(DOCX,)).content_type.endswith("document")
    assert "Word 文档" in refused("a.docx", workbook(), kinds=(DOCX,))


def test_csv_is_plain_text() -> None:
    assert verify_upload("a.csv", "标题,内容\n路灯,坏了\n".encode(), kinds=(CSV,)).name == "a.csv"
    assert verify_upload("b.csv", "标题,内容\n".encode("gb18030"), kinds=(CSV,)).name == "b.csv"
    assert "CSV 文件" in refused("c.csv", b"\x00\x01\x02binary", kinds=(CSV,))
    assert "CSV 文件" in refused("d.csv", b"a,b\n<script>alert(1)</script>\n", kinds=(CSV,))


# ---- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "ext", "expected"),
    [
        ("../../etc/passwd.jpg", "jpg", "passwd.jpg"),
        ("C:\\Users\\me\\照片 1.jpeg", "jpg", "照片_1.jpg"),
        ("photo\u202egpj.exe", "png", "photogpj.png"),  # right-to-left override removed
        ("a\u200bb.png", "png", "ab.png"),  # zero-width space removed
        ("<script>.png", "png", "script.png"),
        ("report.php", "png", "report.png"),  # the extension comes from the content
        (".htaccess", "pdf", "htaccess.pdf"),
        ("", "jpg", "file.jpg"),
        ("x" * 300 + ".jpg", "jpg", "x" * 80 + ".jpg"),
    ],
)
def test_safe_filename(given: str, ext: str, expected: str) -> None:
    assert safe_filename(given, ext) == expected


def test_message_names_the_file_without_its_path_or_control_characters() -> None:
    message = refused("../secret/\u202eevil.jpg", b"nope")
    assert "“evil.jpg”" in message and "secret" not in message


# ---- every upload field uses it ----------------------------------------------------------------


def test_apps_use_the_one_validator() -> None:
    from lastmile.concerns import uploads as concern_uploads
    from lastmile.learning.content import clean_document

    assert concern_uploads.clean_upload is uploads.clean_upload
    assert concern_uploads.CleanFile is uploads.CleanFile
    js = PDF_DOC.replace(b"/Type /Catalog", b"/AA <</O <</S /JavaScript /JS (x)>>>>")
    with pytest.raises(InvalidInput) as exc:
        clean_document("课件.pdf", js)
    assert SCRIPT_PDF in str(exc.value.message) and exc.value.field == "document"
    assert clean_document("课件.pdf", PDF_DOC).name == "课件.pdf"


def test_wishes_import_form_refuses_a_macro_workbook() -> None:
    from lastmile.wishes.forms import ImportForm

    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    macro = zip_bytes({**members, "xl/vbaProject.bin": b"\x00" * 100})
    form = ImportForm(files=MultiValueDict({"file": [SimpleUploadedFile("w.xlsx", macro)]}))
    assert not form.is_valid() and "含有宏" in str(form.errors["file"])
    good = ImportForm(files=MultiValueDict({"file": [SimpleUploadedFile("w.xlsx", workbook())]}))
    assert good.is_valid(), good.errors


def test_desk_import_refuses_a_fake_workbook(client: Any, world: Any) -> None:
    client.force_login(world.people["dispatcher"].user)
    response = client.post(
        reverse("concerns:desk_import"),
        {"file": SimpleUploadedFile("假的.xlsx", b"PK\x03\x04 not really"), "mode": "all"},
    )
    assert response.status_code == 400
    assert (
        "“假的.xlsx”" in response.content.decode() and "Excel 工作簿" in response.content.decode()
    )


def test_raise_page_names_the_refused_photo_and_keeps_the_form(client: Any, world: Any) -> None:
    polyglot = image_bytes("JPEG") + zip_bytes({"evil.html": b"<b>hi</b>"})
    good = io.BytesIO()
    Image.new("RGB", (8, 8)).save(good, format="PNG")
    data = {
        "text": "小区东门路灯坏了一个星期，晚上很黑",
        "title": "",
        "kind": Kind.COMPLAINT,
        "urgency": "normal",
        "area": str(world.areas["c1g1"].pk),
        "address": "东风路12号",
        "name": "",
        "phone": "",
        "idempotency_key": "upload-1",
        "photos": [
            SimpleUploadedFile("门口.jpg", polyglot, "image/jpeg"),
            SimpleUploadedFile("ok.png", good.getvalue(), "image/png"),
        ],
    }
    response = client.post(reverse("concerns:raise"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“门口.jpg”" in page and HIDDEN in page
    assert "小区东门路灯坏了一个星期" in page and "东风路12号" in page
    assert not Concern.objects.exists() and not Attachment.objects.exists()
    data["photos"] = [SimpleUploadedFile("门口.jpg", jpeg_with_exif(), "image/jpeg")]
    assert client.post(reverse("concerns:raise"), data).status_code == 302
    stored = Attachment.objects.get()
    with stored.file.open("rb") as handle:
        assert not opened(handle.read()).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_raise_page_keeps_photo_gps_only_when_the_resident_ticks_it(
    client: Any, world: Any
) -> None:
    page = client.get(reverse("concerns:raise")).content.decode()
    assert "照片附带我的位置" in page and 'name="photo_location"' in page
    base = {
        "text": "小区东门路灯坏了一个星期，晚上很黑",
        "kind": Kind.COMPLAINT,
        "urgency": "normal",
        "area": str(world.areas["c1g1"].pk),
    }
    shared = {
        **base,
        "idempotency_key": "gps-on",
        "photo_location": "on",
        "photos": [SimpleUploadedFile("井盖.jpg", jpeg_with_exif(), "image/jpeg")],
    }
    assert client.post(reverse("concerns:raise"), shared).status_code == 302
    with Attachment.objects.get().file.open("rb") as handle:
        exif = opened(handle.read()).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Make not in exif
