from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinConfig(AppConfig):
    name = "lastmile.bulletin"
    verbose_name = _("Notices, policies and the message board")

    def ready(self) -> None:
        from lastmile.bulletin import panels
        from lastmile.concerns.hooks import register_panel
        from lastmile.notify.messages import register_template

        register_template(
            "notice_published",
            _("New notice"),
            _("%(unit)s published “%(title)s”. Read it at %(url)s"),
            ("title", "unit"),
        )
        register_panel("home", panels.home_panel, order=60)
        _desk_links()


def _desk_links() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link, staff_only

    register_desk_link(
        DeskLink(
            label=_("Notices at the desk"),
            url="notices:desk",
            description=_("Write, schedule, publish and withdraw notices and policies."),
            order=60,
            visible=staff_only,
        )
    )
    register_desk_link(
        DeskLink(
            label=_("Message board queue"),
            url="messages:desk",
            description=_("Reply to residents, moderate, turn posts into concerns."),
            order=61,
            visible=staff_only,
        )
    )
