"""The desk's "Community work" page lists what other apps registered, by who may see it."""

import pytest
from django.utils.translation import gettext_lazy as _

from lastmile.concerns import hooks
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def links(monkeypatch):
    monkeypatch.setattr(hooks, "_desk_links", {})
    hooks.register_desk_link(hooks.DeskLink(label=_("Public board"), url="concerns:board", order=2))
    hooks.register_desk_link(
        hooks.DeskLink(
            label=_("Supervision"),
            url="concerns:desk_supervise",
            order=1,
            visible=lambda actor: actor.has_role("supervisor"),
        )
    )
    hooks.register_desk_link(hooks.DeskLink(label="gone", url="nowhere:missing"))


def test_each_role_sees_its_entries_in_order(client, world, links):
    client.login(username=world.username("supervisor"), password=PASSWORD)
    page = client.get("/desk/community/").content.decode()
    assert page.index("/desk/supervise/") < page.index("/board/")
    assert "nowhere" not in page
    client.login(username=world.username("handler"), password=PASSWORD)
    page = client.get("/desk/community/").content.decode()
    assert "/desk/supervise/" not in page.split("<main")[1].split("</main>")[0]
    assert "/board/" in page


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/desk/community/")["Location"].startswith("/accounts/login/")
