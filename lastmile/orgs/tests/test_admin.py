"""The admin: master data registered, Chinese by default, areas made through the service,
concerns read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lastmile.concerns import services as concern_services
from lastmile.concerns.choices import Channel, Kind
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor

MODELS = [
    "orgs/area",
    "orgs/unit",
    "orgs/person",
    "orgs/household",
    "concerns/category",
    "concerns/dispatchrule",
    "concerns/deadlinerule",
    "concerns/concern",
]


@pytest.fixture
def admin_client(client, world):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(admin_client, model):
    app, name = model.split("/")
    response = admin_client.get(reverse(f"admin:{app}_{name}_changelist"))
    assert response.status_code == 200


def test_admin_is_chinese_by_default(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "站点管理" in page  # Django's own "Site administration" in zh-hans


def test_area_created_through_the_service_keeps_the_path(admin_client, world):
    street = world.areas["street"]
    response = admin_client.post(
        reverse("admin:orgs_area_add"),
        {"name": "新建社区", "code": "NEWC", "level": "community", "parent": street.pk},
    )
    assert response.status_code == 302
    area = Area.objects.get(code="NEWC")
    assert area.path == f"{street.path}{area.pk}/"


def test_area_with_wrong_level_is_a_form_error(admin_client, world):
    response = admin_client.post(
        reverse("admin:orgs_area_add"),
        {"name": "错层网格", "code": "BADG", "level": "grid", "parent": world.areas["street"].pk},
    )
    assert response.status_code == 200
    assert not Area.objects.filter(code="BADG").exists()


def test_area_place_in_tree_is_read_only(admin_client, world):
    area = world.areas["c1"]
    page = admin_client.get(reverse("admin:orgs_area_change", args=[area.pk])).content.decode()
    assert 'name="parent"' not in page and 'name="level"' not in page


def test_person_has_membership_inline(admin_client, world):
    person = world.people["handler"]
    page = admin_client.get(reverse("admin:orgs_person_change", args=[person.pk])).content.decode()
    assert "memberships-TOTAL_FORMS" in page


def test_dispatch_rule_uses_autocomplete(admin_client):
    page = admin_client.get(reverse("admin:concerns_dispatchrule_add")).content.decode()
    assert "admin-autocomplete" in page


def test_concern_is_read_only(admin_client, world):
    concern = concern_services.concern_submit(
        actor=Actor(user_id=None, label="anonymous"),
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        text="路灯坏了好几天",
        area=world.areas["c1g1"],
    ).concern
    assert admin_client.get(reverse("admin:concerns_concern_add")).status_code == 403
    url = reverse("admin:concerns_concern_change", args=[concern.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert admin_client.post(url, {"status": "closed"}).status_code == 403
    delete = reverse("admin:concerns_concern_delete", args=[concern.pk])
    assert admin_client.get(delete).status_code == 403


def test_admin_edits_are_audited_with_field_names_only(admin_client, world):
    from lastmile.core import audit
    from lastmile.core.models import AuditEvent

    unit = world.units["housing"]
    url = reverse("admin:orgs_unit_change", args=[unit.pk])
    response = admin_client.post(
        url,
        {
            "name": "区住房和城乡建设局",
            "code": unit.code,
            "kind": unit.kind,
            "area": unit.area_id,
            "parent": unit.parent_id or "",
            "phone": "0731-1234567",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="admin.changed", object_type="orgs.unit").get()
    assert event.object_id == str(unit.pk)
    assert event.data == {"fields": ["name", "phone"]}
    assert "0731-1234567" not in str(event.data)
    assert audit.verify().ok


def test_editing_a_boundary_revalidates_it_and_moves_the_centre(admin_client, world):
    grid = world.areas["c1g1"]
    url = reverse("admin:orgs_area_change", args=[grid.pk])
    bad = admin_client.post(url, {"name": grid.name, "polygon": "[[1, 1], [2, 2]]"})
    assert bad.status_code == 200  # the form comes back with the error
    good = admin_client.post(
        url, {"name": grid.name, "polygon": "[[113, 28], [113.02, 28], [113.02, 28.02], [113, 28]]"}
    )
    assert good.status_code == 302
    grid.refresh_from_db()
    assert grid.centre_lng is not None and abs(grid.centre_lng - 113.0133) < 0.001
