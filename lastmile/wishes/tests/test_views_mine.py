"""“My claims”: the family's details for the claimer, recording contact and fulfilment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from lastmile.orgs.testing import PASSWORD
from lastmile.wishes import services
from lastmile.wishes.models import Claim, Wish
from lastmile.wishes.tests.helpers import claim_of, photo_upload, to_status, volunteer

pytestmark = pytest.mark.django_db


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_my_claims_contact_and_fulfil(client, world, django_assert_max_num_queries):
    wish = to_status(world, "claimed")
    claim = claim_of(wish)
    login(client, world, "vol")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("wishes:mine"))
    body = response.content.decode()
    assert "王小明" in body and "13812345678" in body and "联系期限" in body
    url = reverse("wishes:claim_action", args=[claim.pk, "fulfil"])
    response = client.post(url, {"note": "送到", "photos": photo_upload()})
    assert response.status_code == 409 and "请先联系心愿人" in response.content.decode()
    contact = reverse("wishes:claim_action", args=[claim.pk, "contact"])
    response = client.post(contact, {"note": ""})
    assert response.status_code == 400
    response = client.post(contact, {"note": "电话联系了王奶奶"})
    assert response.status_code == 302
    response = client.post(url, {"note": "送去新书包"})
    assert response.status_code == 400 and "请至少上传一张照片" in response.content.decode()
    response = client.post(url, {"note": "送去新书包", "photos": photo_upload()})
    assert response.status_code == 302
    assert Wish.objects.get().status == "fulfilled"
    body = client.get(reverse("wishes:mine")).content.decode()
    assert "等待心愿人确认" in body


def test_someone_elses_claim_is_404(client, world):
    wish = to_status(world, "claimed")
    volunteer(world, "other", "别人")
    login(client, world, "other")
    url = reverse("wishes:claim_action", args=[claim_of(wish).pk, "contact"])
    assert client.post(url, {"note": "x"}).status_code == 404
    assert "您还没有认领心愿" in client.get(reverse("wishes:mine")).content.decode()


def test_contact_after_lapse_shows_the_reason(client, world):
    wish = to_status(world, "claimed")
    claim = claim_of(wish)
    services.claims_lapse_due(now=claim.contact_due + timedelta(minutes=1))
    login(client, world, "vol")
    response = client.post(
        reverse("wishes:claim_action", args=[claim.pk, "contact"]), {"note": "刚联系"}
    )
    assert response.status_code == 409 and "这条认领已失效" in response.content.decode()
    assert Claim.objects.get().status == "lapsed"


def test_mine_needs_login(client, world):
    response = client.get(reverse("wishes:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
