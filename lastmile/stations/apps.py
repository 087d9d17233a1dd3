from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lastmile.stations"
    verbose_name = _("Service centres and stations")

    def ready(self) -> None:
        # The home page's "nearest station" panel, and this app's notification templates.
        from lastmile.concerns import hooks
        from lastmile.stations import notices, panel

        hooks.register_panel("home", panel.home_panel, order=20)
        notices.register_templates()
        _desk_links()


def _desk_links() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link, staff_only

    register_desk_link(
        DeskLink(
            label=_("Stations desk"),
            url="stations:desk",
            description=_("Duty and check-in, rosters, missed duty, village agents' requests."),
            order=50,
            visible=staff_only,
        )
    )
