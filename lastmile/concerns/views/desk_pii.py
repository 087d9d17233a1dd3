"""Logging the staff's view of a resident's unmasked contact details on the concern page."""

from __future__ import annotations

from django.http import HttpRequest

from lastmile.concerns.models import Concern
from lastmile.core.pii import log_pii_access
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

CONTACT_FIELDS = ("resident_name", "resident_phone", "address")


def log_contact_view(request: HttpRequest, actor: Actor, concern: Concern) -> None:
    """The page shows the resident's name, phone and address unmasked: log who saw them."""
    shown = [name for name in CONTACT_FIELDS if getattr(concern, name)]
    if not shown:
        return
    person_id = None
    if concern.resident_user_id:
        person_id = (
            Person.objects.filter(user_id=concern.resident_user_id)
            .values_list("pk", flat=True)
            .first()
        )
    log_pii_access(
        actor=actor,
        subject_type="concern",
        subject_id=concern.pk,
        subject_label=concern.code,
        person_id=person_id,
        fields=shown,
        purpose=f"处理诉求 {concern.code}",
        request=request,
        area=concern.area,
    )
