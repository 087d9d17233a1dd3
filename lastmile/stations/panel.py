"""The home page's panel (registered in ``StationsConfig.ready``): the nearest station — by
``?lat=&lng=`` when given, else the first service centre — its hours today, open or closed now,
and who is on duty."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from lastmile.stations.selectors import public


def home_panel(request: Any, **_context: Any) -> str | None:
    point = public.parse_point(request.GET.get("lat"), request.GET.get("lng"))
    card = public.nearest_card(point=point)
    if card is None:
        return None
    return render_to_string(
        "stations/public/_home_panel.html", {"c": card, "point": point}, request=request
    )
