"""Likely duplicates: the scoring parts, the provider against the real database, and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lastmile.concerns import hooks, services
from lastmile.concerns.choices import Diversion, Status
from lastmile.concerns.testing import fresh, frozen, reach, submit
from lastmile.insight import duplicates as d

LEAK = "下水道堵塞污水外溢到路面，臭味很大"
TEXT = f"东风社区和平小区3栋门口{LEAK}，已经三天了"
SAME = f"和平小区3栋门口的{LEAK}，请尽快疏通"
OTHER = "向阳社区菜市场门口夜里有人烧烤油烟呛人"


def html(response) -> str:
    return response.content.decode()


# ---- scoring ---------------------------------------------------------------------------------


def test_normalise_drops_boilerplate_punctuation_and_width():
    assert d.normalise("尊敬的领导您好！Ａ区，路灯坏了。") == "a区路灯坏了"


def test_text_similarity_is_one_for_the_same_text_and_zero_for_unrelated():
    assert d.text_similarity(d.shingles(TEXT), d.shingles(TEXT)) == pytest.approx(1.0)
    assert d.text_similarity(d.shingles(TEXT), d.shingles(OTHER)) < 0.1
    assert d.text_similarity(frozenset(), d.shingles(TEXT)) == 0.0


def test_a_reworded_report_scores_well_above_an_unrelated_one():
    same = d.text_similarity(d.shingles(TEXT), d.shingles(SAME))
    assert same > 0.5 > d.text_similarity(d.shingles(TEXT), d.shingles(OTHER)) + 0.3


def test_a_half_typed_text_is_compared_by_overlap():
    assert d.text_similarity(d.shingles("下水道堵塞污水外溢"), d.shingles(TEXT)) > 0.5


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (d.Place("/1/2/3/4/", "grid"), d.Place("/1/2/3/4/", "grid"), d.SAME_GRID),
        (d.Place("/1/2/3/4/", "grid"), d.Place("/1/2/3/5/", "grid"), d.SAME_COMMUNITY),
        (d.Place("/1/2/3/4/", "grid"), d.Place("/1/2/6/7/", "grid"), d.SAME_STREET),
        (d.Place("/1/2/3/4/", "grid"), d.Place("/1/2/", "street"), d.SAME_STREET),
        (d.Place("/1/2/3/", "community"), d.Place("/1/2/3/", "community"), d.SAME_COMMUNITY),
        (d.Place("/1/2/3/4/", "grid"), d.Place("/1/8/9/", "community"), d.ELSEWHERE),
        (d.Place("/1/2/3/4/", "grid"), d.Place(), d.UNKNOWN_PLACE),
    ],
)
def test_place_similarity_by_area(a, b, expected):
    assert d.place_similarity(a, b, street_depth=1) == expected


def test_place_similarity_by_distance_wins_over_areas():
    here = d.Place("/1/2/3/4/", "grid", 28.2, 112.9)
    assert d.place_similarity(here, d.Place("/1/8/", "street", 28.2002, 112.9)) == 1.0
    near = d.place_similarity(here, d.Place("", "", 28.203, 112.9))  # about 330 m
    assert 0.5 < near < 0.8
    assert d.place_similarity(here, d.Place("", "", 28.3, 112.9)) == d.ELSEWHERE


def test_time_decays_over_a_month_and_the_score_combines_all_three():
    now = timezone.now()
    assert d.time_similarity(now, now) == 1.0
    assert d.time_similarity(now, now - timedelta(days=30)) == pytest.approx(0.368, abs=0.01)
    assert d.combine(1.0, 1.0, 1.0) == pytest.approx(1.0)
    assert d.combine(0.8, 1.0, 1.0) > d.combine(0.8, 0.5, 1.0) > d.combine(0.8, 0.5, 0.0)
    assert d.combine(0.0, 1.0, 1.0) == 0.0


# ---- the provider, through the hook, against the database -------------------------------------


def test_the_insight_app_registers_the_provider():
    assert hooks._providers["duplicates"] is d.find_duplicates


@pytest.fixture
def scene(world):
    """A concern, its reworded duplicate, an unrelated one, and duplicates that must not show."""
    first = submit(world, text=TEXT, area="c1g1")
    twin = submit(world, text=SAME, area="c1g2")
    other = submit(world, text=OTHER, area="c1g1")
    merged_away = submit(world, text=f"{TEXT}。补充", area="c1g1")
    services.concern_merge(actor=world.actor("dispatcher"), concern=merged_away, parent=first)
    diverted = submit(world, text=f"{TEXT}。再补充", area="c1g1")
    services.concern_divert(
        actor=world.actor("dispatcher"),
        concern=diverted,
        case=Diversion.REPEAT,
        note="与已受理诉求重复，请跟踪原诉求",
        repeat_of=first,
    )
    with frozen(timezone.now() - timedelta(days=90)):
        submit(world, text=TEXT.replace("三天", "三月"), area="c1g1")
    return {"first": first, "twin": twin, "other": other}


def test_finds_open_recent_duplicates_in_the_street_and_nothing_else(world, scene):
    found = hooks.find_duplicates(
        text=TEXT, area=world.areas["c1g1"], exclude=scene["first"], limit=5
    )
    assert [g.concern for g in found] == [scene["twin"]]
    assert 0.3 < found[0].score <= 1.0


def test_without_exclude_the_concern_itself_scores_highest(world, scene):
    found = hooks.find_duplicates(text=TEXT, area=world.areas["c1g1"])
    assert [g.concern.code for g in found][:2] == [scene["first"].code, scene["twin"].code]
    assert found[0].score > found[1].score


def test_another_street_is_never_a_candidate(world, scene):
    from lastmile.orgs import services as org_services
    from lastmile.orgs.choices import AreaLevel

    far = org_services.area_create(
        name="远方街道", code="tFAR", level=AreaLevel.STREET, parent=world.areas["district"]
    )
    assert hooks.find_duplicates(text=TEXT, area=far) == []


def test_query_count_is_bounded(world, scene, django_assert_max_num_queries):
    for _ in range(5):
        submit(world, text=SAME + "。", area="c2g1")
    with django_assert_max_num_queries(3):
        found = hooks.find_duplicates(text=TEXT, area=world.areas["c1g1"], limit=10)
        [g.concern.area.name for g in found]


# ---- the resident's intake hint ------------------------------------------------------------------


def test_similar_view_shows_masked_duplicates_with_me_too(client, world):
    concern = submit(world, text=f"13912345678 张三反映：{TEXT}", resident_name="张三")
    response = client.get(
        reverse("concerns:similar"), {"text": SAME, "area": world.areas["c1g2"].pk}
    )
    page = html(response)
    assert response.status_code == 200
    assert reverse("concerns:me_too", args=[concern.code]) in page
    assert "13912345678" not in page and "张三" not in page
    assert "similarity" not in page.lower()


def test_similar_view_falls_back_to_the_word_match_without_a_provider(client, world, monkeypatch):
    monkeypatch.delitem(hooks._providers, "duplicates")
    concern = reach(world, Status.IN_PROGRESS)
    response = client.get(
        reverse("concerns:similar"), {"text": concern.text[:12], "area": world.areas["c1g1"].pk}
    )
    assert reverse("concerns:me_too", args=[concern.code]) in html(response)


# ---- the dispatcher's desk -------------------------------------------------------------------


def test_desk_page_lists_duplicates_and_one_click_merge_works(
    client, world, scene, django_assert_max_num_queries
):
    client.force_login(world.people["dispatcher"].user)
    child = scene["twin"]
    url = reverse("concerns:desk_concern", args=[child.code])
    with django_assert_max_num_queries(60):
        page = html(client.get(url))
    section = page[page.index('id="duplicates"') :]
    assert scene["first"].code in section and scene["other"].code not in section
    assert reverse("concerns:desk_action", args=[child.code, "merge"]) in section
    assert f'name="parent" value="{scene["first"].code}"' in section
    response = client.post(
        reverse("concerns:desk_action", args=[child.code, "merge"]),
        {"version": child.version, "parent": scene["first"].code},
    )
    assert response.status_code == 302
    child = fresh(child)
    assert child.status == Status.MERGED and child.parent_id == scene["first"].pk
    assert 'id="duplicates"' not in html(client.get(url))  # a merged concern has none


def test_desk_shows_only_duplicates_the_person_may_see_and_merge_only_to_dispatchers(client, world):
    concern = reach(world, Status.IN_PROGRESS)  # led by the housing unit
    twin = submit(world)  # the same default wording, not dispatched yet
    url = reverse("concerns:desk_concern", args=[concern.code])
    client.force_login(world.people["handler"].user)  # housing: cannot see the new one
    assert 'id="duplicates"' not in html(client.get(url))
    client.force_login(world.people["dispatcher"].user)
    section = html(client.get(url)).split('id="duplicates"')[1]
    assert twin.code in section and 'name="parent"' in section
