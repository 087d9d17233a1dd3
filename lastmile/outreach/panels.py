"""The tracking page's panel (``concerns.hooks`` slot "track"): the household's contact cadre —
name, post and the public phone of their unit. Never anything about the household."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from lastmile.outreach.selectors.cadres import public_contact


def track_contact_panel(request: Any, *, concern: Any = None, **_context: Any) -> str | None:
    household_id = getattr(concern, "household_id", None)
    if not household_id:
        return None
    contact = public_contact(household_id)
    if contact is None:
        return None
    return render_to_string(
        "outreach/panels/track_contact.html", {"contact": contact}, request=request
    )
