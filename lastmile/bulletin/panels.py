"""The home page panel: the three latest public notices, with links to the lists."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lastmile.bulletin.selectors import latest_public


def home_panel(request: HttpRequest) -> str | None:
    return render_to_string(
        "bulletin/_home_panel.html", {"notices": latest_public(3)}, request=request
    )
