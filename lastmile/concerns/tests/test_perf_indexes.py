"""Performance fixes from bench/ (see bench/README.md, "Then lead"): each one pinned by a test.

The external-id lookup (re-import, Open311/WeChat retries) had no usable index on SQLite: the
partial unique constraint on (channel, external_id) is not chosen for ``external_id = 'x'``, so
every imported row scanned the table (20 rows/s at 20k concerns). A plain index fixes it.

The staff scope joined the assisting units and so needed DISTINCT: page 1 sorted (and counted)
the whole scope. Assists are now a subquery (no DISTINCT), and the API's total is counted up
to the last reachable row only (``selectors_api.COUNT_CAP``).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lastmile.concerns import selectors_api
from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.models import Concern, ConcernAssist
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.concerns.services import concern_submit
from lastmile.orgs.selectors import Actor

pytestmark = pytest.mark.django_db

SYSTEM = Actor(user_id=None, label="bench")


def _submit(external_id: str, text: str = "楼道的灯坏了很久，晚上看不见路。") -> Concern:
    return concern_submit(
        actor=SYSTEM,
        channel=Channel.IMPORT,
        kind=Kind.COMPLAINT,
        text=text,
        title="楼道灯坏了",
        external_id=external_id,
    ).concern


def test_external_id_index_exists() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Concern._meta.db_table)
    index = constraints.get("concern_channel_extid_idx")
    assert index is not None and index["index"]
    assert index["columns"] == ["channel", "external_id"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner is the one at issue")
def test_external_id_lookup_uses_the_index_on_sqlite() -> None:
    sql, params = Concern.objects.filter(
        channel=Channel.IMPORT, external_id="M1"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "concern_channel_extid_idx" in plan


def test_reimport_by_external_id_is_a_bounded_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    first = _submit("M000001")
    for i in range(30):
        _submit(f"M1{i:05d}", text=f"第{i}条留言：小区东门的路灯坏了。")
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        again = _submit("M000001")
    assert again.pk == first.pk
    assert Concern.objects.filter(external_id="M000001").count() == 1


def test_staff_scope_has_no_distinct_and_lists_an_assisted_concern_once(world: object) -> None:
    assisted = _submit("A1")
    other = _submit("A2", text="另一条：垃圾没人清运。")
    lead = world.units["housing"]  # type: ignore[attr-defined]
    helper = world.units["sanitation"]  # type: ignore[attr-defined]
    Concern.objects.filter(pk__in=[assisted.pk, other.pk]).update(lead_unit=lead)
    # Two assisting units: the old join made a row per assist (hence its DISTINCT).
    ConcernAssist.objects.create(concern=assisted, unit=helper)
    ConcernAssist.objects.create(concern=assisted, unit=world.units["c1_org"])  # type: ignore[attr-defined]
    qs = concern_qs_for_actor(world.actor("handler2"))  # type: ignore[attr-defined]
    assert "DISTINCT" not in str(qs.query).upper()
    assert [c.pk for c in qs] == [assisted.pk]
    assert qs.count() == 1
    lead_qs = concern_qs_for_actor(world.actor("handler"))  # type: ignore[attr-defined]
    assert sorted(c.pk for c in lead_qs) == sorted([assisted.pk, other.pk])


def test_page_counts_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(7):
        _submit(f"P{i}", text=f"第{i}条：路灯坏了。")
    monkeypatch.setattr(selectors_api, "COUNT_CAP", 5)
    count, rows = selectors_api.page(Concern.objects.all(), limit=3, offset=0)
    assert (count, len(rows)) == (5, 3)
    monkeypatch.setattr(selectors_api, "COUNT_CAP", 100)
    with CaptureQueriesContext(connection) as queries:
        count, rows = selectors_api.page(Concern.objects.all(), limit=3, offset=6)
    assert (count, len(rows)) == (7, 1)
    # The capped count is unordered: the database may stop at the cap instead of sorting.
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "ORDER BY" not in counting[0].upper()


def test_staff_list_api_query_count(
    world: object, client: object, django_assert_max_num_queries: object
) -> None:
    for i in range(30):
        _submit(f"L{i}", text=f"第{i}条：楼道灯坏了。")
    client.force_login(world.people["admin"].user)  # type: ignore[attr-defined]
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/api/v1/concerns?limit=25")  # type: ignore[attr-defined]
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 30 and len(body["items"]) == 25
