from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from lastmile.concerns.choices import Outcome, Status
from lastmile.concerns.models import Concern, DispatchRule, Escalation
from lastmile.core import audit
from lastmile.orgs.choices import AreaLevel, Role
from lastmile.orgs.models import Area, Household, Membership, Unit


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo_load", "--concerns", "60", "--seed", "3", stdout=out, stderr=StringIO())
    return out.getvalue()


def story_concerns() -> set[int]:
    """Concerns raised by other apps' demo stories: visit notes and message-board posts."""
    found: set[int] = set()
    for label, model in [("outreach", "Visit"), ("bulletin", "BoardPost")]:
        rows = apps.get_model(label, model).objects.filter(concern__isnull=False)
        found |= set(rows.values_list("concern_id", flat=True))
    return found


def test_demo_covers_every_status_with_a_valid_audit_chain(demo):
    present = set(Concern.objects.values_list("status", flat=True))
    assert present == set(Status.values)
    closed = Concern.objects.filter(status=Status.CLOSED)
    assert closed.filter(outcome=Outcome.RATED).exists()
    assert closed.filter(outcome=Outcome.NOT_RATED).exists()
    # 60 planned concerns, plus those the other apps' stories raise (visit notes, board posts)
    stories = story_concerns()
    assert Concern.objects.exclude(pk__in=stories).count() == 60
    assert {"visit", "board"} <= set(
        Concern.objects.filter(pk__in=stories).values_list("channel", flat=True)
    )
    assert Escalation.objects.exists()
    assert "scripted steps were refused" not in demo
    # the organisation
    assert Area.objects.filter(level=AreaLevel.GRID, polygon__isnull=False).count() >= 12
    assert Area.objects.filter(level=AreaLevel.COMMUNITY, is_village=True).count() == 1
    assert Area.objects.filter(level=AreaLevel.COMMUNITY, is_village=False).count() >= 3
    assert Household.objects.count() >= 200
    assert Unit.objects.count() >= 10
    assert DispatchRule.objects.count() >= 15
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for grid in Area.objects.filter(level=AreaLevel.GRID):
        assert grid.centre_lng is not None and grid.centre_lat is not None
        assert 112.9 < grid.centre_lng < 113.1 and 28.1 < grid.centre_lat < 28.3
    # the audit chain
    result = audit.verify()
    assert result.ok, result.reason
    # every mechanism's story left something to see
    for label, model in [
        ("wishes", "Wish"),
        ("merits", "Deed"),
        ("decisions", "Matter"),
        ("outreach", "Visit"),
        ("stations", "Station"),
        ("bulletin", "Notice"),
        ("bulletin", "BoardPost"),
    ]:
        assert apps.get_model(label, model).objects.exists(), model
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()


def test_demo_logins_work_and_a_second_load_is_refused(demo, client):
    assert client.login(username="dispatcher", password="lastmile-demo")
    assert client.login(username="admin", password="lastmile-admin")
    assert "dispatcher" in demo and "lastmile-demo" in demo
    with pytest.raises(CommandError):
        call_command("demo_load", "--concerns", "5")
    out = StringIO()
    call_command("demo_load", "--if-empty", stdout=out)
    assert "already" in out.getvalue() and "supervisor" in out.getvalue()
    assert Concern.objects.exclude(pk__in=story_concerns()).count() == 60
