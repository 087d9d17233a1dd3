"""This feature's message template and desk link (registered from ``ScoresConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lastmile.notify.messages import register_template


def register() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link

    register_desk_link(
        DeskLink(
            label=_("Democratic evaluation rounds"),
            url="scores:evaluation:desk_rounds",
            description=_("民主评议: open a round, see each cadre's results."),
            order=85,
            visible=lambda actor: actor.has_role("supervisor", "admin"),
        )
    )
    register_template(
        "evaluation_round_open",
        _("Evaluate your cadres: %(title)s"),
        _(
            "The democratic evaluation of the cadres of %(area)s for %(title)s is open. Tell us "
            "how satisfied you are: it takes a minute, and your name is never shown."
        ),
        ("title", "area"),
    )
