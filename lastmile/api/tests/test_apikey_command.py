from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lastmile.api.models import ApiToken
from lastmile.api.tokens import token_check


def run(*args):
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_prints_the_token_last_and_stores_only_its_hash(world):
    lines = run("create", "--name", "ops", "--scope", "api", "--user", world.username("dispatcher"))
    raw = lines[-1]
    assert raw.startswith("lm_")
    token = ApiToken.objects.get()
    assert token.digest != raw and raw not in token.digest
    checked = token_check(raw, scope="api")
    assert checked is not None and checked.user == world.people["dispatcher"].user
    assert token_check(raw, scope="open311") is None


def test_the_printed_token_works_on_the_api(world, client):
    raw = run("create", "--name", "ops", "--scope", "api", "--user", world.username("handler"))[-1]
    response = client.get("/api/v1/concerns", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_open311_token_without_user_and_never_expiring(db):
    raw = run("create", "--name", "city app", "--scope", "open311", "--days", "0")[-1]
    token = token_check(raw, scope="open311")
    assert token is not None and token.user is None and token.expires_at is None


def test_unknown_user_or_scope_fails_cleanly(db):
    with pytest.raises(CommandError):
        run("create", "--name", "x", "--scope", "api", "--user", "nobody")
    with pytest.raises(CommandError):
        run("create", "--name", "x", "--scope", "admin")
    assert not ApiToken.objects.exists()


def test_list_and_revoke(world):
    raw = run("create", "--name", "ops", "--scope", "api")[-1]
    assert "active" in run("list")[0]
    assert run("revoke", raw[:10])[0].startswith("revoked")
    assert "revoked" in run("list")[0]
    assert token_check(raw, scope="api") is None
    with pytest.raises(CommandError):
        run("revoke", "lm_nothing")
