"""Residents and volunteers open an account; where a login lands."""

import pytest
from django.contrib.auth import get_user_model

from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Person

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "王小明",
    "phone": "138 1234 5678",
    "username": "wangxm",
    "password": "volunteer-2026-ok",
    "is_volunteer": "on",
    "consent": "on",
}


def test_a_volunteer_signs_up_and_is_logged_in(client, world):
    data = {**GOOD, "community": world.areas["c1"].pk, "next": "/wishes/"}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302 and response["Location"] == "/wishes/"
    person = Person.objects.get(user__username="wangxm")
    assert person.phone == "13812345678"
    assert person.is_volunteer and not person.is_party_member
    assert person.home_area == world.areas["c1"]
    assert AuditEvent.objects.filter(verb="person.signed_up", object_id=str(person.pk)).exists()
    assert client.get("/accounts/after-login/")["Location"] == "/"


def test_bad_input_is_named_and_the_form_kept(client, world):
    get_user_model().objects.create_user(username="taken", password="x")
    data = {
        **GOOD,
        "community": world.areas["c1"].pk,
        "username": "taken",
        "phone": "12345",
        "password": "123",
        "consent": "",
    }
    response = client.post("/accounts/signup/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "请输入11位手机号码" in page
    assert "该登录名已被使用" in page
    assert "王小明" in page  # what was typed is kept
    assert not Person.objects.filter(name="王小明").exists()


def test_a_street_is_not_a_community(client, world):
    data = {**GOOD, "community": world.areas["street"].pk}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    assert not Person.objects.filter(name="王小明").exists()


def test_an_outside_next_is_ignored(client, world):
    data = {**GOOD, "community": world.areas["c2"].pk, "next": "https://evil.example/"}
    response = client.post("/accounts/signup/", data)
    assert response["Location"] == "/"


def test_staff_land_on_the_desk(client, world):
    client.login(username="t_handler", password="lastmile-test-pass")
    assert client.get("/accounts/after-login/")["Location"] == "/desk/"
    response = client.post(
        "/accounts/login/", {"username": "t_handler", "password": "lastmile-test-pass"}
    )
    assert response["Location"] == "/accounts/after-login/"


def test_the_login_page_links_to_sign_up(client, db):
    page = client.get("/accounts/login/?next=/wishes/").content.decode()
    assert "/accounts/signup/?next=/wishes/" in page
