"""The demo organisation's registers: posts and party members per community and village."""

import random

import pytest

from lastmile.concerns.demo.org import build_org
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Post

pytestmark = pytest.mark.django_db


def test_every_community_has_its_posts_and_party_members():
    org = build_org(random.Random(1))
    for key, area in org.communities.items():
        posts = org.posts[key]
        assert posts[PostKind.PARTY_SECRETARY] == [org.people[f"l_{key}"]]
        assert len(posts[PostKind.REPRESENTATIVE]) == 9
        assert len(posts[PostKind.PARTY_GROUP_LEADER]) == 2
        assert len(org.party_members[key]) >= 20
        assert all(p.is_party_member for p in org.party_members[key])
        assert Post.objects.filter(area=area, kind=PostKind.VC_CHAIR).count() == 1
    # In the village one person holds both posts (一肩挑); communities have a separate chair.
    taohua = org.posts["taohua"]
    assert taohua[PostKind.VC_CHAIR] == taohua[PostKind.PARTY_SECRETARY]
    assert (
        org.posts["dongfeng"][PostKind.VC_CHAIR] != org.posts["dongfeng"][PostKind.PARTY_SECRETARY]
    )
    assert all(h.adults <= h.size and h.adults >= 1 for h in org.households)
