"""The rule table in the admin: editable, every change audited; deeds and the ledger read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lastmile.core.models import AuditEvent
from lastmile.merits.models import RuleItem
from lastmile.merits.tests.conftest import Rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, db: object) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123")
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["rulecategory", "ruleitem", "deed", "pointsentry"])
def test_changelists_open(admin_client: Client, name: str) -> None:
    assert admin_client.get(reverse(f"admin:merits_{name}_changelist")).status_code == 200


def test_a_rule_change_is_audited(admin_client: Client, rules: Rules) -> None:
    item = rules.helping
    response = admin_client.post(
        reverse("admin:merits_ruleitem_change", args=[item.pk]),
        {
            "category": item.category_id,
            "name": item.name,
            "unit": item.unit,
            "points": 15,
            "description": "",
            "order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert RuleItem.objects.get(pk=item.pk).points == 15
    event = AuditEvent.objects.get(verb="admin.changed", object_type="merits.ruleitem")
    assert event.data == {"fields": ["points"]}


def test_ledger_is_read_only_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:merits_pointsentry_add")).status_code == 403
