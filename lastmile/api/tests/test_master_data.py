from lastmile.concerns.models import Category, DispatchRule
from lastmile.concerns.services.dispatch_table import dispatch_rule_set
from lastmile.core.models import AuditEvent


def test_areas_are_public_and_filterable(world, client):
    data = client.get("/api/v1/areas", {"level": "community"}).json()
    assert [a["name"] for a in data] == ["东风社区", "向阳社区"]
    grids = client.get("/api/v1/areas", {"parent": world.areas["c1"].pk}).json()
    assert {a["level"] for a in grids} == {"grid"} and len(grids) == 2


def test_units_are_for_staff(world, client, api_as):
    assert client.get("/api/v1/units").status_code == 401
    assert api_as("outsider").get("/units").status_code == 403
    data = api_as("handler").get("/units", {"kind": "department"}).json()
    assert {u["name"] for u in data} == {"区住建局", "区城管局"}


def test_categories_for_staff(world, client, api_as):
    top = Category.objects.create(code="A", name="市政", level=1)
    Category.objects.create(code="A1", name="照明", level=2, parent=top)
    assert client.get("/api/v1/categories").status_code == 401
    data = api_as("dispatcher").get("/categories", {"parent": top.pk}).json()
    assert [c["name"] for c in data] == ["照明"]


def test_dispatch_table_read(world, api_as):
    dispatch_rule_set(
        category=None,
        area=world.areas["c1"],
        unit=world.units["c1_org"],
        assist_units=[world.units["sanitation"]],
    )
    data = api_as("handler").get("/dispatch-rules").json()
    assert data[0]["unit"]["name"] == "东风社区党委"
    assert data[0]["assist_units"] == [{"id": world.units["sanitation"].pk, "name": "区城管局"}]


def test_dispatch_rule_write_is_for_admins_of_the_area(world, api_as):
    body = {"area": world.areas["c2"].pk, "unit": world.units["c2_org"].pk}
    denied = api_as("dispatcher").post("/dispatch-rules", body)
    assert denied.status_code == 403
    assert not DispatchRule.objects.exists()
    ok = api_as("admin").post("/dispatch-rules", body)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["unit"]["id"] == world.units["c2_org"].pk
    assert AuditEvent.objects.filter(verb="dispatch_rule.set").count() == 1
    bad = api_as("admin").post("/dispatch-rules", {**body, "unit": 987654})
    assert bad.status_code == 400 and bad.json()["field"] == "unit"
