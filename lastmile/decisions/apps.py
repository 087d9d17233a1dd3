from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "lastmile.decisions"
    verbose_name = _("Four deliberations, two disclosures")

    def ready(self) -> None:
        from lastmile.concerns.hooks import DeskLink, register_desk_link, staff_only

        register_desk_link(
            DeskLink(
                label=_("Decision process"),
                url="decisions:desk",
                description=_("Matters through the statutory steps: meetings, votes, notices."),
                order=30,
                visible=staff_only,
            )
        )
