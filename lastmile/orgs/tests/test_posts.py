"""Posts in a community's or village's organisations (the registers behind rolls and quotas)."""

import pytest

from lastmile.core.errors import InvalidInput
from lastmile.core.models import AuditEvent
from lastmile.orgs import services
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Post

pytestmark = pytest.mark.django_db


def test_a_post_is_added_once_and_audited(world):
    person = world.people["c1_handler"]
    first = services.post_add(person=person, area=world.areas["c1"], kind=PostKind.PARTY_COMMITTEE)
    again = services.post_add(person=person, area=world.areas["c1"], kind=PostKind.PARTY_COMMITTEE)
    assert first.pk == again.pk
    assert Post.objects.filter(person=person).count() == 1
    assert AuditEvent.objects.filter(verb="post.added", object_id=str(person.pk)).count() == 2


def test_posts_belong_to_communities_and_known_kinds(world):
    person = world.people["c1_handler"]
    with pytest.raises(InvalidInput) as error:
        services.post_add(person=person, area=world.areas["street"], kind=PostKind.VC_MEMBER)
    assert error.value.field == "area"
    with pytest.raises(InvalidInput) as error:
        services.post_add(person=person, area=world.areas["c1"], kind="emperor")
    assert error.value.field == "kind"


def test_the_village_fixture_has_its_registers(village):
    assert village.area.is_village
    assert len(village.members) == 12
    assert Post.objects.filter(area=village.area, kind=PostKind.REPRESENTATIVE).count() == 9
    assert sum(h.adults for h in village.households) == 36
    assert village.secretary.posts.filter(kind=PostKind.VC_CHAIR).exists()
