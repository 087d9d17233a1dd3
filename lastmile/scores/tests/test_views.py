"""Pages: the public ranking (units only), drill-down, 典型示范, the staff view scoped to the
subtree, the .xlsx export, and bad input refused with a message."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lastmile.concerns.choices import Satisfaction
from lastmile.orgs.testing import PASSWORD
from lastmile.scores.conf import current_period, shift
from lastmile.scores.models import Level, Rollup
from lastmile.scores.selectors import drill_concerns, ranking, scoped_keys
from lastmile.scores.services import rollup_refresh
from lastmile.scores.tests.helpers import rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    rated(world)
    rated(world, satisfaction=Satisfaction.MOSTLY_SATISFIED)
    rated(world, unit="sanitation", handler="handler2", area="c2g1")
    rated(
        world,
        unit="sanitation",
        handler="handler2",
        area="c2g1",
        resolved=False,
        satisfaction=Satisfaction.DISSATISFIED,
    )
    rollup_refresh()
    return world


def _login(client, world, key: str) -> None:
    assert client.login(username=world.username(key), password=PASSWORD)


def test_public_ranking_lists_units_in_order(client, scored, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/scores/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("区住建局") < html.index("区城管局")
    assert "住建办理员" not in html  # persons are never public
    assert "echarts.min.js" in html and 'id="score-data"' in html


def test_public_refuses_persons_and_bad_periods(client, scored):
    assert client.get("/scores/?level=person").status_code == 404
    bad = client.get("/scores/?period=2026-13")
    assert bad.status_code == 400 and "YYYY-MM" in bad.content.decode()
    future = client.get(f"/scores/?period={shift(current_period(), 2)}")
    assert future.status_code == 400


def test_public_drill_down_links_to_the_board(client, scored):
    unit = scored.units["housing"].pk
    url = f"/scores/concerns/?period={current_period()}&level=unit&key={unit}&figure=base"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/board/") >= 2
    assert client.get(url.replace("level=unit", "level=person")).status_code == 404


def test_models_page_shows_top_units_of_last_month(client, scored):
    Rollup.objects.filter(period=current_period()).update(period=shift(current_period(), -1))
    response = client.get("/scores/models/")
    assert response.status_code == 200
    assert "区住建局" in response.content.decode()


def test_staff_see_only_their_subtree(scored):
    handler = scored.actor("handler")  # housing only
    assert scoped_keys(handler, Level.UNIT) == {scored.units["housing"].pk}
    rows = ranking(period=current_period(), level=Level.UNIT, actor=handler).rows
    assert [r.name for r in rows] == ["区住建局"]
    gridder = scored.actor("gridder")  # grid c1g1
    grids = ranking(period=current_period(), level=Level.GRID, actor=gridder).rows
    assert [r.key for r in grids] == [scored.areas["c1g1"].pk]
    supervisor = scored.actor("supervisor")  # whole district
    assert len(ranking(period=current_period(), level=Level.UNIT, actor=supervisor).rows) == 2


def test_staff_drill_outside_scope_is_404(client, scored):
    _login(client, scored, "handler")
    other = scored.units["sanitation"].pk
    url = f"/scores/desk/concerns/?period={current_period()}&level=unit&key={other}&figure=base"
    assert client.get(url).status_code == 404
    own = scored.units["housing"].pk
    response = client.get(url.replace(f"key={other}", f"key={own}"))
    assert response.status_code == 200 and response.content.decode().count("/desk/c/") == 2
    mine = drill_concerns(
        period=current_period(), level="unit", key=own, figure="satisfied",
        actor=scored.actor("handler"),
    )  # fmt: skip
    assert len(mine) == 1


def test_desk_levels_and_weights(client, scored):
    _login(client, scored, "supervisor")
    for level in Level.values:
        assert client.get(f"/scores/desk/?level={level}").status_code == 200
    bad = client.get("/scores/desk/?w=0.5,0.5,0.5")
    assert bad.status_code == 400 and "权重之和须为 1" in bad.content.decode()
    assert client.get("/scores/desk/?w=0.3,0.35,0.35").status_code == 200


def test_desk_needs_staff(client, scored):
    assert client.get("/scores/desk/").status_code == 302  # to login
    _login(client, scored, "outsider")
    assert client.get("/scores/desk/").status_code == 404


def test_xlsx_export_in_the_office_layout(client, scored):
    _login(client, scored, "supervisor")
    response = client.get(f"/scores/desk/export.xlsx?period={current_period()}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    header = [c.value for c in ws[2]]
    assert header == [
        "单位", "受理量", "回访量", "响应率", "解决率", "满意率", "综合得分", "按期办结率",
        "退单(成立/驳回)", "催办", "通报", "重办率", "重复投诉率", "排名",
    ]  # fmt: skip
    first = [c.value for c in ws[3]]
    assert first[0] == "区住建局" and first[2] == 2 and first[13] == 1
    assert first[6] == pytest.approx(round((0.1 + 0.5 + 0.4 * 0.95) * 100, 2))
    assert client.get("/scores/desk/export.xlsx?period=2026-99").status_code == 400
