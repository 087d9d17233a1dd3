"""This app's message templates (registered at start-up)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lastmile.notify.messages import register_template


def register() -> None:
    register_template(
        "privacy_erasure_done",
        _("Your deletion request was approved"),
        _(
            "Your name, phone and address have been removed from the platform. Your concerns' "
            "texts stay without your identity, and your login is closed."
        ),
    )
    register_template(
        "privacy_erasure_refused",
        _("Your deletion request was refused"),
        _("Your deletion request was refused: %(reason)s"),
    )
