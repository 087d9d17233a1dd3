"""The wishes panel on the resident home page (registered into ``concerns.hooks``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from lastmile.wishes import presenters, selectors


def home_panel(request: Any, **_context: Any) -> str | None:
    wishes = [presenters.public_wish(w) for w in selectors.wall_qs()[:3]]
    return render_to_string(
        "wishes/panels/home.html",
        {"wishes": wishes, "open": selectors.open_count()},
        request=request,
    )
