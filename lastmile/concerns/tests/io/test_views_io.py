import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lastmile.concerns.models import Concern
from lastmile.concerns.tests.io.helpers import csv_bytes, row, xlsx_bytes
from lastmile.core.models import AuditEvent
from lastmile.orgs.testing import PASSWORD

URL = reverse("concerns:desk_import")


def _login(client, world, key="dispatcher"):
    client.login(username=world.username(key), password=PASSWORD)


def _post(client, data, name="a.csv", **extra):
    upload = SimpleUploadedFile(name, data)
    return client.post(URL, {"file": upload, "mode": "all", **extra})


def test_page_and_nav(client, world):
    _login(client, world)
    page = client.get(URL)
    assert page.status_code == 200 and URL in page.content.decode()


def test_upload_imports_and_shows_the_report(client, world):
    _login(client, world)
    response = _post(client, csv_bytes([row(1), row(2)]))
    assert response.status_code == 200
    assert Concern.objects.count() == 2
    again = _post(client, csv_bytes([row(1), row(2)]))
    assert Concern.objects.count() == 2 and again.context["report"].existing == 2


def test_errors_show_row_and_column_and_keep_the_mode(client, world):
    _login(client, world)
    response = _post(client, csv_bytes([row(1), row(2, 留言详情="短")]), mode="skip")
    assert response.status_code == 200 and Concern.objects.count() == 1
    response = _post(client, csv_bytes([row(5), row(6, 留言详情="短")]))
    assert response.status_code == 400 and Concern.objects.count() == 1
    body = response.content.decode()
    assert "<td>3</td><td>留言详情</td>" in body


def test_rejected_uploads(client, world):
    _login(client, world)
    response = _post(client, b"hello", name="a.txt", mode="skip")
    assert response.status_code == 400
    assert response.context["form"]["mode"].value() == "skip"
    response = _post(client, b"not a zip", name="a.xlsx")
    assert response.status_code == 400
    merged = xlsx_bytes([row(1), row(2)], setup=lambda ws: ws.merge_cells("A2:A3"))
    response = _post(client, merged, name="m.xlsx", mode="skip")
    assert response.status_code == 400 and "A2:A3" in response.content.decode()
    assert Concern.objects.count() == 0


def test_only_dispatchers_import(client, world):
    _login(client, world, "handler")
    assert client.get(URL).status_code == 200
    assert _post(client, csv_bytes([row(1)])).status_code == 403
    _login(client, world, "outsider")
    assert client.get(URL).status_code == 403


def test_export_download(client, world):
    _login(client, world)
    _post(client, csv_bytes([row(1), row(2)]))
    response = client.get(reverse("concerns:desk_export"), {"status": "received"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.active["B1"].value == "标题" and book.active.max_row == 3
    assert AuditEvent.objects.filter(verb="concerns.exported").exists()
    bad = client.get(reverse("concerns:desk_export"), {"since": "nope"})
    assert bad.status_code == 400
