"""Manual 催办 and 通报 by a supervisor: permission-checked, audited, notified, once per round."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lastmile.concerns import services
from lastmile.concerns.choices import EscalationLevel, Status
from lastmile.concerns.models import Escalation
from lastmile.concerns.testing import fresh, reach
from lastmile.core.errors import Conflict, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification

pytestmark = pytest.mark.django_db


def _events(concern, verb):
    return AuditEvent.objects.filter(object_id=str(concern.pk), verb=verb)


def test_urge_once_per_round_audited_and_notified(world):
    concern = reach(world, Status.IN_PROGRESS)
    services.concern_urge(actor=world.actor("supervisor"), concern=concern, note="请本周内办结")
    assert fresh(concern).escalation == EscalationLevel.URGE
    [step] = Escalation.objects.filter(concern=concern)
    assert step.level == EscalationLevel.URGE and step.unit == world.units["housing"]
    [event] = _events(concern, "concern.escalated.urge")
    assert event.data["manual"] is True and event.actor_label == world.people["supervisor"].name
    told = set(
        Notification.objects.filter(template="concern_urged").values_list(
            "recipient_user", flat=True
        )
    )
    assert told == {world.people["handler"].user_id, world.people["leader"].user_id}
    with pytest.raises(Conflict):
        services.concern_urge(actor=world.actor("supervisor"), concern=concern)
    assert Escalation.objects.filter(concern=concern).count() == 1
    assert _events(concern, "concern.escalated.urge").count() == 1


def test_circulate_once_to_the_supervising_level(world):
    concern = reach(world, Status.SIGNED)
    services.concern_circulate(actor=world.actor("supervisor"), concern=concern)
    [step] = Escalation.objects.filter(concern=concern)
    assert step.level == EscalationLevel.CIRCULAR
    assert step.unit == world.units["district_gov"]  # the housing bureau's superior
    assert Notification.objects.filter(template="concern_circulated").exists()
    with pytest.raises(Conflict):
        services.concern_circulate(actor=world.actor("supervisor"), concern=concern)
    with pytest.raises(Conflict):  # no urge after a circular in the same round
        services.concern_urge(actor=world.actor("supervisor"), concern=concern)


def test_the_sweep_and_a_person_share_the_once_per_round_rule(world):
    concern = reach(world, Status.IN_PROGRESS)
    services.concern_urge(actor=world.actor("supervisor"), concern=concern)
    from lastmile.concerns.services.escalation import _escalate

    assert _escalate(fresh(concern), EscalationLevel.URGE, None, concern.updated_at) is False


@pytest.mark.parametrize("who", ["handler", "leader", "dispatcher", "gridder", "outsider"])
def test_only_a_supervisor_in_scope_can_urge_or_circulate(world, who):
    concern = reach(world, Status.IN_PROGRESS)
    for action in (services.concern_urge, services.concern_circulate):
        with pytest.raises(NotPermitted):
            action(actor=world.actor(who), concern=concern)
    assert not Escalation.objects.filter(concern=concern).exists()


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.REPLIED, Status.CLOSED])
def test_only_work_in_hand_can_be_urged(world, status):
    concern = reach(world, status)
    with pytest.raises(TransitionNotAllowed):
        services.concern_urge(actor=world.actor("supervisor"), concern=concern)


# ---- the supervise page --------------------------------------------------------------------


def _overdue(world):
    concern = reach(world, Status.IN_PROGRESS)
    from lastmile.concerns.models import Concern
    from lastmile.concerns.testing import aware

    Concern.objects.filter(pk=concern.pk).update(resolve_due=aware(2020, 1, 2, 9))
    return concern


def test_the_board_shows_buttons_to_a_supervisor_and_urges_on_post(client, world):
    concern = _overdue(world)
    client.force_login(world.people["supervisor"].user)
    page = client.get(reverse("concerns:desk_supervise")).content.decode()
    assert (
        concern.code in page and 'data-action="urge"' in page and 'data-action="circulate"' in page
    )
    response = client.post(
        reverse("concerns:desk_supervise"), {"code": concern.code, "action": "urge"}
    )
    assert response.status_code == 302
    assert fresh(concern).escalation == EscalationLevel.URGE
    page = client.get(reverse("concerns:desk_supervise")).content.decode()
    assert 'data-action="urge"' not in page and 'id="escalations"' in page
    client.post(reverse("concerns:desk_supervise"), {"code": concern.code, "action": "urge"})
    assert Escalation.objects.filter(concern=concern).count() == 1


def test_the_board_has_no_buttons_for_people_without_scope(client, world):
    _overdue(world)
    client.force_login(world.people["leader"].user)
    page = client.get(reverse("concerns:desk_supervise")).content.decode()
    assert 'data-action="urge"' not in page


def test_posting_from_outside_the_scope_is_404(client, world):
    concern = _overdue(world)
    client.force_login(world.people["c2_handler"].user)  # staff, but not over this concern
    response = client.post(
        reverse("concerns:desk_supervise"), {"code": concern.code, "action": "urge"}
    )
    assert response.status_code == 404
    assert not Escalation.objects.filter(concern=concern).exists()


def test_people_without_a_staff_role_are_refused_the_board(client, world):
    concern = _overdue(world)
    client.force_login(world.people["outsider"].user)
    response = client.post(
        reverse("concerns:desk_supervise"), {"code": concern.code, "action": "urge"}
    )
    assert response.status_code == 403
    assert "只有工作人员可以使用此页面" in response.content.decode()
    assert not Escalation.objects.filter(concern=concern).exists()


def test_the_board_lists_overdue_ledger_items_when_the_ledger_exists(client, world):
    client.force_login(world.people["supervisor"].user)
    page = client.get(reverse("concerns:desk_supervise")).content.decode()
    assert 'id="ledger-overdue"' in page
