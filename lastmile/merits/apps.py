from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeritsConfig(AppConfig):
    name = "lastmile.merits"
    verbose_name = _("Good deeds and points")

    def ready(self) -> None:
        from lastmile.merits import notifications

        notifications.register()
        _desk_links()


def _desk_links() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link, staff_only

    register_desk_link(
        DeskLink(
            label=_("Good deeds and points"),
            url="merits:desk",
            description=_("Review deeds, the merit shop counter, tallies and model stories."),
            order=20,
            visible=staff_only,
        )
    )
