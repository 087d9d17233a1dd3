from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lastmile.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from lastmile.concerns.hooks import DeskLink, register_desk_link
        from lastmile.privacy import notifications

        notifications.register()
        register_desk_link(
            DeskLink(
                label=_("Deletion requests"),
                url="privacy:desk",
                description=_(
                    "Residents asking for their identity to be removed: approve or refuse."
                ),
                order=90,
                visible=lambda actor: actor.has_role("admin"),
            )
        )
