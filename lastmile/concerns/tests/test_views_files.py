"""Attachments are served only to those who may see them."""

import io

from django.urls import reverse
from PIL import Image

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.testing import ANONYMOUS, fresh
from lastmile.concerns.uploads import clean_upload


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def _with_photo(world):
    result = services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        text="井盖丢失，夜里很危险",
        area=world.areas["c1g1"],
        files=[clean_upload("photo.png", _png())],
    )
    return result.concern, result.pin


def _url(attachment) -> str:
    return reverse("concerns:attachment", args=[attachment.pk])


def test_residents_photo_is_private(world, client):
    concern, _pin = _with_photo(world)
    photo = concern.attachments.get()
    assert client.get(_url(photo)).status_code == 404
    client.force_login(world.people["c2_handler"].user)  # another unit, another community
    assert client.get(_url(photo)).status_code == 404


def test_staff_in_scope_and_the_resident_can_open_the_photo(world, client):
    concern, pin = _with_photo(world)
    photo = concern.attachments.get()
    client.force_login(world.people["dispatcher"].user)
    response = client.get(_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    client.post(reverse("concerns:track_lookup"), {"code": concern.code, "pin": pin})
    assert client.get(_url(photo)).status_code == 200


def test_reply_evidence_is_public_on_the_board(world, client):
    concern, _pin = _with_photo(world)
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
    )
    concern = services.concern_sign(actor=world.actor("handler"), concern=concern)
    services.concern_reply(
        actor=world.actor("handler"),
        concern=fresh(concern),
        text="已补装井盖并设置警示标志",
        resolved=True,
        files=[clean_upload("after.png", _png())],
    )
    evidence = fresh(concern).attachments.get(purpose="evidence")
    assert client.get(_url(evidence)).status_code == 200


def test_unknown_attachment_is_404(world, client):
    assert client.get(reverse("concerns:attachment", args=[999999])).status_code == 404
