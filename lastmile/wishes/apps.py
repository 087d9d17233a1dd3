from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "lastmile.wishes"
    verbose_name = _("Micro-wishes")

    def ready(self) -> None:
        from lastmile.concerns import hooks
        from lastmile.wishes.notifications import register_templates
        from lastmile.wishes.views.panels import home_panel

        register_templates()
        hooks.register_panel("home", home_panel, order=40)
        _desk_links()


def _desk_links() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link, staff_only

    register_desk_link(
        DeskLink(
            label=_("Micro-wishes"),
            url="wishes:desk",
            description=_("Collect, verify and publish wishes; rounds and their statistics."),
            order=10,
            visible=staff_only,
        )
    )
