from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "lastmile.outreach"
    verbose_name = _("Household links and visit logs")

    def ready(self) -> None:
        # The tracking page names the household's contact cadre; the 民情分析会 briefing gets
        # the visit-log highlights. Both through small registries of the lower apps.
        from lastmile.concerns import hooks
        from lastmile.insight.briefing.extra import register_section
        from lastmile.outreach.briefing import visit_highlights
        from lastmile.outreach.panels import track_contact_panel

        hooks.register_panel("track", track_contact_panel)
        register_section(visit_highlights)
        _desk_links()


def _desk_links() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link

    register_desk_link(
        DeskLink(
            label=_("My households"),
            url="outreach:mine",
            description=_("Linked households, visit logs, coverage and monthly visit counts."),
            order=40,
            visible=lambda actor: (
                actor.is_staff_member
                or (actor.person is not None and actor.person.posts.filter(is_active=True).exists())
            ),
        )
    )
