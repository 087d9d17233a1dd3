from __future__ import annotations

from datetime import timedelta

import pytest

from lastmile.concerns.testing import aware, submit
from lastmile.insight.hotspots import TextItem, find_hotspots, heat_of, items_from_concerns
from lastmile.insight.textnorm import normalize

T0 = aware(2026, 3, 1, 9)


def item(
    n: int,
    title: str,
    text: str = "",
    *,
    days: int = 0,
    area: int = 1,
    me_too: int = 0,
    votes: int = 0,
) -> TextItem:
    return TextItem(
        id=f"C{n}",
        text=text or title,
        title=title,
        created_at=T0 + timedelta(days=days),
        area_id=area,
        area_name=f"社区{area}",
        me_too=me_too,
        votes=votes,
    )


MIXER = [
    "丽发新城小区附近搅拌站噪音扰民",
    "投诉丽发新城旁边搅拌站噪音严重",
    "丽发新城搅拌站灰尘噪音污染严重",
    "丽发新城社区附近搅拌站夜间噪音扰民",
]
PARKING = [
    "伊景园滨河苑捆绑销售车位",
    "投诉伊景园滨河苑强制捆绑销售车位",
    "伊景园滨河苑捆绑车位销售是否合法",
]
NOISE = [
    "公交站台的广告牌坏了",
    "请问社保卡怎么补办",
    "学校门口早上交通拥堵",
    "菜市场下水道堵塞发臭",
    "希望增开一班到火车站的大巴",
]


def fixture_items() -> list[TextItem]:
    items = [item(i, t, days=i, area=1 + i % 2) for i, t in enumerate(MIXER)]
    items += [item(10 + i, t, days=i, votes=50) for i, t in enumerate(PARKING)]
    items += [item(20 + i, t, days=i) for i, t in enumerate(NOISE)]
    return items


def test_hand_made_clusters_are_found_and_noise_is_not():
    spots = find_hotspots(fixture_items())
    groups = [{m.id for m in spot.members} for spot in spots]
    assert {f"C{i}" for i in range(len(MIXER))} in groups
    assert {f"C{10 + i}" for i in range(len(PARKING))} in groups
    assert len(spots) == 2
    mixer = next(s for s in spots if s.count == len(MIXER))
    assert "搅拌站" in mixer.label
    assert mixer.area_names == ["社区1", "社区2"]
    assert mixer.first_at == T0 and mixer.last_at == T0 + timedelta(days=3)
    parking = next(s for s in spots if s.count == len(PARKING))
    assert parking.votes == 150


def test_ranked_by_heat_and_limited():
    spots = find_hotspots(fixture_items())
    assert [s.heat for s in spots] == sorted((s.heat for s in spots), reverse=True)
    assert len(find_hotspots(fixture_items(), limit=1)) == 1
    assert find_hotspots(fixture_items(), limit=0) == []


def test_heat_counts_me_too_votes_recency_and_spread():
    base = [item(1, "x"), item(2, "x")]
    assert heat_of(base, reference=T0) == pytest.approx(2.0)
    assert heat_of([item(1, "x", me_too=3), item(2, "x")], reference=T0) > 2.0
    assert heat_of([item(1, "x", votes=10), item(2, "x")], reference=T0) > 2.0
    assert heat_of(base, reference=T0 + timedelta(days=14)) < 2.0
    spread = [item(1, "x", area=1), item(2, "x", area=2)]
    assert heat_of(spread, reference=T0) > heat_of(base, reference=T0)


@pytest.mark.parametrize(
    "items",
    [
        [],
        [item(1, "only one")],
        [item(1, ""), item(2, ""), item(3, " ")],
        [item(1, "<p>&nbsp;</p>"), item(2, "<script>x</script>")],
        [item(i, "😀" * 3000) for i in range(3)],
        [item(1, "abc"), item(2, "xyz")],
    ],
)
def test_odd_input_never_crashes(items):
    for spot in find_hotspots(items):
        assert spot.count >= 2


def test_textnorm_handles_any_shape():
    assert normalize(None) == ""
    assert normalize(b"\xe4\xbd\xa0\xff").startswith("你")
    assert normalize("<b>丽發新城</b>&nbsp;小區\u3000ＡＢ１") == "丽发新城 小区 AB1"
    assert normalize(12) == "12"
    assert len(normalize("很长" * 1000, max_chars=10)) == 10


@pytest.mark.django_db
def test_items_from_concerns(world):
    concern = submit(world, text="丽发新城小区附近搅拌站噪音扰民", area="c1g1")
    from lastmile.concerns.models import Concern

    (got,) = items_from_concerns(Concern.objects.filter(pk=concern.pk))
    assert got.id == concern.code and got.area_id == concern.area_id
    assert got.area_name == world.areas["c1g1"].name and got.me_too == 0
